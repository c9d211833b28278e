import {
  ALERT_MINUTES,
  serverlessAlerts,
  type ServerlessAlert,
} from '../monitoring/serverlessAlerts';
import { runsKubernetes } from '../spec/computeTarget';
import { deploymentTargets } from '../spec/deploymentTargets';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { CONTAINER_APP_ALERTS } from '../terraform/azure/azureServerlessMonitoringModule';

/**
 * What the docs say about a cloud's serverless target: the diagram's nodes, where the logs and
 * alerts are, and what a teardown does to the running service. One entry per cloud that renders
 * serverless; a cloud adds its own here.
 */
export interface ServerlessCloudDocs {
  /** The architecture diagram: what takes the traffic, given whether the stack has a host. */
  entry(host: boolean): string;
  /** The product that runs the container, for the architecture's managed services table. */
  product: string;
  /** The environments table's "Application nodes" of a serverless environment. */
  nodes: string;
  /** What the service scales and what scales it, for the environments table (`Tasks`, `Application Auto Scaling`). */
  scaling: { unit: string; by: string };
  /** The architecture diagram: the service, with its scaling bounds. */
  service(hpa: { min: number; max: number }): string;
  /** Where the container logs are, and a command that reads them (`$ENV` set). */
  logs: { where: string; command: string };
  /** The architecture's monitoring row: what watches the serverless service. */
  monitoring: string;
  /** Where the dashboard is and where the alerts go. */
  dashboard: string;
  alerts: string;
  /** The cloud's own capacity alerts, after the common ones (monitoring/serverlessAlerts.ts). */
  capacityAlerts: ServerlessAlert[];
  /**
   * The cloud's whole alert list instead of the common one plus capacityAlerts, where its
   * platform metrics cannot express the common alerts (Azure: no response time, no ratios).
   */
  ownAlerts?: readonly ServerlessAlert[];
  /** What `terraform destroy` does to the running service before the network goes. */
  drain: string;
  /** The identity the service reaches the cloud's services with, for the diagram's edges. */
  identity: string;
  /** What one release of the service is: a new one per deploy and per settings change. */
  revision: string;
  /** Where the container's settings (`PORT`, the service endpoints, `app_env`) are set. */
  settings: string;
  /**
   * The release flow: what `make deploy` does, where `make smoke` asks for the health path before
   * the custom host is live, and what `make rollback` returns to.
   */
  release: { deploy: string; smoke: string; rollback: string };
  /** The runbook's Rotate: who upgrades the runtime under the container (no Kubernetes version). */
  runtime: string;
}

const AWS: ServerlessCloudDocs = {
  entry: () => 'Application Load Balancer',
  product: 'Amazon ECS on AWS Fargate',
  monitoring:
    'CloudWatch alarms (to SNS) and dashboard + CloudWatch Logs (serverless)',
  nodes: 'none (ECS on Fargate tasks)',
  scaling: { unit: 'Tasks', by: 'Application Auto Scaling' },
  service: hpa =>
    `ECS service on Fargate · ${hpa.min}-${hpa.max} tasks (Application Auto Scaling)`,
  logs: {
    where:
      'CloudWatch Logs, log group `/ecs/<stack>-<environment>` (output `application_log_group`, KMS-encrypted, the environment retention); the load balancer access logs go to the S3 bucket `<stack>-<environment>-alb-logs-<account>`',
    command:
      'aws logs tail "$(terraform -chdir=infra/envs/$ENV/aws output -raw application_log_group)" --follow --since 1h',
  },
  dashboard:
    'CloudWatch dashboard `<stack>-<environment>` (output `monitoring_dashboard_url`): the alarms, requests and 5xx, response time p50/p95/p99, CPU and memory, desired and running tasks',
  alerts:
    'CloudWatch alarms publish to the KMS-encrypted SNS topic `<stack>-<environment>-alerts` (output `alerts_topic_arn`), which mails `alert_email` once the recipient confirms the subscription email, both when an alarm fires and when it clears',
  capacityAlerts: [
    {
      id: 'unhealthy-targets',
      summary:
        'A task fails the load balancer health check (the health path does not answer 2xx or 3xx) for 3 minutes',
    },
    {
      id: 'running-tasks',
      summary: `Fewer tasks running than desired for ${ALERT_MINUTES.capacity} minutes (tasks fail to start or keep stopping: read the service events and the logs)`,
    },
  ],
  identity: 'ECS task role',
  revision: 'ECS task definition revision',
  settings: 'the container `environment` of the ECS task definition',
  release: {
    deploy:
      'registers a task definition revision from the one Terraform manages (its settings) with the image and updates the ECS service, which replaces the tasks (minimum healthy 100 %, deployment circuit breaker) and waits until the service is stable',
    smoke:
      "asks the Application Load Balancer by its own DNS name for the host (`curl --connect-to`), so neither the host's DNS record nor the time it takes to appear holds the check up",
    rollback:
      'points the service back at the release the last deploy replaced (never at the revision Terraform manages) and waits until it is stable',
  },
  runtime:
    'the tasks run on Fargate platform version `LATEST`, which AWS patches; a task picks up the current platform revision when it is replaced (every deploy), and AWS retires tasks on a revision due for patching after notice (Amazon ECS Developer Guide, "Fargate platform versions", "Task retirement and maintenance for AWS Fargate")',
  drain:
    'it stops the tasks, the load balancer deregisters them after the 30-second deregistration delay, then the service, the load balancer and the network go',
};

const GCP: ServerlessCloudDocs = {
  product: 'Cloud Run',
  monitoring:
    'Cloud Monitoring alert policies and dashboard + Cloud Logging (serverless)',
  nodes: 'none (Cloud Run instances)',
  scaling: { unit: 'Instances', by: 'Cloud Run autoscaling' },
  entry: host =>
    host
      ? 'External Application Load Balancer (serverless NEG)'
      : 'Internal callers (ingress internal only)',
  service: hpa =>
    `Cloud Run v2 service · ${hpa.min}-${hpa.max} instances · direct VPC egress`,
  logs: {
    where:
      'Cloud Logging, resource type `cloud_run_revision` of the service (stdout and stderr, request logs); Logs Explorer, or the service page in the console',
    command:
      'gcloud logging read "resource.type=cloud_run_revision AND resource.labels.service_name=$(terraform -chdir=infra/envs/$ENV/gcp output -raw service_name)" --project "$(terraform -chdir=infra/envs/$ENV/gcp output -raw project_id)" --freshness 1h',
  },
  dashboard:
    'Cloud Monitoring dashboard `<stack>-<environment>` (Monitoring > Dashboards; output `monitoring_dashboard_id`): requests by response class, latency p50/p95/p99, CPU and memory, instances by state',
  alerts:
    'Cloud Monitoring alert policies (PromQL over the built-in Cloud Run metrics) notify an email channel for `alert_email` and any channel in `alert_notification_channels`',
  capacityAlerts: [
    {
      id: 'at-max-instances',
      summary: `The service runs its maximum number of instances for ${ALERT_MINUTES.capacity} minutes (raise spec.app.hpa.max, or requests queue and fail with 429)`,
    },
  ],
  identity: 'its own service account',
  revision: 'Cloud Run revision',
  settings: 'the container `env` of the Cloud Run revision',
  release: {
    deploy:
      'deploys a Cloud Run revision with the image and sends it all traffic once it is ready',
    smoke:
      "asks the load balancer by its IP address for the host (`curl --connect-to`): the run.app URL admits no internet traffic. The Google-managed certificate provisions only once the host's DNS record points at that address (up to an hour later); until then no request from outside the VPC reaches the service, the check warns instead of failing and the deploy's readiness check (the startup probe) is what proves the release",
    rollback: 'sends all traffic back to the previous ready revision',
  },
  runtime:
    'Cloud Run runs the container in its second-generation execution environment, which Google operates and patches, with no version to pin (Cloud Run documentation, "Execution environments")',
  drain:
    'Cloud Run stops routing to the service and deletes it with its revisions (in-flight requests finish), then the load balancer and the network go',
};

const AZURE: ServerlessCloudDocs = {
  entry: host =>
    host
      ? 'Container Apps ingress (external, HTTPS only)'
      : 'Callers in the VNet (internal environment)',
  product: 'Azure Container Apps',
  monitoring:
    'Azure Monitor metric alerts (to an action group) + Log Analytics (serverless)',
  nodes: 'none (Container Apps replicas, Consumption profile)',
  scaling: { unit: 'Replicas', by: 'KEDA scale rules' },
  service: hpa =>
    `Azure Container App · ${hpa.min}-${hpa.max} replicas (KEDA scale rules) · VNet-integrated environment`,
  logs: {
    where:
      'Log Analytics workspace `<stack>-<environment>-logs`, tables `ContainerAppConsoleLogs_CL` (stdout and stderr) and `ContainerAppSystemLogs_CL` (revisions, probes, restarts)',
    command:
      'az containerapp logs show --name "$(terraform -chdir=infra/envs/$ENV/azure output -raw container_app_name)" --resource-group "$(terraform -chdir=infra/envs/$ENV/azure output -raw resource_group_name)" --type console --tail 100',
  },
  dashboard:
    "no dashboard is rendered: the container app's Metrics page in the Azure portal charts requests by status class, replicas, restarts, CPU and memory",
  alerts:
    'Azure Monitor metric alerts on the container app notify the action group `<stack>-<environment>-app-alerts`, which mails `alert_email`',
  capacityAlerts: [],
  ownAlerts: CONTAINER_APP_ALERTS.map(({ id, summary }) => ({ id, summary })),
  identity: 'its user-assigned managed identity',
  revision: 'Container Apps revision',
  settings: 'the container `env` of the Container App revision',
  release: {
    deploy:
      'creates a Container Apps revision with the image, waits until its probes make it Healthy and sends it all traffic',
    smoke:
      "asks the app's own name on the environment's default domain (Terraform output `container_app_fqdn`, with the platform's certificate), which serves as soon as the revision takes traffic: the custom host answers only after someone binds it with its managed certificate",
    rollback: 'reactivates the previous revision and sends it all traffic',
  },
  runtime:
    'Azure operates and upgrades the Container Apps environment (the platform under the app, KEDA and the ingress included), with no version to pin (Microsoft Learn, "Azure Container Apps overview")',
  drain:
    'Azure deletes the container app with its revisions (replicas get SIGTERM and their grace period), then the Container Apps environment and the network go',
};

/** The serverless docs of each cloud that renders serverless targets. */
export const SERVERLESS_DOCS: Partial<Record<Cloud, ServerlessCloudDocs>> = {
  aws: AWS,
  gcp: GCP,
  azure: AZURE,
};

/** The docs of a cloud's serverless target; a cloud without an entry is a renderer bug. */
export function serverlessDocs(cloud: Cloud): ServerlessCloudDocs {
  const docs = SERVERLESS_DOCS[cloud];
  if (!docs)
    throw new Error(
      `No serverless docs for ${cloud} (repository/serverlessDocs.ts)`,
    );
  return docs;
}

/** The serverless deployment targets of the stack, in order. */
export function serverlessTargets(spec: StackSpec): ResolvedEnvironment[] {
  return deploymentTargets(spec).filter(target => !runsKubernetes(target));
}

/** `dev/aws, prod/aws`: where a sentence applies. */
export function targetList(targets: readonly ResolvedEnvironment[]): string {
  return targets
    .map(target => `${target.environment}/${target.cloud}`)
    .join(', ');
}

/** The alerts of a serverless target: the common ones, then its cloud's capacity alerts. */
export function serverlessTargetAlerts(
  target: ResolvedEnvironment,
): ServerlessAlert[] {
  const own = serverlessDocs(target.cloud).ownAlerts;
  if (own) return [...own];
  return [
    ...serverlessAlerts({ latencyMs: target.hpa.latencyMs }),
    ...serverlessDocs(target.cloud).capacityAlerts,
  ];
}

/**
 * The deploy commands of a stack whose environments all run serverless (no cluster, no Kustomize),
 * for the README's Deploy and the runbook's "Deploy by hand", then where each cloud's logs are.
 */
export function serverlessDeployGuide(
  spec: StackSpec,
  options: { databaseUser: boolean },
): string[] {
  const targets = serverlessTargets(spec);
  const first = targets[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  const clouds = [...new Set(targets.map(target => target.cloud))];
  return [
    'No environment runs Kubernetes, so there are no manifests: each environment deploys its serverless service (above) with a new image, and the apply workflow does the same after `terraform apply`.',
    '',
    '```sh',
    ...(spec.spec.services.registry
      ? [
          `make image-push ${example} SOURCE_IMAGE=<image>   # copy the image into the environment's registry, pin its digest`,
        ]
      : []),
    ...(options.databaseUser
      ? [
          'make database-user ENV=<environment> CLOUD=<cloud>   # the application database role and its grants',
        ]
      : []),
    ...(spec.spec.services.registry
      ? [
          `make push-image ${example} IMAGE=<local image>   # or push a local build (scripts/push-image.sh <cloud> [env])`,
        ]
      : []),
    `make deploy ${example}     # roll out the new image; waits until the service is stable`,
    `make rollback ${example}   # back to the previous revision, if the release misbehaves`,
    '```',
    '',
    'Logs of the running service:',
    '',
    ...clouds.map(cloud => `- ${cloud}: ${serverlessDocs(cloud).logs.where}.`),
    '',
    '```sh',
    ...clouds.map(cloud => serverlessDocs(cloud).logs.command),
    '```',
    '',
  ];
}

/**
 * Where the stack's application runs in the cloud, for sentences that compare it with the local
 * stack: `in Kubernetes`, `on its serverless service`, or both.
 */
export function cloudRuntimePhrase(spec: StackSpec): string {
  const kubernetes = deploymentTargets(spec).some(runsKubernetes);
  const serverless = serverlessTargets(spec).length > 0;
  if (kubernetes && serverless)
    return 'in Kubernetes and on its serverless service';
  return kubernetes ? 'in Kubernetes' : 'on its serverless service';
}
