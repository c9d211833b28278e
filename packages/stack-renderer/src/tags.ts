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
