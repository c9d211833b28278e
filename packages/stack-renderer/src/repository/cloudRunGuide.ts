import { PLACEHOLDER_IMAGE } from '../terraform/common/firstRevisionImage';
import { gcpAppServiceAccountId } from '../naming';
import { gcpServices } from '../terraform/gcp/gcpServices';
import { gcpProject } from '../spec/gcpProject';
import type { StackSpec } from '../spec/stackSpec';
import {
  CLOUD_RUN_GPU_ACCELERATOR,
  CLOUD_RUN_GPU_MIN,
  cloudRunTargetSize,
} from '../terraform/gcp/cloudRunResources';
import {
  cloudRunBehindLoadBalancer,
  CLOUD_RUN_EGRESS,
} from '../terraform/gcp/gcpServerlessModule';
import { CLOUD_RUN_CONCURRENCY } from '../terraform/gcp/gcpServerlessRoot';
import { cloudRunTargets } from '../terraform/gcp/cloudRunWarnings';
import { CLOUD_RUN_SCRIPT_PATH } from './cloudRunScript';

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : items[0] ?? '';
}

/**
 * The operations guide's section on the GCP serverless target (none when no GCP environment runs
 * serverless): what Cloud Run runs as, how it reaches the data services and is reached, what it
 * scales on (and what of spec.app.hpa it cannot apply), and how to deploy and roll back.
 */
export function cloudRunGuide(spec: StackSpec): string[] {
  const targets = cloudRunTargets(spec);
  if (targets.length === 0) return [];
  const name = spec.metadata.name;
  const { host } = spec.spec.app.ingress;
  const { hpa } = spec.spec.app;
  const first = targets[0].environment;
  const rows = targets.map(target => {
    const size = cloudRunTargetSize(spec, target.environment);
    const account = `${gcpAppServiceAccountId({
      name,
      environment: target.environment,
    })}@${gcpProject({
      spec,
      environment: target.environment,
    })}.iam.gserviceaccount.com`;
    return `| ${target.environment} | \`${name}-${target.environment}\` | \`${account}\` | ${target.hpa.min} | ${target.hpa.max} | ${size.cpu} vCPU, ${size.memoryMib} MiB |`;
  });
  const { services } = spec.spec;
  // Where each data service is reached: its own egress entry.
  const reached = gcpServices(spec).flatMap(service =>
    service.egress ? [service.egress.description] : [],
  );
  const unapplied = [
    `\`spec.app.hpa.cpu\` (${hpa.cpu} %)`,
    hpa.memory !== undefined && `\`spec.app.hpa.memory\` (${hpa.memory} %)`,
    hpa.latencyMs !== undefined &&
      `\`spec.app.hpa.latencyMs\` (${hpa.latencyMs} ms)`,
  ].filter((field): field is string => Boolean(field));
  const adjustments = targets.flatMap(target =>
    cloudRunTargetSize(spec, target.environment).adjustments.map(
      adjustment => `${target.environment}: ${adjustment}`,
    ),
  );
  return [
    '## Serverless on GCP: Cloud Run',
    '',
    `${targets
      .map(target => target.environment)
      .join(
        ', ',
      )} on GCP run the application on a Cloud Run (v2) service instead of GKE: no cluster and no manifests. Terraform creates the service in \`infra/modules/serverless/gcp\`; \`make deploy\` and \`make rollback\` change its image and traffic afterwards, and Terraform leaves both alone.`,
    '',
    '| Environment | Service | Runs as | Instances at rest | Most instances | Instance size |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    "- **Identity:** the service runs as the application's own service account, the same identity the Kubernetes target gives the pods through Workload Identity. The data services' modules grant their roles to it (Cloud SQL IAM authentication, the Memorystore secrets, the bucket), as they do on Kubernetes; nothing else does.",
    `- **Network:** direct VPC egress into the stack's subnet with egress \`${CLOUD_RUN_EGRESS}\`${
      reached.length > 0
        ? `: ${listed(reached)} ${
            reached.length > 1 ? 'are' : 'is'
          } reached on private addresses`
        : ''
    }; Google APIs and the internet are reached directly, without Cloud NAT, so the service has no fixed outbound IP. Set the egress to \`ALL_TRAFFIC\` in the module if a partner must allow-list one (the subnet's Cloud NAT then carries it).`,
    host && cloudRunBehindLoadBalancer(spec)
      ? `- **Ingress:** an external HTTPS load balancer (serverless NEG, Google-managed certificate for \`${host}\`, TLS 1.2 or newer) is the only way in: the service's ingress is internal-and-load-balancer, so its \`run.app\` URL refuses the internet. Point the DNS record of \`${host}\` at \`terraform output ingress_ip_address\`; the certificate is issued once it resolves there (up to an hour). Only port 443 is served.`
      : '- **Ingress:** internal only: the service answers callers in the VPC that present an ID token with `roles/run.invoker`. Set `spec.app.ingress.host` to put an HTTPS load balancer in front of it.',
    services.redis &&
      '- **Secrets:** the Memorystore AUTH string and CA certificates reach the container as `REDIS_AUTH` and `REDIS_CA_CERTS`, Secret Manager references Cloud Run resolves at instance start (version `latest`); no value passes through Terraform or this repository. The other variables are the ones the README lists.',
    "- **Logs:** stdout, stderr and the request log go to Cloud Logging (resource type `cloud_run_revision`), with the load balancer's request log where there is one.",
    spec.spec.app.gpu &&
      `- **GPU:** every instance has one NVIDIA L4 (\`spec.app.gpu\`; \`node_selector.accelerator = "${CLOUD_RUN_GPU_ACCELERATOR}"\`), so it has at least ${CLOUD_RUN_GPU_MIN.cpu} vCPU and 16 GiB and CPU always allocated. Zonal redundancy is off (\`gpu_zonal_redundancy\` in the module): GPU capacity is best effort if a zone fails, at the lower price COST.md uses; turn it on for failover at a higher GPU price. Request the Cloud Run GPU quota of the region (zonal redundancy off) before the first apply: new projects have none, and \`spec.app.hpa.max\` instances need as many GPUs. Locally, \`make compose-up GPU=1\` adds \`deploy/compose/docker-compose.gpu.yml\` for the same container.`,
    '',
    '### What scales on what',
    '',
    `Cloud Run adds instances when the running ones serve ${CLOUD_RUN_CONCURRENCY} concurrent requests each or pass its own CPU target (60 %), between \`spec.app.hpa.min\` (kept running and billed every second: CPU stays allocated between requests, so background work keeps running) and \`spec.app.hpa.max\`. It has no memory or latency target, and its CPU target is not configurable: ${listed(
      unapplied,
    )} ${
      unapplied.length > 1 ? 'apply' : 'applies'
    } to the Kubernetes and AWS targets only.${
      adjustments.length > 0
        ? ` Cloud Run takes whole vCPUs with this billing and at least 512 MiB (4 vCPU and 16 GiB with a GPU), so the container limits were rounded up: ${adjustments.join(
            '; ',
          )}.`
        : ''
    }`,
    '',
    '### Deploy and roll back',
    '',
    '```sh',
    `IMAGE=<local image> scripts/push-image.sh gcp ${first}   # prints <repository>@sha256:...`,
    `make deploy ENV=${first} CLOUD=gcp IMAGE=<that reference>   # gcloud run deploy, waits for the new revision`,
    `make rollback ENV=${first} CLOUD=gcp                       # all traffic to the revision before the serving one`,
    '```',
    '',
    `Both run \`${CLOUD_RUN_SCRIPT_PATH}\`. A revision that fails its startup probe on \`${spec.spec.app.healthPath}\` never receives traffic, and the serving one stays. The CI service account of each environment holds \`roles/run.admin\` and \`roles/iam.serviceAccountUser\` in that environment's project only (and no GKE role).`,
    '',
    spec.spec.services.registry
      ? `Cloud Run imports the image of a revision when it creates it, so the first \`terraform apply\` creates the service on Google's public sample container \`${PLACEHOLDER_IMAGE}\` (\`app.image\` in \`terraform.tfvars\`; it answers every path, the probes too): the environment's Artifact Registry is empty until \`make image-push\` after that apply. \`make deploy\`, the next steps of the same workflow, rolls out the application; Terraform ignores the image from then on, and \`make rollback\` never goes back to the placeholder.`
      : 'The first `terraform apply` creates the service with `spec.app.image` itself (`app.image` in `terraform.tfvars`; there is no stack registry), which Cloud Run imports then: it must be a public image on Docker Hub or GitHub Container Registry, or one in Artifact Registry.',
    '',
  ].filter((line): line is string => typeof line === 'string');
}
