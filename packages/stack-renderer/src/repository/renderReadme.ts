import { ingressHasTls } from '../kustomize/appIngress';
import { CLOUD_NAMES } from '../spec/regions';
import { localStackSummary } from './renderDocsLocalStack';
import { runsKubernetes } from '../spec/computeTarget';
import { serverlessGuide } from './serverlessGuide';
import { cloudRuntimePhrase, serverlessDeployGuide } from './serverlessDocs';
import type { StackSpec } from '../spec/stackSpec';
import { ownerName } from '../tags';
import { RENDERER_VERSION } from '../version';
import { architectureDiagram, architectureNote } from './architectureDiagram';
import { bootstrapGuide, cloudTools } from './bootstrapGuide';
import {
  platformContents,
  platformDirectories,
} from '../kustomize/platformDirectories';
import { ciVariablesTable } from './ciVariables';
import { gpuQuotaGuide } from './cloudSetup';
import {
  deploymentTargets,
  kubernetesTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import { environmentsTable } from './environmentsTable';
import { observeGuide } from './observeGuide';
import { repositoryLayout } from './repositoryLayout';
import { clusterPaths } from './deployPathGuide';
import { appEnvironmentGuide } from './appEnvironmentGuide';
import { hasDatabaseUserTarget } from './databaseUserTarget';

/** What the application runs as: on Kubernetes, serverless, or each in some environments. */
function serviceKind(spec: StackSpec): string {
  const targets = deploymentTargets(spec);
  if (targets.every(runsKubernetes)) return 'a Kubernetes service';
  if (!targets.some(runsKubernetes)) return 'a serverless service';
  return 'a service on Kubernetes and serverless containers';
}

/** The README's Deploy section: Kustomize where a cluster runs, the serverless deploy elsewhere. */
function deploySection(spec: StackSpec): string[] {
  if (!deploymentTargets(spec).some(runsKubernetes)) {
    return serverlessDeployGuide(spec, {
      databaseUser: hasDatabaseUserTarget(spec),
    });
  }
  const clouds = stackClouds(spec);
  const first = deploymentTargets(spec)[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  const hasAzure = clouds.includes('azure');
  const platforms = platformDirectories(spec);
  return [
    'The manifests are plain Kustomize: `deploy/base` plus one overlay per environment and cloud in `deploy/overlays/<environment>-<cloud>`.',
    '',
    '```sh',
    `make k8s-credentials ${example}   # point kubectl at that cluster${
      clouds.includes('aws') ? ' (EKS: make k8s-tunnel)' : ''
    }`,
    ...(hasAzure
      ? [
          'make k8s-identity ENV=<environment> CLOUD=azure   # Azure only: writes the workload identity client ID',
        ]
      : []),
    ...(clouds.includes('aws') && ingressHasTls(spec)
      ? [
          'make k8s-certificate ENV=<environment> CLOUD=aws  # AWS only: writes the ACM certificate ARN',
        ]
      : []),
    ...(hasDatabaseUserTarget(spec)
      ? [
          'make database-user ENV=<environment> CLOUD=<cloud>  # the application database role and its grants',
        ]
      : []),
    `make k8s-services ${example}      # writes the endpoints the application reads (below)`,
    `make k8s-build ${example}         # print the manifests`,
    `make k8s-diff ${example}          # compare with the cluster`,
    spec.spec.services.registry
      ? `make image-push ${example}        # copy the image into the environment's registry, pin its digest`
      : `make k8s-image ${example}         # pin the image by digest`,
    ...(spec.spec.services.registry
      ? [
          `make push-image ${example} IMAGE=<local image>  # or push a local build (scripts/push-image.sh <cloud> [env])`,
        ]
      : []),
    `make k8s-apply ${example}         # server-side apply with pruning; refuses if kubectl points at another cluster`,
    `make k8s-verify ${example}        # rollout status and ready endpoints (make k8s-rollback undoes a bad one)`,
    '```',
    '',
    `The apply workflow runs the same targets after \`terraform apply\` of the plan its reviewers approved (see \`docs/operations.md\`, "Release flow"). Every control plane is private; CI reaches them from GitHub-hosted runners:`,
    '',
    ...clusterPaths(spec),
    '',
    `${
      platforms.length > 0
        ? ` \`make k8s-apply\` first applies the cluster-level objects the cloud does not install itself, from \`deploy/platform/<environment>-<cloud>\` (${platforms
            .map(directory => `\`${directory}\``)
            .join(', ')}: ${platformContents(spec).join('; ')}).`
        : ''
    }`,
    '',
  ];
}

/** The README: what the stack is and how to bootstrap, plan, apply and deploy it. */
export function renderReadme(spec: StackSpec): string {
  const { name, owner, description } = spec.metadata;
  const system = spec.metadata.system ?? name;
  const clouds = stackClouds(spec);
  const environments = stackEnvironments(spec);
  const first = deploymentTargets(spec)[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  const cloudList = clouds
    .map(cloud => `${CLOUD_NAMES[cloud]} (${spec.spec.regions[cloud]})`)
    .join(', ');
  const gpuQuota = gpuQuotaGuide(spec);
  const approval = environments.includes('prod')
    ? ', so `prod` waits for its required reviewers'
    : '';

  const sections: string[] = [
    `# ${name}`,
    '',
    ...(description ? [description, ''] : []),
    `The infrastructure and deployment of \`${name}\`, part of the \`${system}\` system and owned by \`${ownerName(
      owner,
    )}\`: ${serviceKind(
      spec,
    )} on ${cloudList}, in the environments ${environments.join(
      ', ',
    )}. Everything here was rendered by Skyforge ${RENDERER_VERSION} from [\`skyforge.yaml\`](skyforge.yaml); change that file and re-render rather than editing generated files by hand.`,
    '',
    '## Architecture',
    '',
    architectureDiagram(spec),
    '',
    architectureNote(spec),
    '',
    ...serverlessGuide(spec),
    'Every cloud resource carries the tags `skyforge-component`, `skyforge-system`, `environment`, `owner` and `managed-by`, which Backstage uses to attribute cost to the entities in [`catalog-info.yaml`](catalog-info.yaml).',
    '',
    '## Environments',
    '',
    environmentsTable(spec),
    '',
    '## Prerequisites',
    '',
    `- [Terraform](https://developer.hashicorp.com/terraform/install) 1.10 or newer (CI uses 1.11.4), GNU Make, ${
      kubernetesTargets(spec).length > 0 ? '`kubectl`, ' : ''
    }\`jq\` and the [GitHub CLI](https://cli.github.com/).`,
    ...clouds.map(
      cloud => `- ${CLOUD_NAMES[cloud]}: ${cloudTools(spec, cloud)}.`,
    ),
    '- Permission to create identities and state storage in each cloud (for the one-time bootstrap only), and admin rights on the GitHub repository to create environments and variables.',
    '',
    '## Bootstrap (once per cloud)',
    '',
    bootstrapGuide({ spec, headingLevel: 3 }),
    '',
    'The workflows read these variables:',
    '',
    ciVariablesTable(spec),
    '',
    ...(gpuQuota
      ? [
          '## GPU quota',
          '',
          'GPU capacity starts at or near zero on new accounts, projects and subscriptions, and the GPU pools scale from zero only as far as the quota allows. Request it before the first GPU workload:',
          '',
          gpuQuota,
          '',
        ]
      : []),
    '## Plan and apply',
    '',
    'Each environment and cloud is its own Terraform root in `infra/envs/<environment>/<cloud>` with its own state. From a workstation:',
    '',
    '```sh',
    `make tf-init ${example}    # once per checkout; reads the state location from the bootstrap`,
    `make tf-plan ${example}    # writes a plan file`,
    `make tf-apply ${example}   # applies exactly that plan`,
    '```',
    '',
    `\`make help\` lists every target; a wrong \`ENV\` or \`CLOUD\` stops with the allowed values (${environments.join(
      ', ',
    )} and ${clouds.join(', ')}).`,
    '',
    `In CI, \`.github/workflows/plan.yaml\` plans every environment and cloud on each pull request and comments the results; \`.github/workflows/apply.yaml\` applies on every push to \`main\`, one environment after the other (${environments.join(
      ' → ',
    )}), each job in the GitHub environment of the same name${approval}. Only one apply runs at a time. \`.github/workflows/destroy.yaml\` tears one environment down by hand, after its reviewers approve (\`docs/operations.md\`, "Destroy").`,
    '',
    '## Deploy',
    '',
    ...deploySection(spec),
    ...appEnvironmentGuide(spec),
    observeGuide(spec),
    '## Run locally',
    '',
    `\`make compose-up\` starts the application with local stand-ins for its services (${localStackSummary(
      spec,
    )}) from \`deploy/compose\`; \`make compose-logs\` follows the logs and \`make compose-down\` stops it. The application gets the same variable names as ${cloudRuntimePhrase(
      spec,
    )}. See \`docs/local-stack.md\`.`,
    '',
    '## Validate',
    '',
    `\`make validate\` checks formatting, validates every Terraform root without a backend${
      kubernetesTargets(spec).length > 0 ? ',' : ' and'
    } runs the \`tests/*.tftest.hcl\` of the roots that have them (\`terraform test\` with mocked providers: no cloud account needed)${
      kubernetesTargets(spec).length > 0 ? ' and builds every overlay' : ''
    }; \`.github/workflows/validate.yaml\` runs the same checks on every push and pull request.`,
    '',
    '## Repository layout',
    '',
    repositoryLayout(spec),
    '',
    'More in the TechDocs of this component (`docs/`): architecture and an operations runbook.',
    '',
  ];
  return sections.join('\n');
}
