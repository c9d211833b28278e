import type { StackService } from './types';

/** Managed PostgreSQL with IAM / workload identity sign-in, private, TLS only. */
export const postgres: StackService = {
  id: 'postgres',
  enabledByDefault: true,
  capability: 'database',
  resource: {
    name: 'database',
    type: 'database',
    tag: 'postgresql',
    noun: 'database',
  },
  label: 'PostgreSQL',
  summary: 'PostgreSQL',
  products: {
    aws: { name: 'Amazon RDS for PostgreSQL', priced: 'RDS for PostgreSQL' },
    gcp: {
      name: 'Cloud SQL for PostgreSQL',
      priced: 'Cloud SQL for PostgreSQL Enterprise',
    },
    azure: {
      name: 'Azure Database for PostgreSQL flexible server',
      priced: 'Azure Database for PostgreSQL Flexible Server',
    },
  },
  diagram: {
    node: 'database',
    shape: 'store',
    inNetwork: true,
    edge: { from: 'app', to: 'self', label: 'TLS', dashed: false },
  },
  costCategory: 'database',
  costLabel: 'Database',
};
