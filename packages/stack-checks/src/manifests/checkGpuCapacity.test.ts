import { checkGpuCapacity } from './checkGpuCapacity';
import type { KubernetesObject, UnknownRecord } from './kubernetesObjects';
import { objectOfKind, podOf, validManifests } from './testing/validManifests';

/** The valid build with one GPU per pod and a rollout that needs no surge pod. */
function gpuManifests(maxReplicas: number): KubernetesObject[] {
  const objects = validManifests();
  const deployment = objectOfKind(objects, 'Deployment');
  deployment.spec.strategy = {
    type: 'RollingUpdate',
    rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
  };
  const { container } = podOf(objects);
  (container.resources as { limits: UnknownRecord }).limits[
    'nvidia.com/gpu'
  ] = 1;
  objectOfKind(objects, 'HorizontalPodAutoscaler').spec.maxReplicas =
    maxReplicas;
  return objects;
}

describe('checkGpuCapacity', () => {
  it('accepts workloads without GPUs, and GPU workloads that fit their pool', () => {
    expect(checkGpuCapacity(validManifests(), { gpuCapacity: 0 })).toEqual([]);
    expect(checkGpuCapacity(gpuManifests(8), { gpuCapacity: 8 })).toEqual([]);
  });

  it('reports an autoscaler that asks for more GPUs than the pool holds', () => {
    expect(checkGpuCapacity(gpuManifests(30), { gpuCapacity: 8 })).toEqual([
      'HorizontalPodAutoscaler demo/demo: maxReplicas 30 × 1 GPU needs 30 GPUs, but the GPU pool holds 8',
    ]);
  });

  it('reports a GPU rollout that needs a surge pod, and GPU pods without a pool', () => {
    const objects = gpuManifests(4);
    objectOfKind(objects, 'Deployment').spec.strategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    };
    expect(checkGpuCapacity(objects, { gpuCapacity: 8 })).toEqual([
      'Deployment demo/demo: a GPU workload must roll out with maxSurge 0 (found 25%): at full pool size a surge pod waits for a GPU that never frees',
    ]);
    expect(checkGpuCapacity(gpuManifests(4), { gpuCapacity: 0 })).toEqual([
      'Deployment demo/demo: asks for 1 nvidia.com/gpu per pod, but the environment has no GPU pool',
    ]);
  });
});
