import { serviceCapabilityTags } from '../../../tags';
import { attr, expr } from '../../../hcl/hcl';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { planRun } from '../../common/terraformTestFile';
import { CLOUD_PRODUCTS } from '../../../cost/cloudProducts';
import { cacheHourlyPrice } from '../../../cost/priceLookup';
import { roundPrice, type ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';
import type { EnvironmentPlan } from '../../../plan/environmentPlan';
import { gcpCacheModule } from '../gcpCacheModule';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import type { GcpService } from '../gcpService';
import { gcpAppServiceAccountEmail } from '../gcpAppServiceAccount';

/** The Memorystore instance of one environment: the tfvars write it, the estimate prices it. */
function memorystore(plan: EnvironmentPlan): {
  tier: string;
  memoryGb: number;
} {
  return {
    // Memorystore replicates only in its Standard tier, so high availability picks it.
    tier: plan.profile.highAvailability
      ? 'STANDARD_HA'
      : plan.preset.cache.tier,
    memoryGb: plan.preset.cache.memoryGb,
  };
}

/** Memorystore bills per GB-hour of its tier; STANDARD_HA includes the replica. */
const gcpRedisCost: ServiceCost = {
  lines: plan => {
    const { cloud, region } = plan;
    const { tier, memoryGb } = memorystore(plan);
    return [
      {
        description: `${CLOUD_PRODUCTS.gcp.cache} ${tier}, ${memoryGb} GB${
          tier === 'STANDARD_HA' ? ' (includes the replica)' : ''
        }`,
        quantity: HOURS_PER_MONTH,
        unit: 'instance-hour',
        unitPrice: roundPrice(
          cacheHourlyPrice({ cloud, region, tier, memoryGb }),
        ),
      },
    ];
  },
};

/** Redis on GCP: Memorystore with AUTH and TLS, Standard (replicated) where the environment pays for availability. */
export const gcpRedis: GcpService = {
  id: 'redis',
  module: () => gcpCacheModule(),
  cost: gcpRedisCost,
  root: ({ resolved }) => {
    const planned = memorystore(resolved);
    const cache: RootVariable = {
      name: 'cache',
      type: 'object({\n    tier           = string\n    memory_size_gb = number\n  })',
      description: 'Memorystore tier (BASIC or STANDARD_HA) and memory size.',
      value: {
        tier: planned.tier,
        memory_size_gb: planned.memoryGb,
      },
      validations: [
        {
          condition:
            'contains(["BASIC", "STANDARD_HA"], var.cache.tier) && var.cache.memory_size_gb >= 1',
          message:
            'cache.tier must be BASIC or STANDARD_HA and memory_size_gb at least 1.',
        },
      ],
    };
    return {
      variables: [cache],
      arguments: [
        gcpModuleBaseArguments({ labels: serviceCapabilityTags('redis') }),
        attr('network_id', expr('module.network.network_id')),
        attr(
          'private_services_range_name',
          expr('module.network.private_services_range_name'),
        ),
        attr('tier', variableRef(cache, 'tier')),
        attr('memory_size_gb', variableRef(cache, 'memory_size_gb')),
        attr('app_service_account_email', gcpAppServiceAccountEmail(resolved)),
      ],
      outputs: [
        terraformOutput({
          name: 'cache_endpoint',
          description: 'host:port of Memorystore (TLS).',
          value: 'module.cache.endpoint',
        }),
        terraformOutput({
          name: 'cache_auth_secret',
          description:
            'Secret Manager secret with the Memorystore AUTH string.',
          value: 'module.cache.auth_secret_id',
        }),
        terraformOutput({
          name: 'cache_ca_secret',
          description:
            'Secret Manager secret with the Memorystore server CA certificates.',
          value: 'module.cache.ca_secret_id',
        }),
      ],
    };
  },
  apis: ['redis.googleapis.com', 'secretmanager.googleapis.com'],
  ciRoles: ['roles/redis.admin', 'roles/secretmanager.admin'],
  // Refreshing google_redis_instance with AUTH on reads the AUTH string
  // (hashicorp/terraform-provider-google#24784), which roles/viewer lacks.
  // Refreshing the secret versions that hold it reads them too.
  planPermissions: [
    'redis.instances.getAuthString',
    'secretmanager.versions.access',
  ],
  bootstrapTests: [
    planRun({
      name: 'pull_request_plans_can_refresh_memorystore',
      why: 'Refreshing a Memorystore instance with AUTH reads its AUTH string.',
      asserts: [
        {
          condition:
            'alltrue([for role in google_project_iam_custom_role.plan : contains(role.permissions, "redis.instances.getAuthString")])',
          message:
            'The plan identity must be able to read the Memorystore AUTH string.',
        },
      ],
    }),
  ],
  egress: { description: 'Memorystore (TLS on 6378)', port: 6378 },
  variables: [
    {
      name: 'REDIS_ENDPOINT',
      output: 'cache_endpoint',
      description: 'host:port of Memorystore (TLS on 6378).',
    },
    {
      name: 'REDIS_AUTH_SECRET_NAME',
      output: 'cache_auth_secret',
      description:
        'Secret Manager secret holding the AUTH string (the Google service account may access it).',
    },
    {
      name: 'REDIS_CA_SECRET_NAME',
      output: 'cache_ca_secret',
      description:
        'Secret Manager secret holding the server CA certificates to verify TLS against.',
    },
  ],
  secretVariables: [
    {
      name: 'REDIS_AUTH',
      output: 'cache_auth_secret',
      description:
        'The Memorystore AUTH string (Cloud Run: a Secret Manager reference resolved at instance start).',
    },
    {
      name: 'REDIS_CA_CERTS',
      output: 'cache_ca_secret',
      description:
        'The Memorystore server CA certificates, PEM (Cloud Run: a Secret Manager reference).',
    },
  ],
};
