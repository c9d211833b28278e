import { ENVIRONMENTS, type Environment } from './profiles';
import { CLOUDS, type Cloud } from './regions';

/**
 * The address plan of a stack: every environment × cloud gets a /16 of its own, so any two of
 * its networks (and a runner or VPN network of the team) can be peered or routed later without
 * renumbering. Target `i` in the fixed order dev-aws, dev-gcp, dev-azure, staging-aws, … gets
 * the /16 `i` blocks above `spec.network.cidr`; a stack without some clouds or environments
 * leaves their blocks free, so adding one later never moves an existing network.
 * `spec.network.cidrs` pins a target to another block (stacks rendered before the plan existed
 * keep their single shared block that way, see migrateStackDocument).
 */

/** Every slot of the plan, in order: `dev-aws`, `dev-gcp`, …, `prod-azure`. */
export const NETWORK_TARGETS = ENVIRONMENTS.flatMap(environment =>
  CLOUDS.map(cloud => `${environment}-${cloud}` as const),
);

/** `dev-aws`: the key of one target in `spec.network.cidrs`. */
export type NetworkTarget = (typeof NETWORK_TARGETS)[number];

/** The blocks the plan takes above the base. */
export const NETWORK_PLAN_SIZE = NETWORK_TARGETS.length;

/** The /16 `offset` blocks above `base` (`10.40.0.0/16` + 2 = `10.42.0.0/16`). */
export function offsetCidr(base: string, offset: number): string {
  const [first, second] = base.split('.').map(Number);
  return `${first}.${second! + offset}.0.0/16`;
}

/** The network block of one environment of one cloud. */
export function targetCidr(options: {
  network: { cidr: string; cidrs?: Partial<Record<string, string>> };
  environment: Environment;
  cloud: Cloud;
}): string {
  const { network, environment, cloud } = options;
  const key: NetworkTarget = `${environment}-${cloud}`;
  return (
    network.cidrs?.[key] ??
    offsetCidr(network.cidr, NETWORK_TARGETS.indexOf(key))
  );
}
