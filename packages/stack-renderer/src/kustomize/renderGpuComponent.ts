import { GPU_NODE_LABEL, GPU_NODE_TAINT } from '../naming';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { writeKustomizeFiles } from './kustomizeFiles';
import { CONTAINER_NAME, kustomizeNames } from './kustomizeNames';
import { yamlDocument } from './yamlDocument';

/** The toleration of the taint every GPU pool carries (GKE applies it itself). */
export const GPU_TOLERATION = {
  key: GPU_NODE_TAINT.key,
  operator: 'Equal',
  value: GPU_NODE_TAINT.value,
  effect: GPU_NODE_TAINT.effect,
} as const;

/**
 * `deploy/components/gpu/`: the application as a GPU workload, for stacks that set spec.app.gpu.
 * Added by the overlays of environments with a GPU pool; elsewhere the application runs on the
 * application pool and the GPU pool stays at zero nodes for other GPU workloads.
 */
export function renderGpuComponent(spec: StackSpec): FileTree {
  const files: FileTree = {};
  const directory = 'deploy/components/gpu';
  writeKustomizeFiles({
    files,
    directory,
    entries: [
      {
        file: 'deployment-patch.yaml',
        comment: [
          `Each replica runs on the GPU pool (label ${GPU_NODE_LABEL.key}=${GPU_NODE_LABEL.value}), tolerates its taint`,
          `(${GPU_NODE_TAINT.key}=${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}, which keeps other pods off the expensive nodes)`,
          'and asks the NVIDIA device plugin for one GPU. The overlays cap the HorizontalPodAutoscaler',
          "at the pool's GPU count. A rollout replaces one pod at a time without a surge pod: at full",
          'pool size a surge pod would wait for a GPU that never frees, and the rollout would hang.',
        ],
        value: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: kustomizeNames(spec).app },
          spec: {
            strategy: {
              type: 'RollingUpdate',
              rollingUpdate: { maxSurge: 0, maxUnavailable: 1 },
            },
            template: {
              spec: {
                nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
                tolerations: [GPU_TOLERATION],
                containers: [
                  {
                    name: CONTAINER_NAME,
                    resources: { limits: { 'nvidia.com/gpu': 1 } },
                  },
                ],
              },
            },
          },
        },
      },
    ],
  });
  files[`${directory}/kustomization.yaml`] = yamlDocument({
    comment: [
      'Added by the overlays of environments with a GPU pool, because spec.app.gpu asks for one GPU',
      'per replica.',
    ],
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      patches: [{ path: 'deployment-patch.yaml' }],
    },
  });
  return files;
}
