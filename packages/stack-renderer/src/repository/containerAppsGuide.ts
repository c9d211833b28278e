import { appSettings } from '../spec/appSettings';
import type { StackSpec } from '../spec/stackSpec';
import { containerAppSize } from '../terraform/azure/containerAppSize';
import { containerAppsTargets } from '../terraform/azure/containerAppsWarnings';
import { containerAppsExternal } from '../terraform/azure/azureServerlessModule';
import { CONTAINER_APPS_CONCURRENCY } from '../terraform/azure/azureServerlessRoot';
import { PLACEHOLDER_IMAGE } from '../terraform/common/firstRevisionImage';
import { CONTAINER_APPS_SCRIPT_PATH } from './containerAppsScript';

/**
 * The README's note on the Azure serverless targets (none without one): where the details are.
 */
export function containerAppsNote(spec: StackSpec): string[] {
  const targets = containerAppsTargets(spec);
  if (targets.length === 0) return [];
  return [
    `${targets
      .map(target => `${target.environment}/${target.cloud}`)
      .join(', ')} run${
      targets.length === 1 ? 's' : ''
    } the application without a cluster (\`spec.compute: serverless\`) as an Azure Container App (\`infra/modules/serverless/azure\`); \`make deploy\` and \`make rollback\` run \`${CONTAINER_APPS_SCRIPT_PATH}\`. What it runs as, what it scales on and how a rollback works: \`docs/operations.md\`, "Serverless on Azure: Container Apps".`,
    '',
  ];
}

/**
 * The operations guide's section on the Azure serverless target (none when no Azure environment
 * runs serverless): what the container app runs as, how it reaches the data services and is
 * reached, what it scales on, how to deploy and roll back, and the one-time hand steps.
 */
export function containerAppsGuide(spec: StackSpec): string[] {
  const targets = containerAppsTargets(spec);
  if (targets.length === 0) return [];
  const name = spec.metadata.name;
  const { host } = spec.spec.app.ingress;
  const { hpa } = spec.spec.app;
  const first = targets[0].environment;
  const external = containerAppsExternal(spec);
  const psqlSource = spec.spec.services.registry
    ? "through the stack registry's artifact cache of Docker Hub, pulled with the job's identity (AcrPull), so Docker Hub's anonymous pull limit on the environment's NAT address never stops it"
    : "without a stack registry from Amazon ECR Public's copy of the Docker official image (`public.ecr.aws/docker/library/postgres`), whose anonymous pulls are limited per second rather than by Docker Hub's hourly limit on the NAT address the environment shares";
  const rows = targets.map(target => {
    const size = containerAppSize(
      appSettings({ spec, environment: target.environment }).resources,
    );
    return `| ${target.environment} | \`${name}-${target.environment}\` | \`${name}-${target.environment}-app\` | ${target.hpa.min} | ${target.hpa.max} | ${size.cpu} vCPU, ${size.memoryGib} GiB |`;
  });
  return [
    '## Serverless on Azure: Container Apps',
    '',
    `${targets
      .map(target => target.environment)
      .join(
        ', ',
      )} on Azure run the application as an Azure Container App instead of AKS: no cluster and no manifests. Terraform creates a workload profiles environment in the stack VNet and the app in \`infra/modules/serverless/azure\`; \`make deploy\` and \`make rollback\` change its image and traffic afterwards, and Terraform leaves both alone.`,
    '',
    '| Environment | Container app | Runs as (managed identity) | Replicas at rest | Most replicas | Container size |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    "- **Identity:** the app runs as the environment's user-assigned identity `<stack>-<environment>-app`, the same identity AKS gives the pods through workload identity; `AZURE_CLIENT_ID` selects it for the Azure SDKs. The data services grant their roles to it (PostgreSQL Entra authentication, Azure Managed Redis, Event Hubs, Blob), it pulls images from the stack registry (AcrPull, no admin user) and reads Key Vault references (Key Vault Secrets User).",
    "- **Network:** the environment lives in the subnet `container-apps` (a /24 of the VNet, delegated to `Microsoft.App/environments`, outbound through the NAT gateway). The data services' private endpoints and PostgreSQL's delegated subnet admit it; nothing else in the VNet reaches them.",
    external
      ? `- **Ingress:** external, HTTPS only (HTTP redirects). Until \`${host}\` is bound the app answers on \`terraform output container_app_fqdn\` (a Microsoft certificate). Bind the host once per environment with a free managed certificate: create a CNAME from \`${host}\` to that FQDN and a TXT record \`asuid.${host}\` with \`terraform output custom_domain_verification_id\`, then \`az containerapp hostname add\` and \`az containerapp hostname bind --hostname ${host} --environment <stack>-<environment>-aca --validation-method CNAME\` (name and resource group from \`terraform output\`). Azure renews the certificate itself.`
      : '- **Ingress:** internal: the environment has a private IP only, and `terraform output container_app_fqdn` resolves inside the VNet (a private DNS zone for the environment domain). Set `spec.app.ingress.host` with `tls: true` to serve it to the internet over HTTPS.',
    "- **Secrets:** none are needed by the stack's services (they all sign in with the identity). Put an application secret into the environment's Key Vault and list it in the module's `key_vault_secrets` (variable name => versionless secret ID): the app reads it as a Key Vault reference at revision start; no value passes through Terraform.",
    '- **Logs and alerts:** console and system logs go to the Log Analytics workspace `<stack>-<environment>-logs` (`ContainerAppConsoleLogs_CL`, `ContainerAppSystemLogs_CL`). Azure Monitor metric alerts (`infra/modules/serverless-monitoring/azure`: 5xx responses, CPU and memory near the limits, restarts, replicas at the maximum; "Monitoring" below) go to the action group `<stack>-<environment>-app-alerts`, which mails `alert_email`.',
    '',
    '### What scales on what',
    '',
    `KEDA scale rules add replicas when the running ones serve ${CONTAINER_APPS_CONCURRENCY} concurrent HTTP requests each, or average CPU passes \`spec.app.hpa.cpu\` (${
      hpa.cpu
    } %)${
      hpa.memory !== undefined
        ? `, or memory passes \`spec.app.hpa.memory\` (${hpa.memory} %)`
        : ''
    }, between \`spec.app.hpa.min\` (kept running) and \`spec.app.hpa.max\`.${
      hpa.latencyMs !== undefined
        ? ' Container Apps has no latency rule: `spec.app.hpa.latencyMs` applies to the AWS target only.'
        : ''
    } The Consumption profile takes containers of 0.25 to 4 vCPU with 2 GiB per vCPU; the limits are rounded up to the next such pair.`,
    '',
    '### Deploy and roll back',
    '',
    '```sh',
    `make image-push ENV=${first} CLOUD=azure SOURCE_IMAGE=<image>   # az acr import, remembers the digest`,
    `make deploy ENV=${first} CLOUD=azure                           # new revision, waits until Healthy`,
    `make rollback ENV=${first} CLOUD=azure                         # all traffic back to the previous revision`,
    '```',
    '',
    `Both run \`${CONTAINER_APPS_SCRIPT_PATH}\`. The app is in revision mode Multiple: a deploy creates a revision (\`az containerapp update --image\`), waits until its probes on \`${spec.spec.app.healthPath}\` make it Healthy (an Unhealthy one never takes traffic and fails the deploy), gives it all traffic and deactivates the older revisions (an active revision keeps its minimum replicas running and billed). A rollback reactivates the revision before the serving one, waits until it is Healthy and moves all traffic to it (\`az containerapp ingress traffic set\`). The CI identity of each environment is Contributor on its own resource group, which covers these commands and reaches no other environment.`,
    '',
    spec.spec.services.registry
      ? `Creating the container app provisions its first revision, and an image Container Apps cannot pull fails \`terraform apply\` ("Failed to provision revision"). The stack registry is empty until \`make image-push\` after that apply, so the first revision runs Google's public sample container \`${PLACEHOLDER_IMAGE}\` (it listens on \`PORT\`, which the app receives as the ingress target port, and answers the probes on every path) until \`make deploy\`, the next steps of the same workflow, rolls out the application's copy by digest. Terraform ignores the image from then on, and \`make rollback\` never goes back to the placeholder.`
      : 'The first `terraform apply` starts the app with `spec.app.image` itself, which Container Apps pulls without credentials (there is no stack registry), as it does on every deploy.',
    '',
    spec.spec.services.postgres
      ? `The application's PostgreSQL role needs no hand step: a Container Apps environment has no cluster for the psql pod of \`make database-user\`, so the database module adds a manually triggered Container Apps job (\`database_role_job\` in \`terraform output\`) in the environment, which reaches the server's private address. It runs \`postgres:17-alpine\` (${psqlSource}) as a user-assigned identity of its own, an Entra administrator of this server and nothing else (Entra administrators are members of \`azure_pg_admin\`, the only ones who may call \`pgaadauth_create_principal_with_oid\`): it takes an access token for \`https://ossrdbms-aad.database.windows.net\` from the Container Apps managed identity endpoint (\`IDENTITY_ENDPOINT\`, \`IDENTITY_HEADER\`), connects with \`sslmode=verify-full\` against the system CAs, runs \`infra/modules/database/azure/app_role.sql\` (idempotent) and checks that the role exists and holds its grants. \`make database-user\` (run by the apply workflow after every apply) starts it (\`az containerapp job start\`) and waits until the execution Succeeded or Failed (\`az containerapp job execution show\`); a failed execution fails the target, and its logs are in the environment's Log Analytics workspace (\`az containerapp job logs show\`).`
      : undefined,
    spec.spec.services.postgres ? '' : undefined,
    'Documentation this follows (Microsoft Learn): "Networking in Azure Container Apps environment" (workload profiles, subnet size and delegation, NAT gateway), "Custom domain names and free managed certificates in Azure Container Apps", "Manage revisions in Azure Container Apps" (revision modes, traffic splitting), "Set scaling rules in Azure Container Apps", "Health probes in Azure Container Apps", "Manage secrets in Azure Container Apps" (Key Vault references), "Azure Container Apps image pull with managed identity"; Terraform registry, hashicorp/azurerm 4.x `azurerm_container_app` and `azurerm_container_app_environment`.',
    '',
  ].filter((line): line is string => typeof line === 'string');
}
