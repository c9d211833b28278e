import { CLOUDS, REGIONS, type Cloud } from '../spec/regions';
import { SIZES } from '../spec/presets';
import { ENVIRONMENTS, type Environment } from '../spec/profiles';
import { KUBERNETES_VERSIONS } from '../spec/kubernetesVersions';
import { SPOT_POLICIES, type StackSpecInput } from '../spec/stackSpec';

/** A small seeded PRNG (mulberry32), so generated specs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** One project per environment where prod is among them; one shared project otherwise. */
function gcpProjects(
  name: string,
  environments: readonly Environment[],
): { projectId: string } | { projects: Partial<Record<Environment, string>> } {
  if (!environments.includes('prod')) return { projectId: `acme-${name}` };
  return {
    projects: Object.fromEntries(
      environments.map(environment => [
        environment,
        `acme-${name}-${environment}`,
      ]),
    ),
  };
}

/** A random valid StackSpec drawn from the whole space of choices. */
export function randomStackSpec(random: () => number): StackSpecInput {
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(random() * items.length)];
  const subset = <T>(items: readonly T[]): T[] => {
    const chosen = items.filter(() => random() < 0.5);
    return chosen.length > 0 ? chosen : [pick(items)];
  };
  const coin = () => random() < 0.5;
  const clouds = subset(CLOUDS);
  const environments = subset(ENVIRONMENTS);
  const regions: Partial<Record<Cloud, string>> = {};
  for (const cloud of clouds)
    regions[cloud] = pick(Object.keys(REGIONS[cloud]));
  const name = `${pick([
    'api',
    'web',
    'ledger',
    'search',
    'checkout',
  ])}-${Math.floor(random() * 1000)}`;
  const min = 1 + Math.floor(random() * 4);
  const clusterGpu = coin();
  const overrides: Record<string, unknown> = {};
  for (const environment of environments) {
    if (coin()) overrides[environment] = { size: pick(SIZES), gpu: coin() };
  }
  return {
    apiVersion: 'skyforge.io/v1alpha1',
    kind: 'Stack',
    metadata: {
      name,
      owner: `group:default/${pick(['payments', 'platform', 'data'])}`,
      ...(coin() ? { system: `${name}-system` } : {}),
    },
    spec: {
      clouds,
      regions,
      ...(clouds.includes('gcp')
        ? { gcp: gcpProjects(name, environments) }
        : {}),
      environments,
      size: pick(SIZES),
      network: { cidr: `10.${Math.floor(random() * 250)}.0.0/16` },
      cluster: {
        kubernetesVersion: pick(KUBERNETES_VERSIONS),
        gpu: clusterGpu,
        spot: pick(SPOT_POLICIES),
        publicEndpointCidrs: coin() ? [] : ['198.51.100.0/24'],
      },
      services: {
        postgres: coin(),
        redis: coin(),
        objectStorage: coin(),
        registry: coin(),
        monitoring: coin(),
      },
      app: {
        image: `ghcr.io/acme/${name}:1.${Math.floor(random() * 20)}.0`,
        port: pick([3000, 8000, 8080, 9090]),
        hpa: {
          min,
          max: min + Math.floor(random() * 20),
          cpu: pick([50, 60, 70, 80]),
        },
        gpu: clusterGpu && coin(),
        ingress: coin() ? { host: `${name}.example.com`, tls: true } : {},
      },
      ...(coin()
        ? {
            budget: {
              monthly: 500 + Math.floor(random() * 20000),
              currency: pick(['USD', 'EUR'] as const),
            },
          }
        : {}),
      overrides,
    },
  };
}
