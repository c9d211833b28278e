import {
  CAPABILITY_TAG,
  CLUSTER_TAG,
  sanitizeTagValue,
  TAG_KEYS,
} from '@skyforge/plugin-skyforge-common';
import { stackService } from './services/stackServices';
import type { ServiceId } from './services/types';
import type { Environment } from './spec/profiles';
import type { StackSpec } from './spec/stackSpec';

// The tag keys and values are the attribution contract's, defined once in skyforge-common.
export {
  CAPABILITY_TAG,
  CLUSTER_TAG,
  sanitizeTagValue,
  TAG_KEYS,
} from '@skyforge/plugin-skyforge-common';

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
