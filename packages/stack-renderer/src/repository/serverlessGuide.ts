import { runsKubernetes } from '../spec/computeTarget';
import { deploymentTargets } from '../spec/deploymentTargets';
import type { StackSpec } from '../spec/stackSpec';
import { DEFAULT_SERVERLESS_MEMORY_TARGET } from '../terraform/aws/awsServerlessModule';
import { containerAppsNote } from './containerAppsGuide';
import { RELEASE_TAG } from './awsServerlessScript';
import { serverlessScriptPath } from './deployDispatch';

/**
 * The README section of the serverless targets (spec.compute: serverless): what runs where, how
 * make deploy and make rollback work on them and how they scale. Empty without serverless targets.
 */
export function serverlessGuide(spec: StackSpec): string[] {
  const serverless = deploymentTargets(spec).filter(
    target => !runsKubernetes(target),
  );
  // GCP's serverless targets (Cloud Run) are described in docs/operations.md (cloudRunGuide.ts).
  const cloudRun = serverless.filter(target => target.cloud === 'gcp');
  const cloudRunNote =
    cloudRun.length > 0
      ? [
          `${cloudRun
            .map(target => `${target.environment}/${target.cloud}`)
            .join(', ')} run${
            cloudRun.length === 1 ? 's' : ''
          } the application without a cluster (\`spec.compute: serverless\`) as a Cloud Run v2 service (\`infra/modules/serverless/gcp\`); \`make deploy\` and \`make rollback\` run \`${serverlessScriptPath(
            'gcp',
          )}\`. What it runs as, what it scales on and how a rollback works: \`docs/operations.md\`, "Serverless on GCP: Cloud Run".`,
          '',
        ]
      : [];
  // Azure's (Container Apps) likewise (containerAppsGuide.ts).
  const otherNotes = [...cloudRunNote, ...containerAppsNote(spec)];
  const targets = serverless.filter(target => target.cloud === 'aws');
  if (targets.length === 0) {
    return otherNotes.length > 0
      ? ['## Serverless service', '', ...otherNotes]
      : [];
  }
  const first = targets[0]!;
  const example = `ENV=${first.environment} CLOUD=${first.cloud}`;
  const rows = targets.map(target => {
    const { hpa } = target;
    return `| ${target.environment} | ${target.cloud} | ${hpa.min} | ${
      hpa.max
    } | ${hpa.cpu} % | ${hpa.memory ?? DEFAULT_SERVERLESS_MEMORY_TARGET} % | ${
      hpa.latencyMs === undefined ? 'none' : `${hpa.latencyMs} ms`
    } |`;
  });
  return [
    '## Serverless service',
    '',
    `${targets
      .map(target => `${target.environment}/${target.cloud}`)
      .join(', ')} run${
      targets.length === 1 ? 's' : ''
    } the application without a cluster (\`spec.compute: serverless\`): on AWS an ECS service on Fargate in the private subnets, behind an Application Load Balancer (HTTPS with TLS 1.2+ and the ACM certificate of the host; HTTP redirects to HTTPS), with the module \`infra/modules/serverless/aws\`. The tasks run as the same IAM grants the Kubernetes application role has (database IAM authentication, the cache user, the bucket, the topics), receive the same environment variables as a Kubernetes target (and secrets only as Secrets Manager or SSM ARNs in \`app_secrets\`), and log to an encrypted CloudWatch log group.`,
    '',
    '```sh',
    `make image-push ${example} SOURCE_IMAGE=<image>   # copy the image into the registry, remember its digest`,
    `make deploy ${example}                           # or IMAGE=<repository>@sha256:<digest>`,
    `make rollback ${example}`,
    '```',
    '',
    `- \`make deploy\` runs \`${serverlessScriptPath(
      first.cloud,
    )} deploy\`: it registers a new revision of the task definition copied from the one Terraform manages (environment, secrets, CPU and memory: the settings come from Terraform) with only the image replaced and tagged \`${RELEASE_TAG}\`, points the service at it and waits until ECS reports the service stable. Deploys keep 100 % of the desired tasks healthy and start up to 200 %; the deployment circuit breaker rolls back a deploy whose tasks keep failing, which the script then reports as a failure. Terraform ignores the service's task definition and the task count, so a later apply never undoes a deploy or a scale-out; the apply workflow runs \`make deploy\` after \`terraform apply\`, so a settings change reaches the service in the same run.`,
    "- `make rollback` points the service at the newest release (a revision `make deploy` registered, never Terraform's own one) older than the one it runs, waits for it and deregisters the one it ran, so each rollback steps back one release; the apply workflow runs it when a deploy or the smoke check fails.",
    "- Scaling (Application Auto Scaling, from `spec.app.hpa`): the service rests at the minimum; target tracking keeps average CPU and memory at their targets, and with a latency target a CloudWatch alarm on the load balancer's average `TargetResponseTime` adds half again as many tasks (step scaling: response time does not fall in proportion to added tasks, which target tracking needs).",
    '',
    '| Environment | Cloud | Tasks at rest | Most tasks | CPU target | Memory target | Latency target |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Each task is the smallest Fargate size holding the container requests of the environment, so the CPU and memory targets mean what they mean for a Kubernetes HorizontalPodAutoscaler. Documentation this follows: Amazon ECS Developer Guide, "Deploy Amazon ECS services by replacing tasks" (minimum healthy and maximum percent, deployment circuit breaker) and "Task definition parameters for Fargate" (task sizes); Application Auto Scaling User Guide, "Target tracking scaling policies" and "Step scaling policies"; Elastic Load Balancing, "Security policies for your Application Load Balancer" and "Access logs for your Application Load Balancer".',
    '',
    ...otherNotes,
  ];
}
