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
};
