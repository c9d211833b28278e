import { cloudRunGuide } from './cloudRunGuide';
import { containerAppsGuide } from './containerAppsGuide';
import { grafanaDashboardClouds } from './grafanaDashboardTarget';
import type { StackSpec } from '../spec/stackSpec';
import { hasDatabaseUserTarget } from './databaseUserTarget';
import { bootstrapGuide } from './bootstrapGuide';
import { ingressHasTls } from '../kustomize/appIngress';
import { CLOUD_SERVICES } from './cloudServices';
import { encryptionNotes, firstApplyTasks, recreateNotes } from './cloudSetup';
import {
  deploymentTargets,
  kubernetesTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import { awsHttpsSection, kubernetesVersionNote } from './eksAutoModeGuide';
import { deployPathGuide } from './deployPathGuide';
import { budgetGuide } from './budgetGuide';
import { monitoringGuide } from './monitoringGuide';
import { teardownGuide } from './teardownGuide';
import { runsKubernetes } from '../spec/computeTarget';
import { CLOUD_NAMES } from '../spec/regions';
import {
  serverlessDeployGuide,
  serverlessDocs,
  serverlessTargets,
  targetList,
} from './serverlessDocs';

/**
 * The identity the application signs in to the clouds with, per cloud: workload identity where a
 * cluster runs it, the serverless service's own identity elsewhere.
 */
function applicationIdentities(spec: StackSpec): string {
  return stackClouds(spec)
    .flatMap(cloud => {
      const targets = deploymentTargets(spec).filter(
        target => target.cloud === cloud,
      );
      return [
        ...(targets.some(runsKubernetes)
          ? [CLOUD_SERVICES[cloud].workloadIdentity]
          : []),
        ...(targets.some(target => !runsKubernetes(target))
          ? [
              `its serverless service's identity on ${CLOUD_NAMES[cloud]} (${
                serverlessDocs(cloud).identity
              })`,
            ]
          : []),
      ];
    })
    .join(', ');
}

/**
 * The runbook's upgrade lines: the Kubernetes version where a cluster runs, and per serverless
 * cloud who upgrades the runtime and what the team keeps current instead.
 */
function upgradeNotes(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec);
  const serverless = serverlessTargets(spec);
  const clouds = [...new Set(serverless.map(target => target.cloud))];
  return [
    ...(kubernetes.length > 0
      ? [
          `- **Kubernetes version${
            serverless.length > 0 ? ` (${targetList(kubernetes)})` : ''
          }:** change \`spec.cluster.kubernetesVersion\` in \`skyforge.yaml\`, re-render, and let the apply workflow roll it through the environments in order. ${kubernetesVersionNote(
            spec,
          )}`,
        ]
      : []),
    ...clouds.map(cloud => {
      const docs = serverlessDocs(cloud);
      return `- **Serverless runtime (${targetList(
        serverless.filter(target => target.cloud === cloud),
      )}):** there is no cluster to upgrade: ${
        docs.runtime
      }. What the team keeps current instead: the application image (its base image and language runtime; every release is a new ${
        docs.revision
      }) and the Terraform providers and modules (re-render with a newer Skyforge).`;
    }),
  ];
}

/** "Deploy by hand" where a cluster runs: the Kustomize targets. */
function kubernetesDeployByHand(spec: StackSpec): string[] {
  const clouds = stackClouds(spec);
  const first = deploymentTargets(spec)[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  return [
    '```sh',
    `make k8s-credentials ${example}${
      clouds.includes('aws') ? '   # on AWS: make k8s-tunnel' : ''
    }`,
    ...(clouds.includes('azure')
      ? ['make k8s-identity ENV=<environment> CLOUD=azure   # Azure only']
      : []),
    ...(clouds.includes('aws') && ingressHasTls(spec)
      ? ['make k8s-certificate ENV=<environment> CLOUD=aws   # AWS only']
      : []),
    ...(hasDatabaseUserTarget(spec)
      ? [
          'make database-user ENV=<environment> CLOUD=<cloud>   # the application database role and its grants',
        ]
      : []),
    ...(grafanaDashboardClouds(spec).length > 0
      ? [
          `make grafana-dashboard ENV=<environment> CLOUD=<${grafanaDashboardClouds(
            spec,
          ).join(
            '|',
          )}>   # the application dashboard into Grafana (GCP: Terraform)`,
        ]
      : []),
    `make k8s-services ${example}   # endpoints the application reads (README, "What the application receives")`,
    spec.spec.services.registry
      ? `make image-push ${example} SOURCE_IMAGE=<image>`
      : `make k8s-image ${example} SOURCE_IMAGE=<image>`,
    `make k8s-diff ${example}`,
    `make k8s-apply ${example}`,
    `make k8s-verify ${example}`,
    `make k8s-rollback ${example}   # only if the rollout went wrong`,
    '```',
    '',
    `\`k8s-apply\` refuses to run when the current kubectl context is not the cluster of \`ENV\`/\`CLOUD\`, and while the overlay still pins the placeholder image digest or \`services.env\` holds placeholders.${
      clouds.includes('aws')
        ? ' On AWS it first applies `deploy/platform/<environment>-aws` (the EKS Auto Mode node pools and IngressClass), then the overlay.'
        : ''
    }`,
    '',
  ];
}

/** `docs/operations.md`: the runbook (bootstrap, plan/apply, deploy, rotate, destroy). */
export function renderDocsOperations(spec: StackSpec): string {
  const environments = stackEnvironments(spec);
  const clouds = stackClouds(spec);
  const first = deploymentTargets(spec)[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  const hasProd = environments.includes('prod');
  const identities = applicationIdentities(spec);
  const environmentNames = environments
    .map(environment => `\`${environment}\``)
    .join(', ');
  const cloudNames = clouds.map(cloud => `\`${cloud}\``).join(', ');
  const firstApply = firstApplyTasks(spec);
  const recreate = recreateNotes(spec);
  const kubernetes = deploymentTargets(spec).some(runsKubernetes);
  const approval = hasProd
    ? ', pausing before `prod` until a required reviewer approves.'
    : '.';

  return [
    '# Operations',
    '',
    `Every command below runs from the repository root. \`ENV\` is one of ${environmentNames}; \`CLOUD\` is one of ${cloudNames}.`,
    '',
    '## Bootstrap',
    '',
    bootstrapGuide({ spec, headingLevel: 3 }),
    '',
    ...(firstApply
      ? ['## After the first apply of an environment', '', firstApply]
      : []),
    '## Plan and apply',
    '',
    `Normally through pull requests: the plan workflow comments each environment's plan, and merging to \`main\` applies ${environments.join(
      ' → ',
    )} in order${approval}`,
    '',
    'By hand (for example to recover from a failed run):',
    '',
    '```sh',
    `make tf-init ${example}`,
    `make tf-plan ${example}`,
    `make tf-apply ${example}`,
    '```',
    '',
    'Rolling back is a revert on `main`: the apply workflow then converges every environment to the previous state.',
    '',
    ...deployPathGuide(spec),
    '## Deploy by hand',
    '',
    ...(kubernetes
      ? kubernetesDeployByHand(spec)
      : serverlessDeployGuide(spec, {
          databaseUser: hasDatabaseUserTarget(spec),
        })),
    ...awsHttpsSection(spec),
    ...cloudRunGuide(spec),
    ...containerAppsGuide(spec),
    ...(deploymentTargets(spec).some(target => target.gpu)
      ? [
          '## GPU capacity',
          '',
          'New accounts, projects and subscriptions start with little or no GPU quota: request it before the first GPU pod (AWS: Service Quotas, EC2 "Running On-Demand G and VT instances", in vCPUs; GCP: the GPUS_ALL_REGIONS and per-region GPU quotas; Azure: the vCPU quota of the GPU VM family). Without it the GPU pool cannot grow and GPU pods stay Pending.',
          '',
        ]
      : []),
    ...monitoringGuide(spec),
    ...budgetGuide(spec),
    '## Rotate',
    '',
    `- **CI and application credentials:** there are none to rotate. CI signs in with GitHub OIDC and the application with ${identities}; to revoke access, remove the trust (the federated credential or role trust policy) in \`infra/bootstrap/<cloud>\` or the root module and apply.`,
    "- **Database credentials:** the administrator password is generated and stored by the cloud (never in Terraform state); rotate it from the cloud's secret store or console. The application should prefer IAM / Entra ID authentication.",
    '- **Encryption keys:** customer-managed keys rotate automatically where the cloud supports it; nothing to do.',
    ...encryptionNotes(spec),
    ...upgradeNotes(spec),
    '',
    '## Destroy',
    '',
    ...teardownGuide(spec),
    ...(recreate.length > 0
      ? ['Re-creating a destroyed environment:', '', ...recreate, '']
      : []),
  ].join('\n');
}
