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
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import { awsHttpsSection, kubernetesVersionNote } from './eksAutoModeGuide';
import { deployPathGuide } from './deployPathGuide';
import { budgetGuide } from './budgetGuide';
import { monitoringGuide } from './monitoringGuide';
import { teardownGuide } from './teardownGuide';
import { runsKubernetes } from '../spec/computeTarget';
import { serverlessDeployGuide } from './serverlessDocs';

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
  const identities = clouds
    .map(cloud => CLOUD_SERVICES[cloud].workloadIdentity)
    .join(', ');
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
    `- **Kubernetes version:** change \`spec.cluster.kubernetesVersion\` in \`skyforge.yaml\`, re-render, and let the apply workflow roll it through the environments in order. ${kubernetesVersionNote(
      spec,
    )}`,
    '',
    '## Destroy',
    '',
    ...teardownGuide(spec),
    ...(recreate.length > 0
      ? ['Re-creating a destroyed environment:', '', ...recreate, '']
      : []),
  ].join('\n');
}
