import { EKS_TUNNEL_PORT } from '../terraform/aws/awsClusterAccessModule';
import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { applySetName } from './makefileDeployTargets';
import {
  deploymentTargets,
  hasClusterOn,
  kubernetesTargets,
  stackClouds,
  stackEnvironments,
} from '../spec/deploymentTargets';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import {
  serverlessDocs,
  serverlessTargets,
  targetList,
} from './serverlessDocs';

/**
 * How CI (and people) reach each private control plane: one sentence per cloud with a Kubernetes
 * target. Every path works from a GitHub-hosted runner, so no runner has to live in (or be peered
 * into) nine networks.
 */
export function clusterPaths(spec: StackSpec): string[] {
  const clouds = [
    ...new Set(kubernetesTargets(spec).map(target => target.cloud)),
  ];
  const cidrs = spec.spec.cluster.publicEndpointCidrs;
  return [
    ...(clouds.includes('aws')
      ? [
          `- **EKS:** the API endpoint is private${
            cidrs.length > 0
              ? ` (and admits ${cidrs.map(cidr => `\`${cidr}\``).join(', ')})`
              : ''
          }. \`infra/modules/cluster-access/aws\` runs a small relay (t4g.nano, no inbound rules, no public address) in a private subnet that only runs the SSM agent; \`make k8s-tunnel\` opens an AWS Systems Manager port-forwarding session (\`AWS-StartPortForwardingSessionToRemoteHost\`) through it to the endpoint on 127.0.0.1:${EKS_TUNNEL_PORT} and points kubectl there (TLS still verifies the endpoint's name). Who may open a tunnel is an IAM question (\`ssm:StartSession\` on the relay), and kubectl still authenticates to EKS with its own IAM identity and access entry.`,
        ]
      : []),
    ...(clouds.includes('gcp')
      ? [
          '- **GKE:** the IP endpoint is private; CI and people use the DNS-based control-plane endpoint, which Google fronts and which admits only IAM-authenticated callers (`gcloud container clusters get-credentials --dns-endpoint`, `use_dns_based_endpoint` in the workflow).',
        ]
      : []),
    ...(clouds.includes('azure')
      ? [
          "- **AKS:** the API server is private (VNet integration). Every kubectl command of the Makefile runs through `az aks command invoke`: Azure starts it in a pod of the cluster with the caller's Entra token and the files it needs, so it can do what the caller's AKS RBAC roles allow (each environment's CI identity has them on its own cluster only), and the activity log records every call.",
        ]
      : []),
  ];
}

/**
 * With `spec.app.build`, the step before the environments: the image is built once per commit of
 * the application's repository, and each environment copies exactly that digest.
 */
function buildStep(spec: StackSpec): string[] {
  const build = spec.spec.app.build;
  if (!build) return [];
  return [
    `0. **build-image** (once per run, before the environments) checks out \`${build.repository}\` at \`${build.ref}\` and builds \`${build.context}/${build.dockerfile}\` with docker buildx (linux/amd64) into the GitHub Container Registry of this repository, tagged with the commit; a commit built before is reused, not rebuilt. It holds no cloud identity (\`packages: write\` only). For a private application repository give the workflow an \`APP_SOURCE_TOKEN\` secret: a fine-grained token (or GitHub App token) with *Contents: read* on that repository only; the workflow's own token reaches only this repository and public ones. In step 3 each environment copies that image by digest into its own registry, tagged with the commit, with its own CI identity, and fails if the registry holds other bytes under that tag; the overlay is pinned to the build's digest. Dispatching the workflow with an \`image\` deploys that image instead.`,
  ];
}

/** `Kubernetes environments (dev/aws): ` where a stack mixes compute targets, else nothing. */
function computePrefix(
  spec: StackSpec,
  label: 'Kubernetes' | 'Serverless',
  targets: readonly ResolvedEnvironment[],
): string {
  const mixed =
    kubernetesTargets(spec).length > 0 && serverlessTargets(spec).length > 0;
  return mixed ? `${label} environments (${targetList(targets)}): ` : '';
}

/** What the serverless deploy or rollback does, cloud by cloud. */
function serverlessRelease(
  targets: readonly ResolvedEnvironment[],
  step: 'deploy' | 'smoke' | 'rollback',
): string {
  return [...new Set(targets.map(target => target.cloud))]
    .map(
      cloud =>
        `on ${CLOUD_NAMES[cloud]} it ${serverlessDocs(cloud).release[step]}`,
    )
    .join('; ');
}

/** Steps 3 to 6 of the release flow: pin the image, roll it out, check it, roll back on failure. */
function releaseSteps(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec);
  const serverless = serverlessTargets(spec);
  const host = spec.spec.app.ingress.host;
  const kube = (text: string) =>
    kubernetes.length > 0
      ? [`${computePrefix(spec, 'Kubernetes', kubernetes)}${text}`]
      : [];
  const service = (text: string) =>
    serverless.length > 0
      ? [`${computePrefix(spec, 'Serverless', serverless)}${text}`]
      : [];
  let pinned = 'the overlay';
  let puller = 'the cluster never pulls from outside its own registry';
  if (kubernetes.length === 0) {
    pinned = 'the deploy';
    puller = 'the service never pulls from outside its own registry';
  } else if (serverless.length > 0) {
    pinned = 'the overlay (Kubernetes) or the deploy (serverless)';
    puller =
      'neither the clusters nor the services pull from outside their own registry';
  }
  const smoke = host
    ? `; \`make smoke\` then requests \`${spec.spec.app.healthPath}\` through the Ingress at \`${host}\`, retrying for five minutes while the load balancer, DNS and certificate come up (on the very first deploy they may take longer: re-run the job)`
    : '';
  // Serverless: the platform's own address, since the host may not be live after the first apply.
  const serverlessSmoke = host
    ? `; \`make smoke\` then requests \`${
        spec.spec.app.healthPath
      }\` from the new release where the platform serves it right after apply, retrying for five minutes: ${serverlessRelease(
        serverless,
        'smoke',
      )}. It then checks \`${
        spec.spec.app.ingress.tls ? 'https' : 'http'
      }://${host}\` once, as a warning only: a host whose DNS record, certificate or binding is not live yet is the state of a fresh environment, not a fault of the release, and never triggers a rollback`
    : '';
  return [
    `3. ${
      spec.spec.services.registry
        ? `\`make image-push\` copies the image into this environment's registry (\`docker buildx imagetools create\` to ECR and Artifact Registry, \`az acr import\` into ACR, which has no public endpoint) and pins ${pinned} to the digest the registry holds; ${puller}.`
        : '`make k8s-image` pins the overlay to the digest the image tag resolves to.'
    } The run summary records the digest each environment deployed.`,
    `4. ${[
      ...kube(
        `\`make k8s-apply\` applies the overlay with server-side apply and an ApplySet (\`${applySetName(
          spec,
        )}\` ConfigMap in the namespace): objects removed from the overlay are pruned from the cluster.`,
      ),
      ...service(
        `\`make deploy\` rolls the image out with \`scripts/serverless-<cloud>.sh\`: ${serverlessRelease(
          serverless,
          'deploy',
        )}.`,
      ),
    ].join(' ')}`,
    `5. ${[
      ...kube(
        `\`make k8s-verify\` waits for \`kubectl rollout status\` (every new pod passed its readiness probe) and checks that the Service has ready endpoints${smoke}.`,
      ),
      ...service(
        `\`make deploy\` returns only once the new release is healthy${serverlessSmoke}.`,
      ),
    ].join(' ')}`,
    `6. ${[
      ...kube(
        'If the deploy or a check fails, `make k8s-rollback` rolls the Deployment back to its previous revision (`kubectl rollout undo`) and waits for it; the job stays red. Roll back by hand the same way: `make k8s-rollback ENV= CLOUD=`.',
      ),
      ...service(
        `If the deploy or a check fails, \`make rollback\` returns to the release before (${serverlessRelease(
          serverless,
          'rollback',
        )}); the job stays red. On the first deploy of an environment there is no release before (the revision terraform apply created is none), so the rollback says "Nothing to roll back to" and leaves the service as it is: fix forward with \`make deploy IMAGE=\`. Roll back by hand the same way: \`make rollback ENV= CLOUD=\`.`,
      ),
    ].join(' ')}`,
  ];
}

/** The runbook's "How CI reaches the clusters", only where an environment runs a cluster. */
function clusterAccessSection(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec);
  if (kubernetes.length === 0) return [];
  return [
    '## How CI reaches the clusters',
    '',
    `${computePrefix(
      spec,
      'Kubernetes',
      kubernetes,
    )}Every control plane is private, and every path below works from a GitHub-hosted runner, so no self-hosted runner has to sit in (or be peered into) the networks:`,
    '',
    ...clusterPaths(spec),
    '',
  ];
}

/**
 * The documentation the release path and CI identities follow: the GitHub and Terraform pages
 * always, each cloud's private-endpoint page only where it runs a cluster, SSM where AWS is.
 */
function deployPathSources(spec: StackSpec): string[] {
  return [
    'GitHub Docs, "Security hardening for GitHub Actions" (pinning actions to a full-length commit SHA), "Using environments for deployment" (required reviewers) and "About security hardening with OpenID Connect"',
    ...(stackClouds(spec).includes('aws')
      ? [
          'AWS Systems Manager User Guide, "Starting a session" (port forwarding to remote hosts)',
        ]
      : []),
    ...(hasClusterOn(spec, 'aws')
      ? [
          'Amazon EKS User Guide, "Cluster API server endpoint" (private endpoints)',
        ]
      : []),
    ...(hasClusterOn(spec, 'gcp')
      ? [
          'Google Kubernetes Engine documentation, "About control plane access" (DNS-based endpoint)',
        ]
      : []),
    ...(hasClusterOn(spec, 'azure')
      ? [
          'Microsoft Learn, "Access a private Azure Kubernetes Service cluster using the command invoke feature"',
        ]
      : []),
    ...(kubernetesTargets(spec).length > 0
      ? [
          'Kubernetes documentation, "Declarative Management of Kubernetes Objects Using Configuration Files" (ApplySet-based pruning)',
        ]
      : []),
    'Terraform documentation, "terraform apply" (saved plans)',
  ];
}

/** `docs/operations.md` sections: the release flow, the deploy path, the address plan, and sources. */
export function deployPathGuide(spec: StackSpec): string[] {
  const environments = stackEnvironments(spec);
  const gated = environments.filter(environment => environment !== 'dev');
  return [
    '## Release flow',
    '',
    `\`.github/workflows/apply.yaml\` runs on every push to \`main\` (and by hand, with an \`image\` input to release another image). For each environment in order (${environments.join(
      ' → ',
    )}):`,
    '',
    ...buildStep(spec),
    '1. **plan-<environment>** plans every cloud with the read-only plan identity, writes the plan to the run summary and keeps the plan file and the provider lock file as an artifact. It runs only after the environment before it has been applied, so the plan reads current state.',
    `2. **apply-<environment>** runs in the GitHub environment of the same name. ${
      gated.length > 0
        ? `Give ${gated
            .map(environment => `\`${environment}\``)
            .join(
              ' and ',
            )} required reviewers (repository settings → Environments): they approve after reading the plan above, and the job applies exactly that plan file (Terraform refuses a plan whose state moved since: "Saved plan is stale"; re-run the workflow).`
        : 'It applies exactly the plan file of the job before.'
    }`,
    ...releaseSteps(spec),
    '',
    'A saved plan can hold values of the resources it changes. The roots keep no secrets in Terraform (database passwords are managed by the cloud), and the artifact is kept 7 days and readable only by people who can read the repository.',
    '',
    ...clusterAccessSection(spec),
    '## Network address plan',
    '',
    `Each environment and cloud has its own /16 (\`spec.network.cidr\` is the first block of the plan; \`spec.network.cidrs\` pins single targets to other blocks), so any two networks, or a VPN or runner network of yours, can be peered later without renumbering:`,
    '',
    '| Environment | Cloud | Network |',
    '| --- | --- | --- |',
    ...deploymentTargets(spec).map(
      target =>
        `| ${target.environment} | ${CLOUD_NAMES[target.cloud]} | \`${
          target.cidr
        }\` |`,
    ),
    '',
    '## CI identities',
    '',
    '- Plans (pull requests, and `main` before each approval) use one read-only identity per cloud (per project on GCP) that can read state and configuration but no application data, and takes no state lock.',
    "- Each environment's apply identity is trusted only for jobs in the GitHub environment of its name (immutable `sub` claim). On AWS a permissions boundary keeps it to its own environment: no other environment's state or tagged resources, no CI roles, no role chaining. An account (project, subscription) per environment is the hard isolation; the boundary is the second line.",
    "- Every action in the workflows is pinned to a full commit SHA, with its release in a comment (Dependabot's github-actions updater, once enabled, updates both).",
    '',
    `Documentation this follows: ${deployPathSources(spec).join('; ')}.`,
    '',
  ];
}
