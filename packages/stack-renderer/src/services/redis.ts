import type { StackService } from './types';

/** Managed Redis, private, TLS only, with a replica where the environment pays for availability. */
export const redis: StackService = {
  id: 'redis',
  enabledByDefault: true,
  capability: 'cache',
  resource: { name: 'cache', type: 'cache', tag: 'redis', noun: 'cache' },
  label: 'Redis',
  summary: 'Redis',
  products: {
    aws: {
      name: 'Amazon ElastiCache (Redis OSS)',
      priced: 'ElastiCache for Redis',
    },
    gcp: { name: 'Memorystore for Redis', priced: 'Memorystore for Redis' },
    azure: { name: 'Azure Managed Redis', priced: 'Azure Managed Redis' },
  },
  diagram: {
    node: 'cache',
    shape: 'store',
    inNetwork: true,
    edge: { from: 'app', to: 'self', label: 'TLS', dashed: false },
  },
  costCategory: 'cache',
  costLabel: 'Cache',
};
