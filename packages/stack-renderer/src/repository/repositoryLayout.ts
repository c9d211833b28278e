import { ingressHasTls } from '../kustomize/appIngress';
import { platformContents } from '../kustomize/platformDirectories';
import { enabledServices } from '../services/stackServices';
import type { StackSpec } from '../spec/stackSpec';
import type { Capability } from '../terraform/common/capability';
import { kubernetesTargets, stackClouds } from '../spec/deploymentTargets';
import { serverlessTargets } from './serverlessDocs';

/**
 * The module folders of the layout: no cluster where no environment runs Kubernetes, and the
 * serverless service (and its monitoring) where an environment runs serverless.
 */
function moduleFolders(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec).length > 0;
  const serverless = serverlessTargets(spec).length > 0;
  return moduleCapabilities(spec).flatMap(capability => {
    if (capability === 'cluster')
      return [
        ...(kubernetes ? ['cluster'] : []),
        ...(serverless ? ['serverless'] : []),
      ];
    if (capability === 'monitoring')
      return [
        ...(kubernetes ? ['monitoring'] : []),
        ...(serverless ? ['serverless-monitoring'] : []),
      ];
    return [capability];
  });
}

/** Terraform module capabilities of this stack, in the order ARCHITECTURE.md lists them. */
export function moduleCapabilities(spec: StackSpec): Capability[] {
  return [
    'network',
    'cluster',
    ...enabledServices(spec).map(service => service.capability),
    // The ACM certificate and DNS records of the host; the other clouds' ingress needs no module.
    ...(spec.spec.clouds.includes('aws') && ingressHasTls(spec)
      ? (['ingress'] as const)
      : []),
  ];
}

/** A fenced text block describing the repository's folders, with this stack's clouds and environments. */
export function repositoryLayout(spec: StackSpec): string {
  const clouds = stackClouds(spec).join(', ');
  const overlays = kubernetesTargets(spec)
    .map(target => `${target.environment}-${target.cloud}`)
    .join(', ');
  const platforms = platformContents(spec);
  const kubernetes = overlays.length > 0;
  const rows: Array<[string, string]> = [
    ['skyforge.yaml', 'the StackSpec this repository was rendered from'],
    ['catalog-info.yaml', 'Backstage System, Component and Resources'],
    [
      'Makefile',
      kubernetes
        ? 'tf-init / tf-plan / tf-apply / tf-destroy, k8s-build / k8s-apply, validate'
        : 'tf-init / tf-plan / tf-apply / tf-destroy, deploy / rollback, validate',
    ],
    [
      'infra/bootstrap/<cloud>/',
      `remote state storage and CI identities, once per cloud (${clouds})`,
    ],
    [
      'infra/modules/<capability>/<cloud>/',
      `local modules: ${moduleFolders(spec).join(', ')}`,
    ],
    [
      'infra/envs/<environment>/<cloud>/',
      'one Terraform root module per environment and cloud, tests/ for terraform test',
    ],
    ...(kubernetes
      ? ([
          [
            'deploy/base/',
            'Deployment, Service, HPA, PDB, NetworkPolicy, ServiceAccount, ConfigMap, Ingress',
          ],
          [
            'deploy/components/<cloud|gpu>/',
            'Kustomize components: ingress class, workload identity, storage, GPU',
          ],
          [
            'deploy/overlays/<environment>-<cloud>/',
            `one overlay per environment and cloud (${overlays})`,
          ],
        ] as Array<[string, string]>)
      : []),
    [
      'deploy/compose/',
      'the local stack: docker-compose.yml, .env.example (make compose-up)',
    ],
    ...(kubernetes && platforms.length > 0
      ? [
          [
            'deploy/platform/<environment>-<cloud>/',
            `cluster-level objects applied before the overlay: ${platforms.join(
              '; ',
            )}`,
          ] as [string, string],
        ]
      : []),
    [
      '.github/workflows/',
      'validate.yaml, plan.yaml (pull requests), apply.yaml (main), destroy.yaml (by hand)',
    ],
    [
      'docs/, mkdocs.yml',
      'TechDocs: overview, architecture, operations runbook',
    ],
  ];
  const width = Math.max(...rows.map(([path]) => path.length)) + 2;
  return [
    '```text',
    ...rows.map(([path, what]) => `${path.padEnd(width)}${what}`),
    '```',
  ].join('\n');
}
