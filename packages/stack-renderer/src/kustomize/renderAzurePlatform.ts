import { GPU_NODE_LABEL, GPU_NODE_TAINT } from '../naming';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import {
  HEALTH_READER_ENV_FILE,
  HEALTH_READER_FILE,
  healthReaderEnvFile,
  healthReaderKustomization,
  healthReaderRbacFile,
} from './healthReaderRbac';
import { platformDirectory, platformTargets } from './platformDirectories';
import { yamlDocument } from './yamlDocument';

/** The component with the NVIDIA device plugin, shared by every Azure GPU environment. */
export const AZURE_GPU_COMPONENT_DIRECTORY = 'deploy/components/azure-gpu';

/**
 * The NVIDIA device plugin release the DaemonSet runs: it advertises `nvidia.com/gpu` on nodes
 * whose driver AKS installed.
 */
export const NVIDIA_DEVICE_PLUGIN_IMAGE =
  'nvcr.io/nvidia/k8s-device-plugin:v0.19.2';

function devicePluginDaemonSet(): unknown {
  const labels = { 'app.kubernetes.io/name': 'nvidia-device-plugin' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: 'nvidia-device-plugin',
      namespace: 'kube-system',
      labels,
    },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          // Without it the node's GPUs would never be scheduled: keep it running under pressure.
          priorityClassName: 'system-node-critical',
          nodeSelector: { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value },
          tolerations: [
            {
              key: GPU_NODE_TAINT.key,
              operator: 'Exists',
              effect: GPU_NODE_TAINT.effect,
            },
          ],
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'nvidia-device-plugin',
              image: NVIDIA_DEVICE_PLUGIN_IMAGE,
              // A node whose driver is still installing restarts the plugin rather than crash-looping it.
              env: [{ name: 'FAIL_ON_INIT_ERROR', value: 'false' }],
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { memory: '128Mi' },
              },
              volumeMounts: [
                {
                  name: 'device-plugin',
                  mountPath: '/var/lib/kubelet/device-plugins',
                },
              ],
            },
          ],
          volumes: [
            {
              name: 'device-plugin',
              hostPath: { path: '/var/lib/kubelet/device-plugins' },
            },
          ],
        },
      },
    },
  };
}

/**
 * What AKS does not install itself: Backstage's health reader RBAC in every cluster, and, for GPU
 * pools, the NVIDIA device plugin. AKS installs the NVIDIA driver on GPU nodes but not the device
 * plugin, without which no pod can request `nvidia.com/gpu`. The plugin runs in kube-system (it
 * mounts a host path, which the application namespace's restricted Pod Security level forbids),
 * so it is a platform object of each GPU environment (`deploy/platform/<env>-azure`), not part of
 * the application overlay; the DaemonSet itself is one shared component.
 */
export function renderAzurePlatform(spec: StackSpec): FileTree {
  const targets = platformTargets(spec).filter(
    target => target.cloud === 'azure',
  );
  if (targets.length === 0) return {};
  const files: FileTree = {};
  for (const target of targets) {
    const directory = platformDirectory(target);
    files[`${directory}/${HEALTH_READER_FILE}`] = healthReaderRbacFile('azure');
    files[`${directory}/${HEALTH_READER_ENV_FILE}`] =
      healthReaderEnvFile(target);
    files[`${directory}/kustomization.yaml`] = yamlDocument({
      comment: [
        `Cluster-level objects of ${target.environment} on Azure, which \`make k8s-apply\` applies before`,
        `the application overlay: Backstage's health reader RBAC${
          target.gpu ? ' and the NVIDIA device plugin for the GPU pool' : ''
        }.`,
      ],
      value: {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: [HEALTH_READER_FILE],
        ...(target.gpu ? { components: [`../../components/azure-gpu`] } : {}),
        ...healthReaderKustomization('azure'),
      },
    });
  }
  if (!targets.some(target => target.gpu)) return files;
  Object.assign(files, {
    [`${AZURE_GPU_COMPONENT_DIRECTORY}/kustomization.yaml`]: yamlDocument({
      comment: [
        'The NVIDIA device plugin, chosen over the GPU Operator because AKS already installs and',
        'upgrades the GPU driver with the node image (gpu_driver = "Install"): only the plugin is',
        'missing. It runs on GPU nodes only. Included by deploy/platform/<env>-azure.',
      ],
      value: {
        apiVersion: 'kustomize.config.k8s.io/v1alpha1',
        kind: 'Component',
        resources: ['nvidia-device-plugin.yaml'],
      },
    }),
    [`${AZURE_GPU_COMPONENT_DIRECTORY}/nvidia-device-plugin.yaml`]:
      yamlDocument({
        comment: [
          `The NVIDIA device plugin (${NVIDIA_DEVICE_PLUGIN_IMAGE}) as Microsoft Learn's "Use GPUs on`,
          'AKS" deploys it, on the GPU pool: it advertises nvidia.com/gpu so GPU pods can schedule.',
        ],
        value: devicePluginDaemonSet(),
      }),
  });
  return files;
}
