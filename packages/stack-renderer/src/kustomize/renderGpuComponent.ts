import { GPU_NODE_LABEL, GPU_NODE_TAINT } from '../naming';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { writeKustomizeFiles } from './kustomizeFiles';
import { CONTAINER_NAME, kustomizeNames } from './kustomizeNames';
import { yamlDocument } from './yamlDocument';

/** `deploy/components/gpu/`: runs the application on the GPU pool with one GPU per pod. */
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
          `Schedules the pods on the GPU pool (label ${GPU_NODE_LABEL.key}=${GPU_NODE_LABEL.value}), tolerates its taint`,
          `(${GPU_NODE_TAINT.key}=${GPU_NODE_TAINT.value}:${GPU_NODE_TAINT.effect}, which keeps other pods off the expensive nodes)`,
          'and asks the NVIDIA device plugin for one GPU per pod.',
        ],
        value: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: kustomizeNames(spec).app },
          spec: {
            template: {
              spec: {
                nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
                tolerations: [
                  {
                    key: GPU_NODE_TAINT.key,
                    operator: 'Equal',
                    value: GPU_NODE_TAINT.value,
                    effect: GPU_NODE_TAINT.effect,
                  },
                ],
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
      'Added by the overlays of environments with spec.cluster.gpu (or an override) set.',
    ],
    value: {
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      patches: [{ path: 'deployment-patch.yaml' }],
    },
  });
  return files;
}
