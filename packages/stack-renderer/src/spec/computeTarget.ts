import type { Cloud } from './regions';
import { CLOUD_NAMES } from './regions';
import { ENVIRONMENTS, type Environment } from './profiles';

/**
 * Where the application runs in one environment × cloud: on the stack's Kubernetes cluster, or
 * on the cloud's serverless containers (ECS Fargate behind an ALB on AWS) with no cluster at all.
 *
 * @public
 */
export const COMPUTE_TARGETS = ['kubernetes', 'serverless'] as const;
/**
 * One of {@link COMPUTE_TARGETS}.
 *
 * @public
 */
export type ComputeTarget = (typeof COMPUTE_TARGETS)[number];

/**
 * The catalog Resource `spec.type` (and capability tag) of a serverless target's application
 * service, where a Kubernetes target has its `kubernetes-cluster`.
 */
export const SERVERLESS_RESOURCE_TYPE = 'serverless-service';

/** `spec.compute` when the spec leaves it out. */
export const DEFAULT_COMPUTE: ComputeTarget = 'kubernetes';

/**
 * Whether the target has a Kubernetes cluster: its Terraform creates one, `deploy/` has an
 * overlay and a platform directory for it, the catalog a cluster Resource, the workflows kubectl
 * steps. Every renderer asks this one question.
 */
export function runsKubernetes(target: { compute: ComputeTarget }): boolean {
  return target.compute === 'kubernetes';
}

interface ComputeSpec {
  compute?: ComputeTarget;
  clouds: readonly Cloud[];
  regions: Partial<Record<Cloud, string>>;
  environments: readonly Environment[];
  overrides: Partial<Record<Environment, { compute?: ComputeTarget }>>;
  app: { gpu: boolean; hpa: { latencyMs?: number } };
}

/**
 * The clouds whose serverless target can give the application a GPU: Cloud Run on GCP (one NVIDIA
 * L4 per instance). ECS on Fargate has none. A cloud adds itself here with its rendering.
 */
export const SERVERLESS_GPU_CLOUDS: readonly Cloud[] = ['gcp'];

/**
 * Regions where Cloud Run offers NVIDIA L4 GPUs without an invitation (Cloud Run docs, "Configure
 * GPUs", supported regions; us-central1 and asia-south1 are by invitation only and left out).
 */
export const CLOUD_RUN_GPU_REGIONS: readonly string[] = [
  'asia-southeast1',
  'europe-west1',
  'europe-west4',
  'us-east4',
];

/** Why a serverless cloud cannot run spec.app.gpu, per cloud; the default names the rule. */
const NO_SERVERLESS_GPU: Partial<Record<Cloud, string>> = {
  aws: 'ECS on Fargate offers no GPUs (GPU tasks need ECS on EC2 container instances)',
  azure:
    'Skyforge renders Azure Container Apps on the Consumption profile, which has no GPUs (the serverless GPU workload profiles are not rendered yet)',
};

/** spec.app.gpu where environments run serverless: a cloud that offers GPUs, in a region that has them. */
function serverlessGpuIssues(
  spec: ComputeSpec,
  serverless: readonly Environment[],
): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const cloud of spec.clouds) {
    if (!SERVERLESS_GPU_CLOUDS.includes(cloud)) {
      issues.push({
        path: ['spec', 'app', 'gpu'],
        message: `asks for a GPU, and ${serverless.join(', ')} run${
          serverless.length === 1 ? 's' : ''
        } serverless on ${cloud} (${CLOUD_NAMES[cloud]}), where ${
          NO_SERVERLESS_GPU[cloud] ?? 'the serverless target has no GPUs yet'
        }; run ${
          serverless.length === 1 ? 'it' : 'them'
        } on kubernetes (spec.overrides.<environment>.compute), or leave the GPU out`,
      });
    } else if (
      cloud === 'gcp' &&
      !CLOUD_RUN_GPU_REGIONS.includes(spec.regions.gcp ?? '')
    ) {
      issues.push({
        path: ['spec', 'regions', 'gcp'],
        message: `${
          spec.regions.gcp
        } has no Cloud Run GPUs, which spec.app.gpu asks for in ${serverless.join(
          ', ',
        )} (serverless); use one of ${CLOUD_RUN_GPU_REGIONS.join(', ')}`,
      });
    }
  }
  return issues;
}

/** The compute target of one environment: its override, else `spec.compute`, else Kubernetes. */
export function environmentCompute(
  spec: Pick<ComputeSpec, 'compute' | 'overrides'>,
  environment: Environment,
): ComputeTarget {
  return (
    spec.overrides[environment]?.compute ?? spec.compute ?? DEFAULT_COMPUTE
  );
}

/** The rules of `spec.compute`, `spec.overrides.<env>.compute` and the serverless-only fields. */
export function computeIssues(
  spec: ComputeSpec,
): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const serverless = ENVIRONMENTS.filter(
    environment =>
      spec.environments.includes(environment) &&
      environmentCompute(spec, environment) === 'serverless',
  );
  if (spec.app.hpa.latencyMs !== undefined && serverless.length === 0) {
    issues.push({
      path: ['spec', 'app', 'hpa', 'latencyMs'],
      message:
        'applies to serverless environments only (it scales on the load balancer response time); set spec.compute (or spec.overrides.<environment>.compute) to serverless, or leave it out',
    });
  }
  if (serverless.length > 0 && spec.app.gpu) {
    issues.push(...serverlessGpuIssues(spec, serverless));
  }
  return issues;
}
