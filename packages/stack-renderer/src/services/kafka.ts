import type { StackService } from './types';

/**
 * Managed Apache Kafka for event streaming, private, TLS only, signed in with the application's
 * workload identity (no passwords or SASL/SCRAM secrets). Off unless a stack asks for it.
 */
export const kafka: StackService = {
  id: 'kafka',
  enabledByDefault: false,
  capability: 'streaming',
  resource: {
    name: 'kafka',
    type: 'kafka-cluster',
    tag: 'kafka',
    noun: 'service',
  },
  label: 'Kafka',
  summary: 'Apache Kafka',
  products: {
    aws: {
      name: 'Amazon MSK (provisioned)',
      priced: 'MSK',
    },
    gcp: {
      name: 'Google Cloud Managed Service for Apache Kafka',
      priced: 'Managed Service for Apache Kafka',
    },
    azure: {
      name: 'Azure Event Hubs (Kafka endpoint)',
      priced: 'Event Hubs',
    },
  },
  diagram: {
    node: 'kafka',
    shape: 'store',
    inNetwork: true,
    edge: { from: 'app', to: 'self', label: 'TLS', dashed: false },
  },
  costCategory: 'streaming',
  costLabel: 'Kafka',
  costAssumption:
    'Kafka runs in every environment at the size preset: three zones (brokers or Managed Kafka compute) whatever the environment profile; priced at the list prices of the reference region of each cloud (× the regional multiplier where a region is derived). Not included: Kafka data transfer between zones, MSK and Managed Kafka long-term storage beyond the broker or local disks, and Event Hubs ingress events ($0.028 per million on Standard).',
};
