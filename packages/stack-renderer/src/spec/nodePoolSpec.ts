import { z } from 'zod';
import { PRICE_TABLE } from '../cost/priceTable';
import type { Cloud } from './regions';

/** Purchase options of a custom node pool. */
const NODE_POOL_CAPACITIES = ['on-demand', 'spot'] as const;

/** Root-volume types of a custom node pool, named as EBS names them. */
const NODE_POOL_DISK_TYPES = ['gp3', 'io2'] as const;

/** Effects a node pool taint may have. */
const KUBERNETES_TAINT_EFFECTS = [
  'NoSchedule',
  'PreferNoSchedule',
  'NoExecute',
] as const;

/**
 * The pool the application's pods select (`skyforge.io/pool`); a stack with custom pools names one.
 *
 * @public
 */
export const APPLICATION_POOL = 'application';

// A Kubernetes label name (the part after an optional DNS prefix) and value.
const LABEL_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const TAINT = /^([^=:\s]+)=([^=:\s]*):(\w+)$/;

/**
 * A node pool taint: `key=value:Effect`, as `kubectl taint` writes it.
 *
 * @public
 */
export interface NodePoolTaint {
  key: string;
  value: string;
  effect: (typeof KUBERNETES_TAINT_EFFECTS)[number];
}

/** Taint effects as the EKS and GKE APIs spell them. */
export const TAINT_EFFECTS: Record<NodePoolTaint['effect'], string> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

/** Parses `workload=database:NoSchedule`; undefined when it is not a taint. */
export function parseTaint(text: string): NodePoolTaint | undefined {
  const match = TAINT.exec(text);
  if (!match) return undefined;
  const [, key, value, effect] = match;
  if (!LABEL_NAME.test(key) || !LABEL_VALUE.test(value)) return undefined;
  if (!(KUBERNETES_TAINT_EFFECTS as readonly string[]).includes(effect))
    return undefined;
  return { key, value, effect: effect as NodePoolTaint['effect'] };
}

const instanceType = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/, 'must be a machine type name');

const count = (what: string) =>
  z
    .number()
    .int()
    .min(0, `must be at least 0 (${what})`)
    .max(100, `must be at most 100 (${what})`);

/**
 * One custom node pool of `spec.cluster.nodePools`. Counts are totals across zones; the
 * estimate prices `desired` nodes.
 */
export const nodePoolSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9]{0,11}$/,
        'must be 1 to 12 lowercase letters or digits, starting with a letter (AKS allows no more in a pool name)',
      ),
    instanceTypes: z
      .object({
        aws: z
          .array(instanceType)
          .min(1, 'must name at least one instance type')
          .max(20, 'must name at most 20 instance types'),
        gcp: z
          .array(instanceType)
          .length(
            1,
            'must name exactly one machine type (a GKE node pool has one)',
          ),
        azure: z
          .array(instanceType)
          .length(
            1,
            'must name exactly one VM size (an AKS node pool has one)',
          ),
      })
      .partial()
      .strict(),
    min: count('nodes at the scaling minimum'),
    desired: count('nodes running at rest'),
    max: count('nodes at the scaling maximum').refine(
      value => value >= 1,
      'must be at least 1',
    ),
    capacity: z
      .enum(
        NODE_POOL_CAPACITIES,
        `must be one of ${NODE_POOL_CAPACITIES.join(', ')}`,
      )
      .default('on-demand'),
    diskGb: z
      .number()
      .int()
      .min(20, 'must be at least 20 (GB)')
      .max(16384, 'must be at most 16384 (GB, the largest EBS volume)')
      .default(100),
    diskType: z
      .enum(
        NODE_POOL_DISK_TYPES,
        `must be one of ${NODE_POOL_DISK_TYPES.join(', ')}`,
      )
      .default('gp3'),
    diskIops: z
      .number()
      .int()
      .min(100, 'must be at least 100')
      .max(64000, 'must be at most 64000')
      .optional(),
    diskThroughput: z
      .number()
      .int()
      .min(125, 'must be at least 125 (MiB/s, the gp3 baseline)')
      .max(1000, 'must be at most 1000 (MiB/s, the gp3 maximum)')
      .optional(),
    labels: z
      .record(
        z.string().regex(LABEL_NAME, 'must be a Kubernetes label key'),
        z.string().regex(LABEL_VALUE, 'must be a Kubernetes label value'),
      )
      .default({}),
    taints: z
      .array(
        z
          .string()
          .refine(
            text => parseTaint(text) !== undefined,
            `must be a taint "key=value:Effect" with Effect one of ${KUBERNETES_TAINT_EFFECTS.join(
              ', ',
            )}`,
          ),
      )
      .max(10, 'must list at most 10 taints')
      .default([]),
  })
  .strict();

/**
 * A custom node pool as written in a StackSpec, defaults filled in.
 *
 * @public
 */
export type NodePoolSpec = z.output<typeof nodePoolSchema>;

type Issue = { path: PropertyKey[]; message: string };

/** Rules between a pool's fields, and between the pools and the stack's clouds and regions. */
function poolIssues(options: {
  pool: NodePoolSpec;
  path: PropertyKey[];
  clouds: readonly Cloud[];
  regions: Partial<Record<Cloud, string>>;
}): Issue[] {
  const { pool, path, clouds, regions } = options;
  const issues: Issue[] = [];
  const add = (field: PropertyKey[], message: string) =>
    issues.push({ path: [...path, ...field], message });
  if (pool.min > pool.desired)
    add(['desired'], `must be at least min (${pool.min})`);
  if (pool.desired > pool.max)
    add(['max'], `must be at least desired (${pool.desired})`);
  if (pool.diskType === 'gp3') {
    if (pool.diskIops !== undefined && pool.diskIops < 3000)
      add(['diskIops'], 'must be at least 3000 for gp3 (its baseline)');
    if (pool.diskIops !== undefined && pool.diskIops > 16000)
      add(['diskIops'], 'must be at most 16000 for gp3');
    const iops = pool.diskIops ?? 3000;
    if (pool.diskThroughput !== undefined && pool.diskThroughput > iops / 4)
      add(
        ['diskThroughput'],
        `must be at most diskIops / 4 for gp3 (${
          iops / 4
        } MiB/s at ${iops} IOPS)`,
      );
  } else {
    if (pool.diskIops === undefined)
      add(['diskIops'], 'is required for io2 (provisioned IOPS)');
    if (pool.diskThroughput !== undefined)
      add(
        ['diskThroughput'],
        'applies to gp3 only (io2 throughput follows its IOPS)',
      );
  }
  if (pool.name === APPLICATION_POOL && pool.desired < 1)
    add(
      ['desired'],
      `must be at least 1 for the ${APPLICATION_POOL} pool: an EKS managed node group holds its desired count (no autoscaler adds nodes), so its pods would stay Pending`,
    );
  for (const [index, text] of pool.taints.entries()) {
    const taint = parseTaint(text);
    if (
      pool.name === APPLICATION_POOL &&
      taint &&
      taint.effect !== 'PreferNoSchedule'
    )
      add(
        ['taints', index],
        `must not keep pods off the ${APPLICATION_POOL} pool: the application does not tolerate it`,
      );
  }
  for (const cloud of clouds) {
    const types = pool.instanceTypes[cloud];
    if (types === undefined) {
      add(
        ['instanceTypes', cloud],
        `is required because clouds includes ${cloud}`,
      );
      continue;
    }
    const region = regions[cloud];
    const machines = region
      ? PRICE_TABLE[cloud].regions[region]?.machines
      : undefined;
    for (const [index, type] of types.entries()) {
      if (machines && machines[type] === undefined)
        add(
          ['instanceTypes', cloud, index],
          `"${type}" has no list price in Skyforge's price table for ${region} (one of ${Object.keys(
            machines,
          ).join(', ')})`,
        );
    }
  }
  for (const cloud of Object.keys(pool.instanceTypes) as Cloud[]) {
    if (!clouds.includes(cloud))
      add(
        ['instanceTypes', cloud],
        `is set but clouds does not include ${cloud}`,
      );
  }
  return issues;
}

/**
 * The pool that becomes the AKS cluster's default (system-mode) node pool: AKS needs one, and runs
 * it with only_critical_addons_enabled (its CriticalAddonsOnly taint).
 *
 * @public
 */
export const SYSTEM_POOL = 'system';

/**
 * AKS rules: the `system` pool becomes the cluster's default node pool, which AKS refuses to run
 * on Spot VMs, keeps at one node or more, and taints CriticalAddonsOnly itself (the default node
 * pool takes no other taints).
 */
function azureIssues(
  nodePools: readonly NodePoolSpec[],
  base: PropertyKey[],
): Issue[] {
  const index = nodePools.findIndex(pool => pool.name === SYSTEM_POOL);
  if (index < 0)
    return [
      {
        path: base,
        message: `must include a pool named "${SYSTEM_POOL}" because clouds includes azure: it becomes the AKS default (system) node pool`,
      },
    ];
  const pool = nodePools[index];
  const path = [...base, index];
  const issues: Issue[] = [];
  if (pool.capacity === 'spot')
    issues.push({
      path: [...path, 'capacity'],
      message: `must be on-demand for the ${SYSTEM_POOL} pool on azure: an AKS system node pool cannot run on Spot VMs`,
    });
  if (pool.min < 1)
    issues.push({
      path: [...path, 'min'],
      message: `must be at least 1 for the ${SYSTEM_POOL} pool on azure: the AKS system node pool runs the cluster's critical add-ons`,
    });
  if (pool.taints.length > 0)
    issues.push({
      path: [...path, 'taints'],
      message: `must be empty for the ${SYSTEM_POOL} pool on azure: AKS taints its system node pool CriticalAddonsOnly=true:NoSchedule itself and takes no other taints there`,
    });
  return issues;
}

/**
 * The rules of `spec.cluster.nodePools`: unique names, one pool named `application` (where the
 * application runs), each pool consistent in itself and sized for every chosen cloud, and on
 * Azure a `system` pool for the AKS default node pool.
 */
export function nodePoolIssues(options: {
  nodePools: readonly NodePoolSpec[] | undefined;
  clouds: readonly Cloud[];
  regions: Partial<Record<Cloud, string>>;
}): Issue[] {
  const { nodePools, clouds, regions } = options;
  if (nodePools === undefined) return [];
  const base = ['spec', 'cluster', 'nodePools'];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  for (const [index, pool] of nodePools.entries()) {
    if (seen.has(pool.name))
      issues.push({
        path: [...base, index, 'name'],
        message: `must be unique: another pool is named "${pool.name}"`,
      });
    seen.add(pool.name);
    issues.push(
      ...poolIssues({ pool, path: [...base, index], clouds, regions }),
    );
  }
  if (clouds.includes('azure')) issues.push(...azureIssues(nodePools, base));
  if (!seen.has(APPLICATION_POOL)) {
    issues.push({
      path: base,
      message: `must include a pool named "${APPLICATION_POOL}": the application's pods select it`,
    });
  }
  return issues;
}
