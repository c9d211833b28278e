import { ENVIRONMENTS, type Environment } from '../spec/profiles';
import { CLOUDS } from '../spec/regions';
import { parseStackSpec, type StackSpecInput } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { estimateCost } from './estimateCost';
import type { CostEstimate, CostLineItem } from './types';

type Spec = StackSpecInput['spec'];

/** The three-cloud example with selected spec fields replaced. */
function specWith(changes: Partial<Spec>) {
  const base = exampleSpecs['all-clouds-gpu'];
  return parseStackSpec({
    ...base,
    spec: { ...base.spec, overrides: {}, ...changes },
  });
}

const cents = (amount: number) => Math.round(amount * 100);

function total(
  estimate: CostEstimate,
  cloud: string,
  environment: string,
): number {
  const found = estimate.totals.byCloudEnvironment.find(
    item => item.cloud === cloud && item.environment === environment,
  );
  if (!found) throw new Error(`no total for ${cloud} ${environment}`);
  return found.monthly;
}

function lines(
  estimate: CostEstimate,
  filter: Partial<CostLineItem>,
): CostLineItem[] {
  return estimate.lineItems.filter(line =>
    Object.entries(filter).every(
      ([key, value]) => line[key as keyof CostLineItem] === value,
    ),
  );
}

describe('estimateCost totals', () => {
  it.each(Object.keys(exampleSpecs))(
    '%s: lines add up to every total, to the cent',
    name => {
      const estimate = estimateCost(parseStackSpec(exampleSpecs[name]));
      const sum = (items: CostLineItem[]) =>
        items.reduce((acc, item) => acc + cents(item.monthly), 0);
      for (const item of estimate.lineItems) {
        // Each line is its quantity times its unit price, rounded to the cent.
        expect(cents(item.monthly)).toBe(
          Math.round(item.quantity * item.unitPrice * 100),
        );
        expect(item.monthly).toBe(cents(item.monthly) / 100);
      }
      for (const item of estimate.totals.byCloudEnvironment) {
        expect(cents(item.monthly)).toBe(
          sum(
            lines(estimate, {
              cloud: item.cloud,
              environment: item.environment,
            }),
          ),
        );
      }
      for (const item of estimate.totals.byEnvironment) {
        expect(cents(item.monthly)).toBe(
          sum(lines(estimate, { environment: item.environment })),
        );
      }
      for (const item of estimate.totals.byCloud) {
        expect(cents(item.monthly)).toBe(
          sum(lines(estimate, { cloud: item.cloud })),
        );
      }
      expect(cents(estimate.totals.overall)).toBe(sum(estimate.lineItems));
      expect(estimate.totals.overall).toBeGreaterThan(0);
    },
  );

  it('covers exactly the clouds and environments of the spec, in canonical order', () => {
    const estimate = estimateCost(
      parseStackSpec(exampleSpecs['minimal-services']),
    );
    expect(
      estimate.totals.byCloudEnvironment.map(
        item => `${item.cloud}/${item.environment}/${item.region}`,
      ),
    ).toEqual(['gcp/dev/us-central1', 'azure/dev/eastus2']);
    expect(estimate.totals.byEnvironment.map(item => item.environment)).toEqual(
      ['dev'],
    );
    expect(estimate.totals.byCloud.map(item => item.cloud)).toEqual([
      'gcp',
      'azure',
    ]);
    const full = estimateCost(specWith({}));
    expect(
      full.totals.byCloudEnvironment.map(
        item => `${item.cloud}/${item.environment}`,
      ),
    ).toEqual(
      CLOUDS.flatMap(cloud =>
        ENVIRONMENTS.map(environment => `${cloud}/${environment}`),
      ),
    );
  });

  it('states currency, hours, price date and assumptions', () => {
    const estimate = estimateCost(specWith({}));
    expect(estimate.currency).toBe('USD');
    expect(estimate.hoursPerMonth).toBe(730);
    expect(estimate.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(estimate.assumptions.join('\n')).toMatch(/730 hours/);
    expect(estimate.assumptions.join('\n')).toMatch(/GPU pools at zero nodes/);
    expect(estimate.assumptions.join('\n')).toMatch(
      /Spot discount.*AWS 60%, GCP 65%, Azure 65%/,
    );
  });
});

describe('estimateCost behaviour', () => {
  it('spot environments are cheaper than the same environments on-demand', () => {
    const spot = estimateCost(
      specWith({ cluster: { gpu: false, spot: 'all' } }),
    );
    const onDemand = estimateCost(
      specWith({ cluster: { gpu: false, spot: 'none' } }),
    );
    for (const cloud of CLOUDS) {
      for (const environment of ENVIRONMENTS) {
        expect(total(spot, cloud, environment)).toBeLessThan(
          total(onDemand, cloud, environment),
        );
        const [spotPool] = lines(spot, {
          cloud,
          environment,
          category: 'nodes',
        }).filter(line => line.description.startsWith('Application pool'));
        expect(spotPool.description).toMatch(/on spot/);
      }
    }
    // spot: dev puts only dev on spot.
    const devOnly = estimateCost(
      specWith({ cluster: { gpu: false, spot: 'dev' } }),
    );
    expect(total(devOnly, 'aws', 'dev')).toBe(total(spot, 'aws', 'dev'));
    expect(total(devOnly, 'aws', 'staging')).toBe(
      total(onDemand, 'aws', 'staging'),
    );
  });

  it('prod (HA, NAT per zone) costs more than dev of the same size', () => {
    const estimate = estimateCost(
      specWith({ cluster: { gpu: false, spot: 'none' } }),
    );
    for (const cloud of CLOUDS) {
      expect(total(estimate, cloud, 'prod')).toBeGreaterThan(
        total(estimate, cloud, 'dev'),
      );
    }
    const nat = (environment: Environment) =>
      lines(estimate, { cloud: 'aws', environment, category: 'nat' }).find(
        line => line.description.includes('NAT gateway'),
      )!;
    expect(nat('prod').quantity).toBe(3 * 730);
    expect(nat('dev').quantity).toBe(730);
    const database = (environment: Environment) =>
      lines(estimate, { cloud: 'gcp', environment, category: 'database' })[0];
    expect(database('prod').monthly).toBeCloseTo(
      database('dev').monthly * 2,
      1,
    );
    expect(
      lines(estimate, {
        cloud: 'aws',
        environment: 'prod',
        category: 'cache',
      })[0].quantity,
    ).toBe(2 * 730);
    expect(
      lines(estimate, {
        cloud: 'gcp',
        environment: 'prod',
        category: 'cache',
      })[0].description,
    ).toMatch(/STANDARD_HA/);
  });

  it('large costs more than medium, medium more than small', () => {
    const bySize = (['small', 'medium', 'large'] as const).map(size =>
      estimateCost(specWith({ size, cluster: { gpu: false, spot: 'none' } })),
    );
    for (const cloud of CLOUDS) {
      for (const environment of ENVIRONMENTS) {
        const [small, medium, large] = bySize.map(estimate =>
          total(estimate, cloud, environment),
        );
        expect(medium).toBeGreaterThan(small);
        expect(large).toBeGreaterThan(medium);
      }
    }
  });

  it('services that are off have no lines and cost nothing', () => {
    const on = estimateCost(specWith({}));
    const off = estimateCost(
      specWith({
        services: {
          postgres: false,
          redis: false,
          kafka: false,
          objectStorage: false,
          registry: false,
          monitoring: false,
        },
        // Without a registry there is nowhere to push a built image.
        app: { ...exampleSpecs['all-clouds-gpu'].spec.app, build: undefined },
      }),
    );
    for (const category of [
      'database',
      'cache',
      'streaming',
      'object-storage',
      'registry',
      'monitoring',
    ] as const) {
      expect(lines(on, { category }).length).toBeGreaterThan(0);
      expect(lines(off, { category })).toEqual([]);
    }
    // What stays: the cluster, NAT, the AWS VPC endpoints, the ingress load balancer and the platform logs.
    expect(new Set(off.lineItems.map(line => line.category))).toEqual(
      new Set([
        'control-plane',
        'nodes',
        'nat',
        'endpoints',
        'load-balancer',
        'logs',
      ]),
    );
    expect(off.totals.overall).toBeLessThan(on.totals.overall);
    const onlyRedisOff = estimateCost(
      specWith({
        services: {
          postgres: true,
          redis: false,
          kafka: true,
          objectStorage: true,
          registry: true,
          monitoring: true,
        },
      }),
    );
    const cacheCents = lines(on, { category: 'cache' }).reduce(
      (sum, line) => sum + cents(line.monthly),
      0,
    );
    expect(cents(onlyRedisOff.totals.overall)).toBe(
      cents(on.totals.overall) - cacheCents,
    );
  });

  it('GPU on, application off GPUs: a GPU line at zero nodes and a full-scale figure', () => {
    const off = estimateCost(
      specWith({ cluster: { gpu: false, spot: 'dev' } }),
    );
    const on = estimateCost(specWith({ cluster: { gpu: true, spot: 'dev' } }));
    const gpuLines = (estimate: CostEstimate) =>
      estimate.lineItems.filter(line =>
        line.description.startsWith('GPU pool'),
      );
    expect(gpuLines(off)).toEqual([]);
    expect(off.gpuAtFullScale).toEqual([]);
    expect(gpuLines(on)).toHaveLength(CLOUDS.length * ENVIRONMENTS.length);
    for (const line of gpuLines(on)) {
      expect(line.category).toBe('nodes');
      expect(line.quantity).toBe(0);
      expect(line.monthly).toBe(0);
      expect(line.unitPrice).toBeGreaterThan(0);
      expect(line.description).toMatch(/at full scale/);
    }
    expect(on.totals.overall).toBe(off.totals.overall);
    expect(on.gpuAtFullScale).toHaveLength(CLOUDS.length * ENVIRONMENTS.length);
    const gcpDev = on.gpuAtFullScale.find(
      gpu => gpu.cloud === 'gcp' && gpu.environment === 'dev',
    )!;
    expect(gcpDev.monthly).toBe(
      Math.round(gcpDev.maxNodes * 730 * gcpDev.hourlyPerNode * 100) / 100,
    );
    // The small GCP preset attaches a T4 to an N1 machine: both are priced.
    const smallGcp = estimateCost(
      specWith({ size: 'small', cluster: { gpu: true, spot: 'none' } }),
    ).gpuAtFullScale.find(gpu => gpu.cloud === 'gcp')!;
    expect(smallGcp.machineType).toBe('n1-standard-4 + 1 × nvidia-tesla-t4');
    expect(smallGcp.hourlyPerNode).toBeGreaterThan(0.35);
  });

  it('prices the GPUs that the HPA minimum keeps busy when the application runs on GPUs', () => {
    const estimate = estimateCost(
      specWith({
        cluster: { gpu: true, spot: 'none' },
        app: {
          ...exampleSpecs['all-clouds-gpu'].spec.app,
          hpa: { min: 3, max: 12, cpu: 70 },
          gpu: true,
        },
      }),
    );
    for (const cloud of CLOUDS) {
      const [gpuLine] = lines(estimate, {
        cloud,
        environment: 'staging',
      }).filter(line => line.description.startsWith('GPU pool'));
      // Three replicas, one GPU each, one GPU per node of the medium presets.
      expect(gpuLine.quantity).toBe(3 * 730);
      expect(gpuLine.monthly).toBeGreaterThan(1000);
    }
    // On AWS the application pool shrinks to the node that runs the add-ons, and every node pays
    // the Auto Mode fee.
    const aws = lines(estimate, { cloud: 'aws', environment: 'staging' });
    expect(
      aws.find(line => line.description.startsWith('Application pool'))!
        .quantity,
    ).toBe(730);
    expect(
      aws
        .filter(line => line.description.startsWith('EKS Auto Mode'))
        .map(line => line.quantity),
    ).toEqual([730, 3 * 730]);
  });

  it('runs one AWS application node per replica at the HPA minimum, with the Auto Mode fee', () => {
    const estimate = estimateCost(parseStackSpec(exampleSpecs['aws-small']));
    const prod = lines(estimate, { cloud: 'aws', environment: 'prod' });
    const application = prod.find(line =>
      line.description.startsWith('Application pool'),
    )!;
    expect(application.quantity).toBe(3 * 730);
    const fee = prod.find(line =>
      line.description.startsWith('EKS Auto Mode'),
    )!;
    expect(fee.quantity).toBe(application.quantity);
    expect(fee.unitPrice).toBeCloseTo(0.096 * 0.12, 5);
    expect(prod.some(line => line.description.startsWith('System pool'))).toBe(
      false,
    );
    // Five interface endpoints in three zones.
    const endpoints = prod.find(line => line.category === 'endpoints')!;
    expect(endpoints.quantity).toBe(15 * 730);
  });

  it('charges EKS extended support only for a version past standard support', () => {
    const eksOnly = (kubernetesVersion: string) =>
      estimateCost(
        parseStackSpec({
          ...exampleSpecs['aws-small'],
          spec: {
            ...exampleSpecs['aws-small'].spec,
            cluster: { kubernetesVersion, extendedSupport: true },
          },
        }),
      );
    const controlPlane = (estimate: CostEstimate) =>
      lines(estimate, { category: 'control-plane', environment: 'prod' })[0];
    expect(controlPlane(eksOnly('1.34'))).toMatchObject({
      unitPrice: 0.6,
      monthly: 438,
    });
    expect(controlPlane(eksOnly('1.34')).description).toMatch(
      /1\.34 in extended support \(until 2027-12-02\)/,
    );
    expect(controlPlane(eksOnly('1.36'))).toMatchObject({ unitPrice: 0.1 });
    expect(eksOnly('1.36').notes.join('\n')).toMatch(
      /from 2027-08-02 .* \$0\.60/,
    );
  });

  it('prices the AKS Free tier at zero and the Standard tier in prod', () => {
    const estimate = estimateCost(specWith({}));
    const [dev] = lines(estimate, {
      cloud: 'azure',
      environment: 'dev',
      category: 'control-plane',
    });
    const [prod] = lines(estimate, {
      cloud: 'azure',
      environment: 'prod',
      category: 'control-plane',
    });
    expect(dev.monthly).toBe(0);
    expect(dev.description).toMatch(/Free tier/);
    expect(prod.monthly).toBe(73);
    const [eks] = lines(estimate, {
      cloud: 'aws',
      environment: 'dev',
      category: 'control-plane',
    });
    expect(eks.monthly).toBe(73);
  });

  it('compares a USD budget and refuses to convert another currency', () => {
    const usd = estimateCost(
      specWith({ budget: { monthly: 1_000_000, currency: 'USD' } }),
    );
    expect(usd.budget).toEqual({
      monthly: 1_000_000,
      currency: 'USD',
      status: 'within',
    });
    const tight = estimateCost(
      specWith({ budget: { monthly: 100, currency: 'USD' } }),
    );
    expect(tight.budget?.status).toBe('over');
    const eur = estimateCost(parseStackSpec(exampleSpecs['azure-small']));
    expect(eur.budget).toEqual({
      monthly: 1800,
      currency: 'EUR',
      status: 'not-comparable',
    });
    expect(eur.currency).toBe('USD');
    expect(eur.notes.join('\n')).toMatch(/budget is 1800 EUR.*not converted/);
    const none = estimateCost(specWith({ budget: undefined }));
    expect(none.budget).toBeUndefined();
  });

  it('notes derived regional prices and the GKE free tier', () => {
    const estimate = estimateCost(specWith({}));
    const notes = estimate.notes.join('\n');
    expect(notes).toMatch(
      /GCP europe-west4: prices are derived from us-central1 × 1.1/,
    );
    expect(notes).toMatch(
      /Azure northeurope: prices are derived from eastus × 1.1/,
    );
    expect(notes).not.toMatch(/AWS eu-west-1/);
    expect(notes).toMatch(/\$74.40/);
    expect(notes).toMatch(/Spot prices change/);
  });

  it('is deterministic and does not mutate the spec', () => {
    const spec = specWith({});
    const before = JSON.stringify(spec);
    const first = estimateCost(spec);
    expect(JSON.stringify(estimateCost(spec))).toBe(JSON.stringify(first));
    expect(JSON.stringify(spec)).toBe(before);
  });
});

describe('estimateCost alerts on Kubernetes', () => {
  it('prices the alert policies of GKE, and the database alerts of EKS and AKS', () => {
    const estimate = estimateCost(specWith({ services: { postgres: true } }));
    // GKE: the four shared alert rules and the four Cloud SQL alerts, a condition each.
    const gke = lines(estimate, {
      cloud: 'gcp',
      environment: 'prod',
      unit: 'condition-month',
    });
    expect(gke.map(line => [line.quantity, line.monthly])).toEqual([[8, 0.8]]);
    expect(
      lines(estimate, {
        cloud: 'aws',
        environment: 'prod',
        unit: 'alarm metric-month',
      }).map(line => line.description),
    ).toEqual([
      expect.stringContaining('CloudWatch alarms of the RDS database'),
    ]);
    expect(
      lines(estimate, {
        cloud: 'azure',
        environment: 'prod',
        unit: 'rule-month',
      }).map(line => line.description),
    ).toEqual([
      expect.stringContaining('metric alert rules on the PostgreSQL server'),
    ]);
  });

  it('prices no database alerts without a database', () => {
    const estimate = estimateCost(specWith({ services: { postgres: false } }));
    expect(
      lines(estimate, { cloud: 'gcp', unit: 'condition-month' }).map(
        line => line.quantity,
      ),
    ).toEqual([4, 4, 4]);
    expect(
      estimate.lineItems.filter(
        line =>
          line.unit === 'alarm metric-month' || line.unit === 'rule-month',
      ),
    ).toEqual([]);
  });
});
