import { stackService } from './services/stackServices';
import type { ServiceId } from './services/types';
import type { Environment } from './spec/profiles';
import type { StackSpec } from './spec/stackSpec';

/** The attribution tag keys, in the order they are written. */
export const TAG_KEYS = [
  'skyforge-component',
  'skyforge-system',
  'environment',
  'owner',
  'managed-by',
] as const;

/** Lowercases and replaces anything outside `[a-z0-9_-]`, capped at 63 characters (GCP labels). */
export function sanitizeTagValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 63);
}

/** The group name of an owner reference: `group:default/payments` → `payments`. */
export function ownerName(owner: string): string {
  return owner.replace(/^[^:]*:/, '').replace(/^.*\//, '');
}

/** The tags every cloud resource of one environment carries (the attribution contract). */
export function stackTags(options: {
  spec: StackSpec;
  environment: Environment;
}): Record<(typeof TAG_KEYS)[number], string> {
  const { spec, environment } = options;
  return {
    'skyforge-component': sanitizeTagValue(spec.metadata.name),
    'skyforge-system': sanitizeTagValue(
      spec.metadata.system ?? spec.metadata.name,
    ),
    environment,
    owner: sanitizeTagValue(ownerName(spec.metadata.owner)),
    'managed-by': 'terraform',
  };
}

/**
 * The tag whose value names what a resource provides, as the `spec.type` of the catalog Resource
 * that stands for it (`kubernetes-cluster`, `database`, `cache`, `object-storage`,
 * `container-registry`), so that each Resource's cost selector picks its own rows.
 */
export const CAPABILITY_TAG = 'skyforge-capability';

/**
 * The tag that names the cluster a node (and the control plane) belongs to: the name of the
 * cluster's catalog Resource, which is also the Kubernetes backend's name of the cluster. OpenCost
 * sources with the same `cluster` replace these rows, so node cost is counted once.
 */
export const CLUSTER_TAG = 'kubernetes-cluster';

/** The capability tags of the resources behind one catalog Resource (and of a cluster's nodes). */
export function capabilityTags(options: {
  /** The catalog Resource's `spec.type`. */
  type: string;
  /** The cluster's catalog Resource name, for the cluster and its nodes. */
  cluster?: string;
}): Record<string, string> {
  return {
    [CAPABILITY_TAG]: options.type,
    ...(options.cluster !== undefined && {
      [CLUSTER_TAG]: sanitizeTagValue(options.cluster),
    }),
  };
}

/** The capability tag of a service's resources: its catalog Resource's type (none without one). */
export function serviceCapabilityTags(id: ServiceId): Record<string, string> {
  const type = stackService(id).resource?.type;
  return type === undefined ? {} : capabilityTags({ type });
}
