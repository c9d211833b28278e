import {
  attr,
  blank,
  block,
  comment,
  expr,
  writeHcl,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import {
  appNamespace,
  appServiceAccount,
  gcpAppServiceAccountId,
  gcpIngressNames,
  gcpStateBucket,
} from '../../naming';
import { gcpProject } from '../../spec/gcpProject';
import type { Environment } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { gcpEnvironmentValues } from './gcpEnvironmentValues';
import { gcpEnvironmentVariables } from './gcpEnvironmentVariables';
import { gcpModulePath, type GcpCapability } from './gcpModuleFiles';
import { gcpDataBucketName, gcpNodeServiceAccountId } from './gcpNames';
import { gcpTerraformSettings } from './gcpTerraformBlocks';

/** Metric packages of the cluster: system metrics always, control plane and kube-state metrics with monitoring on. */
const BASE_MONITORING_COMPONENTS = ['SYSTEM_COMPONENTS'];
const FULL_MONITORING_COMPONENTS = [
  'SYSTEM_COMPONENTS',
  'APISERVER',
  'SCHEDULER',
  'CONTROLLER_MANAGER',
  'STORAGE',
  'POD',
  'DEPLOYMENT',
  'STATEFULSET',
  'DAEMONSET',
  'HPA',
];

/** Path of one environment's GCP root module. */
export function gcpEnvironmentRootPath(environment: Environment): string {
  return `infra/envs/${environment}/gcp`;
}

function moduleSource(capability: GcpCapability): string {
  // infra/envs/<env>/gcp -> infra/modules/<capability>/gcp
  return `../../../${gcpModulePath(capability).replace(/^infra\//, '')}`;
}

function moduleBlock(capability: GcpCapability, body: HclBody): HclBlock {
  return block(
    'module',
    [capability],
    [attr('source', moduleSource(capability)), blank(), body],
  );
}

function baseArguments(options: { region?: boolean } = {}): HclBody {
  return [
    attr('project_id', expr('var.project_id')),
    options.region !== false && attr('region', expr('var.region')),
    attr('name', expr('local.name')),
    attr('labels', expr('var.labels')),
  ];
}

/**
 * One environment's GCP root module (infra/envs/<env>/gcp): provider and backend, the local modules
 * for the services that are on, and the env values in terraform.tfvars.
 */
export function gcpEnvironmentRoot(options: {
  spec: StackSpec;
  environment: Environment;
}): FileTree {
  const { spec, environment } = options;
  const { services } = spec.spec;
  const projectId = gcpProject({ spec, environment });
  const name = spec.metadata.name;
  const root = gcpEnvironmentRootPath(environment);
  const ingress = gcpIngressNames({ name, environment });

  const versions = [
    gcpTerraformSettings(),
    comment(
      [
        'default_labels puts the attribution labels on every resource with top-level labels, including',
        'any added here later by hand. The modules also pass them explicitly, which covers labels that',
        'default_labels does not reach (node VMs, Cloud SQL user_labels).',
      ].join('\n'),
    ),
    block(
      'provider',
      ['google'],
      [
        attr('project', expr('var.project_id')),
        attr('region', expr('var.region')),
        attr('default_labels', expr('var.labels')),
      ],
    ),
  ];

  const backend = [
    comment(
      'State lives in the bucket created by infra/bootstrap/gcp (versioned, KMS-encrypted).',
    ),
    block(
      'terraform',
      [],
      [
        block(
          'backend',
          ['gcs'],
          [
            attr('bucket', gcpStateBucket({ projectId, name })),
            attr('prefix', `${environment}/gcp`),
          ],
        ),
      ],
    ),
  ];

  const variables = gcpEnvironmentVariables(spec);

  const main: HclBody = [
    block(
      'locals',
      [],
      [
        comment('Prefix of every resource name.'),
        attr('name', expr('"${var.stack_name}-${var.environment}"')),
      ],
    ),
    moduleBlock('network', [
      baseArguments(),
      attr('cidr', expr('var.network_cidr')),
    ]),
    moduleBlock('cluster', [
      baseArguments(),
      attr('regional', expr('var.high_availability')),
      attr('kubernetes_version', expr('var.kubernetes_version')),
      attr('deletion_protection', expr('var.deletion_protection')),
      blank(),
      attr('network_id', expr('module.network.network_id')),
      attr('subnetwork_id', expr('module.network.subnetwork_id')),
      attr('subnetwork_cidr', expr('module.network.subnetwork_cidr')),
      attr('pods_range_name', expr('module.network.pods_range_name')),
      attr('services_range_name', expr('module.network.services_range_name')),
      attr('public_endpoint_cidrs', expr('var.public_endpoint_cidrs')),
      blank(),
      attr('system_pool', expr('var.system_pool')),
      attr('application_pool', expr('var.application_pool')),
      attr('gpu_pool', expr('var.gpu_pool')),
      blank(),
      services.monitoring
        ? comment(
            'Control plane and kube-state metrics for dashboards and alerts (Managed Prometheus).',
          )
        : comment(
            'System metrics only; turn on the monitoring service for control plane and kube-state metrics.',
          ),
      attr(
        'monitoring_components',
        services.monitoring
          ? FULL_MONITORING_COMPONENTS
          : BASE_MONITORING_COMPONENTS,
      ),
      blank(),
      comment(
        [
          'The Kubernetes ServiceAccount of the application impersonates the app service account; the',
          'Kustomize gcp overlay annotates it with the same ID.',
        ].join('\n'),
      ),
      attr(
        'node_service_account_id',
        gcpNodeServiceAccountId({ name, environment }),
      ),
      attr(
        'app_service_account_id',
        gcpAppServiceAccountId({ name, environment }),
      ),
      attr('app_namespace', appNamespace(name)),
      attr('app_service_account', appServiceAccount(name)),
      blank(),
      comment(
        [
          'The ingress front door: the reserved global address and the TLS policy the Kustomize gcp',
          'overlay refers to by these names.',
        ].join('\n'),
      ),
      attr('ingress_address_name', ingress.address),
      attr('ssl_policy_name', ingress.sslPolicy),
    ]),
    services.postgres &&
      moduleBlock('database', [
        baseArguments(),
        attr('network_id', expr('module.network.network_id')),
        attr(
          'private_services_range_name',
          expr('module.network.private_services_range_name'),
        ),
        attr('tier', expr('var.database.tier')),
        attr('disk_size_gb', expr('var.database.disk_size_gb')),
        attr('high_availability', expr('var.high_availability')),
        attr('deletion_protection', expr('var.deletion_protection')),
        attr('backup_retention_days', expr('var.backup_retention_days')),
        attr('database_name', expr('var.stack_name')),
        attr(
          'app_service_account_email',
          expr('module.cluster.app_service_account_email'),
        ),
      ]),
    services.redis &&
      moduleBlock('cache', [
        baseArguments(),
        attr('network_id', expr('module.network.network_id')),
        attr(
          'private_services_range_name',
          expr('module.network.private_services_range_name'),
        ),
        attr('tier', expr('var.cache.tier')),
        attr('memory_size_gb', expr('var.cache.memory_size_gb')),
      ]),
    services.objectStorage &&
      moduleBlock('storage', [
        baseArguments(),
        attr(
          'bucket_name',
          gcpDataBucketName({ projectId, name, environment }),
        ),
        attr(
          'noncurrent_version_retention_days',
          expr('var.backup_retention_days'),
        ),
        attr(
          'app_service_account_email',
          expr('module.cluster.app_service_account_email'),
        ),
      ]),
    services.registry && moduleBlock('registry', [baseArguments()]),
    services.monitoring &&
      moduleBlock('monitoring', [
        baseArguments({ region: false }),
        attr('cluster_name', expr('module.cluster.cluster_name')),
        attr('app_namespace', appNamespace(name)),
        attr('notification_channels', expr('var.alert_notification_channels')),
      ]),
  ];

  const outputs: HclBody = [
    terraformOutput({
      name: 'project_id',
      description: 'GCP project of this environment.',
      value: 'var.project_id',
    }),
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the GKE cluster.',
      value: 'module.cluster.cluster_name',
    }),
    terraformOutput({
      name: 'cluster_location',
      description:
        'Region or zone of the cluster (for gcloud container clusters get-credentials --location).',
      value: 'module.cluster.cluster_location',
    }),
    terraformOutput({
      name: 'region',
      description: 'GCP region of the stack.',
      value: 'var.region',
    }),
    terraformOutput({
      name: 'app_service_account_email',
      description:
        'Google service account of the application (Workload Identity).',
      value: 'module.cluster.app_service_account_email',
    }),
    terraformOutput({
      name: 'ingress_ip_address',
      description:
        'Reserved global IP address of the ingress load balancer: point the DNS record of the host here.',
      value: 'module.cluster.ingress_ip_address',
    }),
    services.postgres && [
      terraformOutput({
        name: 'database_endpoint',
        description: 'Private IP address of the Cloud SQL instance.',
        value: 'module.database.private_ip_address',
      }),
      terraformOutput({
        name: 'database_connection_name',
        description:
          'Connection name for the Cloud SQL connectors (IAM authentication).',
        value: 'module.database.connection_name',
      }),
    ],
    services.redis &&
      terraformOutput({
        name: 'cache_endpoint',
        description: 'host:port of Memorystore (TLS).',
        value: 'module.cache.endpoint',
      }),
    services.objectStorage &&
      terraformOutput({
        name: 'bucket_name',
        description: 'Name of the data bucket.',
        value: 'module.storage.bucket_name',
      }),
    services.registry &&
      terraformOutput({
        name: 'registry_url',
        description: 'Artifact Registry image prefix.',
        value: 'module.registry.registry_url',
      }),
  ];

  const tfvars = gcpEnvironmentValues({ spec, environment });

  return {
    [`${root}/versions.tf`]: writeHcl(versions),
    [`${root}/backend.tf`]: writeHcl(backend),
    [`${root}/variables.tf`]: writeHcl(variables),
    [`${root}/main.tf`]: writeHcl(main),
    [`${root}/outputs.tf`]: writeHcl(outputs),
    [`${root}/terraform.tfvars`]: writeHcl(tfvars),
  };
}
