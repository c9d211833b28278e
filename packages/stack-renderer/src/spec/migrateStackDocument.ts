import { rendererVersionStatus } from '../version';
import { ENVIRONMENTS } from './profiles';

/** The first renderer that gives every environment and cloud a network block of its own. */
const NETWORK_PLAN_VERSION = '0.3.0';
const DEFAULT_CIDR = '10.40.0.0/16';

type Document = Record<string, unknown>;

const isDocument = (value: unknown): value is Document =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every(item => typeof item === 'string')
    ? value
    : undefined;

/**
 * Brings the StackSpec of a rendered `skyforge.yaml` forward to this renderer without changing
 * what already exists. Renderers before 0.3.0 put every environment and cloud on the one block
 * `spec.network.cidr`; re-rendering such a stack with the per-target address plan would move
 * every network but the first, which replaces VPCs, clusters and databases. So each existing
 * target is pinned to that block in `spec.network.cidrs`, and only environments or clouds added
 * later get blocks of their own. Works on the unvalidated document: anything it does not
 * recognise is left for validation to report.
 */
export function migrateStackDocument(options: {
  stack: unknown;
  rendererVersion: string | undefined;
}): unknown {
  const { stack, rendererVersion } = options;
  if (
    rendererVersion === undefined ||
    rendererVersionStatus(rendererVersion, NETWORK_PLAN_VERSION) !== 'behind' ||
    !isDocument(stack) ||
    !isDocument(stack.spec)
  ) {
    return stack;
  }
  const { spec } = stack;
  const network = isDocument(spec.network) ? spec.network : {};
  const clouds = strings(spec.clouds);
  if (network.cidrs !== undefined || clouds === undefined) return stack;
  const environments = strings(spec.environments) ?? [...ENVIRONMENTS];
  const cidr = typeof network.cidr === 'string' ? network.cidr : DEFAULT_CIDR;
  const cidrs = Object.fromEntries(
    environments.flatMap(environment =>
      clouds.map(cloud => [`${environment}-${cloud}`, cidr]),
    ),
  );
  return {
    ...stack,
    spec: { ...spec, network: { ...network, cidr, cidrs } },
  };
}
