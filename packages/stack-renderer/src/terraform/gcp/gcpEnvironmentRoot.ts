import { attr, blank, block, comment, expr, type HclBody } from '../../hcl/hcl';
import {
  appNamespace,
  appServiceAccount,
  clusterEntityName,
  gcpAppServiceAccountId,
  gcpIngressNames,
  gcpStateBucket,
} from '../../naming';
import { stackService } from '../../services/stackServices';
import { capabilityTags } from '../../tags';
import type { FileTree } from '../../types';
import type { Capability } from '../common/capability';
import { environmentRoot, moduleCall } from '../common/environmentRoot';
import { terraformOutput } from '../common/terraformOutput';
import { terraformSettings } from '../common/terraformSettings';
import { gcpEnvironmentVariables } from './gcpEnvironmentVariables';
import {
  GCP_HEALTH_READER_ROOT_VARIABLE,
  gcpHealthReader,
  gcpHealthReaderOutputs,
} from './gcpHealthReader';
import { gcpModuleBaseArguments } from './gcpModuleBase';
import { gcpNodeServiceAccountId } from './gcpNames';
import type { GcpEnvironment } from './gcpService';
import { gcpServerlessRoot } from './gcpServerlessRoot';
import { runsKubernetes } from '../../spec/computeTarget';

/** Metric packages of the cluster without the monitoring service: system metrics only. */
const BASE_MONITORING_COMPONENTS = ['SYSTEM_COMPONENTS'];

/**
 * One environment's GCP root module (infra/envs/<env>/gcp): provider and backend, the local modules
 * for the services that are on, and the env values in terraform.tfvars.
 */
export function gcpEnvironmentRoot(context: GcpEnvironment): FileTree {
  const { spec, environment, projectId } = context;
  const name = spec.metadata.name;
  const ingress = gcpIngressNames({ name, environment });
  const services = context.services.map(service => ({
    service,
    root: service.root(context),
  }));
  const projectOutput = terraformOutput({
    name: 'project_id',
    description: 'GCP project of this environment.',
    value: 'var.project_id',
  });
  const regionOutput = terraformOutput({
    name: 'region',
    description: 'GCP region of the stack.',
    value: 'var.region',
  });
  const kubernetes = runsKubernetes(context.resolved);
  // A serverless environment runs the application on Cloud Run instead of GKE: no cluster, no
  // health reader; the serverless module wires the same service outputs into the container.
  const serverless = kubernetes
    ? undefined
    : gcpServerlessRoot(context, [
        projectOutput,
        regionOutput,
        services.map(({ root }) => root.outputs),
      ]);
  const clusterMetrics = context.services.flatMap(
    service => service.clusterMonitoringComponents ?? [],
  );
  const moduleBlock = (capability: Capability, body: HclBody) =>
    moduleCall({ cloud: 'gcp', capability, arguments: body });

  const versions = [
    terraformSettings('gcp'),
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

  const clusterModule =
    kubernetes &&
    moduleBlock('cluster', [
      gcpModuleBaseArguments({
        labels: capabilityTags({
          type: 'kubernetes-cluster',
          cluster: clusterEntityName({ spec, environment, cloud: 'gcp' }),
        }),
      }),
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
      context.resolved.nodePools.custom
        ? attr('node_pools', expr('var.node_pools'))
        : [
            attr('system_pool', expr('var.system_pool')),
            attr('application_pool', expr('var.application_pool')),
          ],
      attr('gpu_pool', expr('var.gpu_pool')),
      blank(),
      clusterMetrics.length > 0
        ? comment(
            'Control plane and kube-state metrics for dashboards and alerts (Managed Prometheus).',
          )
        : comment(
            'System metrics only; turn on the monitoring service for control plane and kube-state metrics.',
          ),
      attr(
        'monitoring_components',
        clusterMetrics.length > 0 ? clusterMetrics : BASE_MONITORING_COMPONENTS,
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
    ]);

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
      gcpModuleBaseArguments(),
      attr('cidr', expr('var.network_cidr')),
    ]),
    kubernetes ? clusterModule : serverless!.main,
    services.map(({ service, root }) =>
      moduleBlock(
        root.capability ?? stackService(service.id).capability,
        root.arguments,
      ),
    ),
    kubernetes && gcpHealthReader(),
  ];

  const clusterLocation: HclBody = [
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
  ];
  const clusterOutputs: HclBody = [
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
    gcpHealthReaderOutputs,
  ];
  const outputs: HclBody = [
    projectOutput,
    kubernetes && clusterLocation,
    regionOutput,
    kubernetes ? clusterOutputs : serverless!.outputs,
    services.map(({ root }) => root.outputs),
  ];

  return environmentRoot({
    cloud: 'gcp',
    environment,
    versions,
    backend,
    main,
    variables: gcpEnvironmentVariables(context, [
      ...services.flatMap(({ root }) => root.variables),
      ...(kubernetes
        ? [GCP_HEALTH_READER_ROOT_VARIABLE]
        : serverless!.variables),
    ]),
    outputs,
    tfvars: {},
  });
}
