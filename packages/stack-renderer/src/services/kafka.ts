import { localHealthcheck } from './localService';
import type { StackService } from './types';

/** Kafka 3.8, as MSK runs it (3.8.x). */
const LOCAL_IMAGE = 'apache/kafka:3.8.1';

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
  // One KRaft node (broker and controller): no ZooKeeper, as MSK 3.8 and Managed Kafka run it.
  local: {
    description: `Apache Kafka 3.8 (\`${LOCAL_IMAGE}\`), one node in KRaft mode, plaintext`,
    services: {
      kafka: {
        image: LOCAL_IMAGE,
        environment: {
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          // INTERNAL for the stack (kafka:9092), HOST for tools on this machine (localhost:29092).
          KAFKA_LISTENERS: 'INTERNAL://:9092,CONTROLLER://:9093,HOST://:29092',
          KAFKA_ADVERTISED_LISTENERS: `INTERNAL://kafka:9092,HOST://localhost:\${KAFKA_PORT:-29092}`,
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
            'INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:PLAINTEXT',
          KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
          KAFKA_LOG_DIRS: '/var/lib/kafka/data',
        },
        ports: [`127.0.0.1:\${KAFKA_PORT:-29092}:29092`],
        volumes: ['kafka-data:/var/lib/kafka/data'],
        healthcheck: localHealthcheck(
          [
            'CMD-SHELL',
            '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null',
          ],
          '30s',
        ),
      },
    },
    dependsOn: { kafka: 'service_healthy' },
    appVariables: { KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092' },
    localVariables: { KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT' },
    env: [
      {
        name: 'KAFKA_PORT',
        example: '29092',
        comment:
          'Port of the Kafka listener for tools on this machine (localhost).',
      },
    ],
    volumes: ['kafka-data'],
  },
};
