import {
  type KubernetesObject,
  containersOf,
  describeObject,
  field,
  isRecord,
  namespaceOf,
  podTemplates,
} from './kubernetesObjects';

const GPU_RESOURCE = 'nvidia.com/gpu';

/** GPUs one pod of the template asks for (limits, which is what the device plugin honours). */
function gpusPerPod(spec: Record<string, unknown>): number {
  return containersOf(spec)
    .filter(container => !container.init)
    .reduce((sum, container) => {
      const limit = field(container.value, 'resources', 'limits', GPU_RESOURCE);
      return sum + (Number(limit) || 0);
    }, 0);
}

/**
 * GPU workloads fit their pool: a HorizontalPodAutoscaler never asks for more GPUs than the GPU
 * pool holds (replicas beyond it stay Pending for ever), and a rollout never needs a surge pod,
 * which at full pool size would wait for a GPU that never frees. `gpuCapacity` is the number of
 * GPUs the environment's pool can hold; 0 when it has none.
 */
export function checkGpuCapacity(
  objects: readonly KubernetesObject[],
  options: { gpuCapacity: number },
): string[] {
  const problems: string[] = [];
  for (const template of podTemplates(objects)) {
    const gpus = gpusPerPod(template.spec);
    if (gpus === 0) continue;
    const workload = template.owner;
    if (options.gpuCapacity === 0) {
      problems.push(
        `${describeObject(
          workload,
        )}: asks for ${gpus} ${GPU_RESOURCE} per pod, but the environment has no GPU pool`,
      );
      continue;
    }
    const strategy = field(workload, 'spec', 'strategy', 'rollingUpdate');
    const surge = isRecord(strategy) ? strategy.maxSurge : undefined;
    if (workload.kind === 'Deployment' && surge !== 0 && surge !== '0%') {
      problems.push(
        `${describeObject(
          workload,
        )}: a GPU workload must roll out with maxSurge 0 (found ${String(
          surge ?? '25%, the default',
        )}): at full pool size a surge pod waits for a GPU that never frees`,
      );
    }
    for (const autoscaler of objects.filter(
      object =>
        object.kind === 'HorizontalPodAutoscaler' &&
        namespaceOf(object) === namespaceOf(workload) &&
        field(object, 'spec', 'scaleTargetRef', 'kind') === workload.kind &&
        field(object, 'spec', 'scaleTargetRef', 'name') ===
          workload.metadata.name,
    )) {
      const maxReplicas = Number(field(autoscaler, 'spec', 'maxReplicas'));
      if (maxReplicas * gpus > options.gpuCapacity) {
        problems.push(
          `${describeObject(
            autoscaler,
          )}: maxReplicas ${maxReplicas} × ${gpus} GPU needs ${
            maxReplicas * gpus
          } GPUs, but the GPU pool holds ${options.gpuCapacity}`,
        );
      }
    }
  }
  return problems;
}
