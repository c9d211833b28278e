import { attr, blank, block, comment, expr, resource } from '../../../hcl/hcl';
import type { Size } from '../../../spec/presets';
import type { FileTree } from '../../../types';
import { moduleFiles } from '../../common/moduleFiles';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { terraformVariable } from '../../common/terraformVariable';
import {
  gcpModuleBaseArguments,
  gcpModuleBaseVariables,
} from '../gcpModuleBase';
import type { GcpService } from '../gcpService';
import { gcpAppServiceAccountEmail } from '../gcpAppServiceAccount';
import { regionPrices } from '../../../cost/priceLookup';
import { regionalPrice, type ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';

/** The port Managed Service for Apache Kafka serves its (always TLS) SASL listener on. */
export const MANAGED_KAFKA_PORT = 9092;

/** Memory per vCPU: the 4 GiB the service's pricing examples and sizing guide start from. */
const MEMORY_GIB_PER_VCPU = 4;

/** Compute of one Managed Kafka cluster; the service adds local storage (about 100 GB per vCPU) itself. */
export interface ManagedKafkaSize {
  vcpus: number;
  memoryGib: number;
}

const VCPUS: Readonly<Record<Size, number>> = {
  small: 3,
  medium: 6,
  large: 12,
};

/** The cluster compute of a size preset; the Terraform values and the cost estimate both read it. */
export function managedKafkaSize(size: Size): ManagedKafkaSize {
  const vcpus = VCPUS[size];
  return { vcpus, memoryGib: vcpus * MEMORY_GIB_PER_VCPU };
}

/**
 * Managed Service for Apache Kafka, us-central1: $0.09 per Data Compute Unit-hour, where one vCPU
 * is 0.6 DCU and one GiB of RAM 0.1 DCU.
 */
const MANAGED_KAFKA_PRICES = { perVcpuHour: 0.054, perGibHour: 0.009 };

/** Local storage Managed Service for Apache Kafka provisions per vCPU (its pricing page's rough guide). */
const MANAGED_KAFKA_STORAGE_GB_PER_VCPU = 100;

/** Compute, memory and local storage, from the size the tfvars write ({@link managedKafkaSize}). */
const gcpKafkaCost: ServiceCost = {
  source: 'https://cloud.google.com/managed-service-for-apache-kafka/pricing',
  lines: plan => {
    const compute = managedKafkaSize(plan.size);
    const storageGb = compute.vcpus * MANAGED_KAFKA_STORAGE_GB_PER_VCPU;
    return [
      {
        description: `Managed Service for Apache Kafka: ${compute.vcpus} vCPUs`,
        quantity: HOURS_PER_MONTH * compute.vcpus,
        unit: 'vCPU-hour',
        unitPrice: regionalPrice(plan, MANAGED_KAFKA_PRICES.perVcpuHour),
      },
      {
        description: `Managed Service for Apache Kafka: ${compute.memoryGib} GiB memory`,
        quantity: HOURS_PER_MONTH * compute.memoryGib,
        unit: 'GiB-hour',
        unitPrice: regionalPrice(plan, MANAGED_KAFKA_PRICES.perGibHour),
      },
      {
        description: `Managed Kafka local storage (about ${MANAGED_KAFKA_STORAGE_GB_PER_VCPU} GB per vCPU, priced as node disk)`,
        quantity: storageGb,
        unit: 'GB-month',
        unitPrice: regionPrices(plan).nodeDiskPerGbMonth,
      },
    ];
  },
};

function gcpKafkaModule(): FileTree {
  return moduleFiles({
    cloud: 'gcp',
    capability: 'streaming',
    variables: [
      gcpModuleBaseVariables(),
      terraformVariable({
        name: 'subnetwork_id',
        type: 'string',
        description:
          'Subnet the cluster puts its Private Service Connect endpoints in (the node subnet).',
      }),
      terraformVariable({
        name: 'vcpu_count',
        type: 'number',
        description: 'vCPUs of the cluster (at least 3).',
        validations: [
          {
            condition: 'var.vcpu_count >= 3',
            message: 'vcpu_count must be at least 3.',
          },
        ],
      }),
      terraformVariable({
        name: 'memory_gib',
        type: 'number',
        description: 'Memory of the cluster in GiB (1 to 8 GiB per vCPU).',
        validations: [
          {
            condition:
              'var.memory_gib >= var.vcpu_count && var.memory_gib <= 8 * var.vcpu_count',
            message: 'memory_gib must be between 1 and 8 GiB per vCPU.',
          },
        ],
      }),
      terraformVariable({
        name: 'app_service_account_email',
        type: 'string',
        description:
          'Service account of the application, granted the Managed Kafka client role.',
      }),
    ],
    main: [
      comment(
        [
          'Managed Service for Apache Kafka: brokers spread over three zones of the region, reachable only',
          'through Private Service Connect endpoints in the node subnet, TLS on every listener, and',
          'clients sign in with their Google identity (SASL OAUTHBEARER or PLAIN with an access token),',
          'so no password exists. Data at rest is encrypted with Google-managed keys.',
        ].join('\n'),
      ),
      resource('google_managed_kafka_cluster', 'this', [
        attr('project', expr('var.project_id')),
        attr('location', expr('var.region')),
        attr('cluster_id', expr('"${var.name}-kafka"')),
        attr('labels', expr('var.labels')),
        blank(),
        block(
          'capacity_config',
          [],
          [
            attr('vcpu_count', expr('tostring(var.vcpu_count)')),
            attr('memory_bytes', expr('tostring(var.memory_gib * 1073741824)')),
          ],
        ),
        blank(),
        block(
          'gcp_config',
          [],
          [
            block(
              'access_config',
              [],
              [
                block(
                  'network_configs',
                  [],
                  [attr('subnet', expr('var.subnetwork_id'))],
                ),
              ],
            ),
          ],
        ),
        blank(),
        block(
          'rebalance_config',
          [],
          [attr('mode', 'AUTO_REBALANCE_ON_SCALE_UP')],
        ),
      ]),
      comment(
        [
          'The application connects and uses topics and consumer groups with its Google identity. The',
          'environment has its own project (the StackSpec requires one for prod), so the project-level',
          'role reaches this cluster only.',
        ].join('\n'),
      ),
      resource('google_project_iam_member', 'app', [
        attr('project', expr('var.project_id')),
        attr('role', 'roles/managedkafka.client'),
        attr(
          'member',
          expr('"serviceAccount:${var.app_service_account_email}"'),
        ),
      ]),
    ],
    outputs: [
      terraformOutput({
        name: 'bootstrap_servers',
        description: `Bootstrap address of the cluster (TLS, SASL, port ${MANAGED_KAFKA_PORT}).`,
        value: `"bootstrap.\${google_managed_kafka_cluster.this.cluster_id}.\${var.region}.managedkafka.\${var.project_id}.cloud.goog:${MANAGED_KAFKA_PORT}"`,
      }),
      terraformOutput({
        name: 'cluster_name',
        description: 'Full resource name of the cluster.',
        value: 'google_managed_kafka_cluster.this.name',
      }),
    ],
  });
}

/**
 * Kafka on GCP: Google Cloud Managed Service for Apache Kafka (real Kafka, so the application's
 * Kafka clients work unchanged, unlike Pub/Sub) in the environment's project, private through
 * Private Service Connect, TLS, Google identity sign-in.
 */
export const gcpKafka: GcpService = {
  id: 'kafka',
  cost: gcpKafkaCost,
  module: () => gcpKafkaModule(),
  root: ({ resolved }) => {
    const size = managedKafkaSize(resolved.size);
    const capacity: RootVariable = {
      name: 'kafka',
      type: 'object({\n    vcpu_count = number\n    memory_gib = number\n  })',
      description: 'vCPUs and memory (GiB) of the Managed Kafka cluster.',
      value: { vcpu_count: size.vcpus, memory_gib: size.memoryGib },
      validations: [
        {
          condition:
            'var.kafka.vcpu_count >= 3 && var.kafka.memory_gib >= var.kafka.vcpu_count && var.kafka.memory_gib <= 8 * var.kafka.vcpu_count',
          message:
            'kafka.vcpu_count must be at least 3 and kafka.memory_gib between 1 and 8 GiB per vCPU.',
        },
      ],
    };
    return {
      variables: [capacity],
      arguments: [
        gcpModuleBaseArguments(),
        attr('subnetwork_id', expr('module.network.subnetwork_id')),
        attr('vcpu_count', variableRef(capacity, 'vcpu_count')),
        attr('memory_gib', variableRef(capacity, 'memory_gib')),
        attr('app_service_account_email', gcpAppServiceAccountEmail(resolved)),
      ],
      outputs: [
        terraformOutput({
          name: 'kafka_bootstrap_servers',
          description: `Bootstrap address of Managed Kafka (TLS on ${MANAGED_KAFKA_PORT}); the application signs in with its Google identity.`,
          value: 'module.streaming.bootstrap_servers',
        }),
      ],
    };
  },
  apis: ['managedkafka.googleapis.com'],
  ciRoles: ['roles/managedkafka.admin'],
  grantedRoles: ['roles/managedkafka.client'],
  egress: {
    description: `Managed Kafka (TLS on ${MANAGED_KAFKA_PORT})`,
    port: MANAGED_KAFKA_PORT,
  },
  variables: [
    {
      name: 'KAFKA_BOOTSTRAP_SERVERS',
      output: 'kafka_bootstrap_servers',
      description:
        'Managed Kafka bootstrap address (TLS on 9092, SASL OAUTHBEARER with the Google identity).',
    },
  ],
};
