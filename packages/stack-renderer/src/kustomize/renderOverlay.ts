import {
  azureTlsCertificateName,
  gcpAppServiceAccountId,
  gcpIngressNames,
} from '../naming';
import { azureTlsCertificateUri } from '../terraform/azure/azureResourceNames';
import { gcpProject } from '../spec/gcpProject';
import { ingressHasTls } from './appIngress';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import { stackTags } from '../tags';
import type { FileTree } from '../types';
import {
  type KustomizePatch,
  patchEntries,
  writeKustomizeFiles,
} from './kustomizeFiles';
import { CONTAINER_NAME, kustomizeNames, labelsEntry } from './kustomizeNames';
import {
  deployTimeGenerator,
  deployTimeReplacement,
  deployTimeValues,
} from './deployTimeValues';
import { appSettings, environmentEnv } from '../spec/appSettings';
import { IMAGE_COMPONENT_DIRECTORY, imageComponent } from './appImage';
import { ingressNetworkPolicy } from './appNetworkPolicies';
import { awsMetricsNetworkPolicy } from '../monitoring/metricsScrapeFiles';
import { awsPublicSubnetCidrs } from '../terraform/aws/awsAddressPlan';
import { contractLabels } from './kustomizeNames';
import type { KustomizeFile } from './kustomizeFiles';
import { GPU_TOLERATION } from './renderGpuComponent';
import { yamlDocument } from './yamlDocument';
import { SERVICES_ENV_FILE, servicesEnvFile } from './appServiceVariables';

export function overlayDirectory(target: {
  environment: string;
  cloud: string;
}): string {
  return `deploy/overlays/${target.environment}-${target.cloud}`;
}

/** Which layer of skyforge.yaml sized the container, for the patch's comment. */
function resourcesSource(options: {
  spec: StackSpec;
  environment: string;
}): string {
  const { spec, environment } = options;
  if (spec.spec.overrides[environment as Environment]?.app?.resources)
    return `spec.overrides.${environment}.app.resources`;
  if (spec.spec.app.resources) return 'spec.app.resources';
  return `the ${environment} profile; set spec.app.resources to change it`;
}

function commonPatches(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): KustomizePatch[] {
  const { spec, target } = options;
  const names = kustomizeNames(spec);
  return [
    {
      file: 'deployment-patch.yaml',
      comment: [
        `Container size for ${target.environment} (${resourcesSource({
          spec,
          environment: target.environment,
        })}).`,
      ],
      value: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: names.app },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: CONTAINER_NAME,
                  resources: appSettings({
                    spec,
                    environment: target.environment,
                  }).resources,
                },
              ],
            },
          },
        },
      },
    },
    {
      file: 'hpa-patch.yaml',
      comment: [
        `Replica bounds for ${target.environment} (spec.app.hpa${
          spec.spec.overrides[target.environment]?.hpa
            ? ` and spec.overrides.${target.environment}.hpa`
            : ''
        }).`,
        ...(target.hpaMaxRequested !== undefined
          ? [
              `Capped at ${target.gpuCapacity} instead of ${target.hpaMaxRequested}: each replica takes one GPU and the GPU pool`,
              `holds ${target.gpuCapacity}; more replicas could never schedule.`,
            ]
          : []),
      ],
      value: {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: names.app },
        spec: { minReplicas: target.hpa.min, maxReplicas: target.hpa.max },
      },
    },
  ];
}

function cloudPatches(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): KustomizePatch[] {
  const { spec, target } = options;
  const names = kustomizeNames(spec);
  if (target.cloud === 'aws') {
    // managed-by is left out: the load balancer controller, not Terraform, manages the ALB.
    const tags = Object.entries(
      stackTags({ spec, environment: target.environment }),
    ).filter(([key]) => key !== 'managed-by');
    return [
      {
        file: 'ingress-patch.yaml',
        comment: [
          'Attribution tags on the ALB, which the controller (not Terraform) creates.',
        ],
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {
            name: names.app,
            annotations: {
              'alb.ingress.kubernetes.io/tags': tags
                .map(([key, value]) => `${key}=${value}`)
                .join(','),
            },
          },
        },
      },
    ];
  }
  if (target.cloud === 'gcp') {
    const name = spec.metadata.name;
    const account = gcpAppServiceAccountId({
      name,
      environment: target.environment,
    });
    const project = gcpProject({ spec, environment: target.environment });
    const ingress = gcpIngressNames({ name, environment: target.environment });
    return [
      {
        file: 'ingress-patch.yaml',
        comment: [
          `The load balancer takes the global address Terraform reserved (output ingress_ip_address of`,
          `infra/envs/${target.environment}/gcp): point the DNS record of the host there.`,
        ],
        value: {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: {
            name: names.app,
            annotations: {
              'kubernetes.io/ingress.global-static-ip-name': ingress.address,
            },
          },
        },
      },
      ...(ingressHasTls(spec)
        ? [
            {
              file: 'frontend-config-patch.yaml',
              comment: [
                'TLS 1.2 or newer with modern ciphers: the SSL policy Terraform created in this',
                "environment's project.",
              ],
              value: {
                apiVersion: 'networking.gke.io/v1beta1',
                kind: 'FrontendConfig',
                metadata: { name: names.app },
                spec: { sslPolicy: ingress.sslPolicy },
              },
            },
          ]
        : []),
      {
        file: 'service-account-patch.yaml',
        comment: [
          'Workload Identity: the pods act as this Google service account (Terraform output',
          `app_service_account_email of infra/envs/${target.environment}/gcp).`,
        ],
        value: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: {
            name: names.app,
            annotations: {
              'iam.gke.io/gcp-service-account': `${account}@${project}.iam.gserviceaccount.com`,
            },
          },
        },
      },
    ];
  }
  const tlsCertificate: KustomizePatch[] = ingressHasTls(spec)
    ? [
        {
          file: 'ingress-patch.yaml',
          comment: [
            'The TLS certificate the application routing add-on serves: the certificate',
            `${azureTlsCertificateName(
              spec.metadata.name,
            )} in the Key Vault of ${
              target.environment
            }, imported once (docs/operations.md). The`,
            'URI has no version, so a renewed certificate is picked up automatically.',
          ],
          value: {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: {
              name: names.app,
              annotations: {
                'kubernetes.azure.com/tls-cert-keyvault-uri':
                  azureTlsCertificateUri({
                    spec,
                    environment: target.environment,
                  }),
              },
            },
          },
        },
      ]
    : [];
  if (!target.spot) return tlsCertificate;
  // AKS taints spot pools; without the toleration the pods could not schedule anywhere (the
  // system pool only takes critical add-ons). Tolerations are replaced, not merged, by a
  // strategic merge patch, so the GPU toleration is repeated here when the GPU component is on.
  const tolerations = [
    {
      key: 'kubernetes.azure.com/scalesetpriority',
      operator: 'Equal',
      value: 'spot',
      effect: 'NoSchedule',
    },
    ...(target.appOnGpu ? [GPU_TOLERATION] : []),
  ];
  return [
    ...tlsCertificate,
    {
      file: 'spot-toleration-patch.yaml',
      comment: [`The ${target.environment} application pool runs on spot VMs.`],
      value: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: names.app },
        spec: { template: { spec: { tolerations } } },
      },
    },
  ];
}

/** Overlay objects carry the contract labels themselves: the Component's labels do not reach them. */
function withContractLabels(
  spec: StackSpec,
  object: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...object,
    metadata: {
      ...(object.metadata as Record<string, unknown>),
      labels: contractLabels(spec),
    },
  };
}

/** Objects only this overlay has: those that depend on the environment's own network block. */
function overlayResources(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): KustomizeFile[] {
  const { spec, target } = options;
  if (target.cloud !== 'aws') return [];
  const policy = ingressNetworkPolicy({
    spec,
    from: awsPublicSubnetCidrs(target.cidr).map(cidr => ({
      ipBlock: { cidr },
    })),
  });
  const metricsPolicies = awsMetricsNetworkPolicy({
    spec,
    vpcCidr: target.cidr,
  }).map(file => ({
    ...file,
    value: withContractLabels(spec, file.value as Record<string, unknown>),
  }));
  return [
    ...metricsPolicies,
    {
      file: 'network-policy-ingress.yaml',
      comment: [
        `The ALB reaches pod IPs from its network interfaces in the public subnets of ${target.environment}`,
        `(${target.cidr}), so the application port admits those subnets only. Pods get VPC addresses`,
        'too: admitting the whole VPC range would let every pod of the cluster in.',
      ],
      value: withContractLabels(spec, policy),
    },
  ];
}

/** `deploy/overlays/<env>-<cloud>/`: the base plus the cloud (and GPU) components, sized for the environment. */
export function renderOverlay(options: {
  spec: StackSpec;
  target: ResolvedEnvironment;
}): FileTree {
  const { spec, target } = options;
  const names = kustomizeNames(spec);
  const directory = overlayDirectory(target);
  const patches = [...commonPatches(options), ...cloudPatches(options)];
  const resources = overlayResources(options);
  const files: FileTree = {};
  writeKustomizeFiles({
    files,
    directory,
    entries: [...resources, ...patches],
  });
  files[`${directory}/${IMAGE_COMPONENT_DIRECTORY}/kustomization.yaml`] =
    imageComponent(options);
  const values = deployTimeValues(options);
  for (const value of values)
    files[`${directory}/${value.envFile}`] = value.content;
  files[`${directory}/${SERVICES_ENV_FILE}`] = servicesEnvFile({
    spec,
    environment: target.environment,
    cloud: target.cloud,
  });
  const appConfig = {
    name: names.config,
    behavior: 'merge',
    literals: [
      `ENVIRONMENT=${target.environment}`,
      `CLOUD=${target.cloud}`,
      ...Object.entries(
        environmentEnv({ spec, environment: target.environment }),
      ).map(([name, value]) => `${name}=${value}`),
    ],
    envs: [SERVICES_ENV_FILE],
  };
  files[`${directory}/kustomization.yaml`] = yamlDocument({
    comment: [
      `${names.app} in ${
        target.environment
      } on ${target.cloud.toUpperCase()} (${target.region}).`,
      `Build: kubectl kustomize ${directory}`,
      spec.spec.services.registry
        ? `Run \`make image-push ENV=${target.environment} CLOUD=${target.cloud} SOURCE_IMAGE=<image>@sha256:<digest>\` before applying (see ${IMAGE_COMPONENT_DIRECTORY}/).`
        : `Run \`make k8s-image ENV=${target.environment} CLOUD=${target.cloud} DIGEST=sha256:<digest>\` before applying (see ${IMAGE_COMPONENT_DIRECTORY}/).`,
      `Run \`make k8s-services ENV=${target.environment} CLOUD=${target.cloud}\` before applying (see ${SERVICES_ENV_FILE}).`,
      ...values.map(
        value =>
          `Run \`make ${value.makeTarget} ENV=${target.environment} CLOUD=${target.cloud}\` before applying (see ${value.envFile}).`,
      ),
    ],
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      // Also puts the objects the components add into the application namespace.
      namespace: names.namespace,
      resources: ['../../base', ...resources.map(resource => resource.file)],
      components: [
        `../../components/${target.cloud}`,
        ...(target.appOnGpu ? ['../../components/gpu'] : []),
        IMAGE_COMPONENT_DIRECTORY,
      ],
      labels: [labelsEntry({ environment: target.environment })],
      configMapGenerator: [appConfig, ...values.map(deployTimeGenerator)],
      patches: patchEntries(patches),
      ...(values.length > 0
        ? { replacements: values.map(deployTimeReplacement) }
        : {}),
    },
  });
  return files;
}
