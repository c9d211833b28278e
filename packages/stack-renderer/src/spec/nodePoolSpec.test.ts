import { exampleSpecs } from '../testing/exampleSpecs';
import { parseTaint } from './nodePoolSpec';
import { validateStackSpec, type StackSpecInput } from './stackSpec';

const hub = exampleSpecs['analytics-hub'];

/** The analytics hub with its node pools changed by `change`. */
function withPools(
  change: (pools: any[]) => unknown[],
  extra: Partial<StackSpecInput['spec']> = {},
): unknown {
  const copy = JSON.parse(JSON.stringify(hub));
  copy.spec.cluster.nodePools = change(copy.spec.cluster.nodePools);
  Object.assign(copy.spec, extra);
  return copy;
}

function issues(input: unknown): string[] {
  const result = validateStackSpec(input);
  return result.success
    ? []
    : result.issues.map(issue => `${issue.path}: ${issue.message}`);
}

describe('spec.cluster.nodePools', () => {
  it('accepts the analytics hub and fills in the defaults', () => {
    const result = validateStackSpec(
      withPools(pools => [
        ...pools,
        {
          name: 'batch',
          instanceTypes: { aws: ['m5.xlarge'] },
          min: 0,
          desired: 0,
          max: 2,
        },
      ]),
    );
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.spec.spec.cluster.nodePools?.[3]).toEqual({
      name: 'batch',
      instanceTypes: { aws: ['m5.xlarge'] },
      min: 0,
      desired: 0,
      max: 2,
      capacity: 'on-demand',
      diskGb: 100,
      diskType: 'gp3',
      labels: {},
      taints: [],
    });
  });

  it('names the field and the rule of every bad pool', () => {
    expect(
      issues(
        withPools(([system, application, database]) => [
          { ...system, name: 'System-Pool', min: 4 },
          {
            ...application,
            capacity: 'preemptible',
            taints: ['workload=app:NoSchedule'],
          },
          {
            ...database,
            diskIops: 2000,
            diskThroughput: 600,
            taints: ['workload=database'],
          },
          { ...database, instanceTypes: { aws: ['r9z.huge'] } },
        ]),
      ),
    ).toEqual([
      'spec.cluster.nodePools[0].name: must be 1 to 12 lowercase letters or digits, starting with a letter (AKS allows no more in a pool name)',
      'spec.cluster.nodePools[1].capacity: must be one of on-demand, spot',
      'spec.cluster.nodePools[2].taints[0]: must be a taint "key=value:Effect" with Effect one of NoSchedule, PreferNoSchedule, NoExecute',
    ]);
    expect(
      issues(
        withPools(([system, application, database]) => [
          { ...system, min: 4 },
          { ...application, taints: ['workload=app:NoSchedule'] },
          { ...database, diskIops: 2000, diskThroughput: 600 },
          { ...database, instanceTypes: { aws: ['r9z.huge'] } },
        ]),
      ),
    ).toEqual([
      'spec.cluster.nodePools[0].desired: must be at least min (4)',
      'spec.cluster.nodePools[1].taints[0]: must not keep pods off the application pool: the application does not tolerate it',
      'spec.cluster.nodePools[2].diskIops: must be at least 3000 for gp3 (its baseline)',
      'spec.cluster.nodePools[2].diskThroughput: must be at most diskIops / 4 for gp3 (500 MiB/s at 2000 IOPS)',
      'spec.cluster.nodePools[3].name: must be unique: another pool is named "database"',
      expect.stringMatching(
        /^spec\.cluster\.nodePools\[3\]\.instanceTypes\.aws\[0\]: "r9z\.huge" has no list price in Skyforge's price table for us-east-1 \(one of m6i\.large, /,
      ),
    ]);
  });

  it('requires an application pool, io2 IOPS and instance types for every chosen cloud', () => {
    expect(
      issues(
        withPools(([system, , database]) => [
          system,
          {
            ...database,
            diskType: 'io2',
            diskIops: undefined,
            diskThroughput: 250,
          },
        ]),
      ),
    ).toEqual([
      'spec.cluster.nodePools[1].diskIops: is required for io2 (provisioned IOPS)',
      'spec.cluster.nodePools[1].diskThroughput: applies to gp3 only (io2 throughput follows its IOPS)',
      'spec.cluster.nodePools: must include a pool named "application": the application\'s pods select it',
    ]);
    expect(
      issues(
        withPools(pools => pools, {
          clouds: ['aws', 'gcp'],
          regions: { aws: 'us-east-1', gcp: 'us-central1' },
          gcp: { projects: { prod: 'acme-analytics-prod' } },
        }),
      ),
    ).toEqual([
      'spec.cluster.nodePools[0].instanceTypes.gcp: is required because clouds includes gcp',
      'spec.cluster.nodePools[1].instanceTypes.gcp: is required because clouds includes gcp',
      'spec.cluster.nodePools[2].instanceTypes.gcp: is required because clouds includes gcp',
    ]);
  });

  it('on azure, needs an on-demand, untainted system pool of at least one node (the AKS default pool)', () => {
    const azure = {
      clouds: ['aws', 'azure'],
      regions: { aws: 'us-east-1', azure: 'eastus' },
    } as Partial<StackSpecInput['spec']>;
    const sized = (pools: any[]) =>
      pools.map(pool => ({
        ...pool,
        instanceTypes: { ...pool.instanceTypes, azure: ['Standard_D4s_v5'] },
      }));
    expect(issues(withPools(pools => sized(pools), azure))).toEqual([]);
    expect(
      issues(
        withPools(
          ([system, ...rest]) =>
            sized([
              {
                ...system,
                capacity: 'spot',
                min: 0,
                taints: ['dedicated=system:NoSchedule'],
              },
              ...rest,
            ]),
          azure,
        ),
      ),
    ).toEqual([
      'spec.cluster.nodePools[0].capacity: must be on-demand for the system pool on azure: an AKS system node pool cannot run on Spot VMs',
      "spec.cluster.nodePools[0].min: must be at least 1 for the system pool on azure: the AKS system node pool runs the cluster's critical add-ons",
      'spec.cluster.nodePools[0].taints: must be empty for the system pool on azure: AKS taints its system node pool CriticalAddonsOnly=true:NoSchedule itself and takes no other taints there',
    ]);
    expect(issues(withPools(([, ...rest]) => sized(rest), azure))).toEqual([
      'spec.cluster.nodePools: must include a pool named "system" because clouds includes azure: it becomes the AKS default (system) node pool',
    ]);
  });

  it('parses taints as kubectl writes them', () => {
    expect(parseTaint('workload=database:NoSchedule')).toEqual({
      key: 'workload',
      value: 'database',
      effect: 'NoSchedule',
    });
    expect(parseTaint('example.com/dedicated=:NoExecute')).toEqual({
      key: 'example.com/dedicated',
      value: '',
      effect: 'NoExecute',
    });
    expect(parseTaint('workload=database:Never')).toBeUndefined();
    expect(parseTaint('workload:NoSchedule')).toBeUndefined();
  });
});
