import { GPU_NODE_LABEL, GPU_NODE_TAINT } from '../naming';
import { resolveEnvironment } from '../spec/resolveEnvironment';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { yamlDocument } from './yamlDocument';

/** Directory of the cluster-wide add-ons of AKS, applied next to the application overlay. */
export const AZURE_CLUSTER_ADDONS_DIRECTORY = 'deploy/cluster/azure';

/**
 * The NVIDIA device plugin release the DaemonSet runs: it advertises `nvidia.com/gpu` on nodes
 * whose driver AKS installed.
 */
export const NVIDIA_DEVICE_PLUGIN_IMAGE =
  'nvcr.io/nvidia/k8s-device-plugin:v0.19.2';

/** Whether any Azure environment of the stack has a GPU pool, which needs the device plugin. */
export function azureNeedsClusterAddons(spec: StackSpec): boolean {
  return (
    spec.spec.clouds.includes('azure') &&
    spec.spec.environments.some(
      environment =>
        resolveEnvironment({ spec, cloud: 'azure', environment }).gpu,
    )
  );
}

/** The cluster add-on directories of the stack, which `make k8s-apply` applies when present. */
export function clusterAddonDirectories(spec: StackSpec): string[] {
  return azureNeedsClusterAddons(spec) ? [AZURE_CLUSTER_ADDONS_DIRECTORY] : [];
}

function devicePluginDaemonSet(): unknown {
  const labels = { 'app.kubernetes.io/name': 'nvidia-device-plugin' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'nvidia-device-plugin', labels },
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
 * `deploy/cluster/azure/`: what AKS does not install itself. AKS installs the NVIDIA driver on
 * GPU nodes but not the device plugin, without which no pod can request `nvidia.com/gpu`. The
 * plugin runs in kube-system (it mounts a host path, which the application namespace's
 * restricted Pod Security level forbids), so it is its own Kustomization, not a component of the
 * application overlays.
 */
export function renderAzureClusterAddons(spec: StackSpec): FileTree {
  if (!azureNeedsClusterAddons(spec)) return {};
  const directory = AZURE_CLUSTER_ADDONS_DIRECTORY;
  return {
    [`${directory}/kustomization.yaml`]: yamlDocument({
      comment: [
        'Cluster-wide add-ons of every AKS cluster of the stack; `make k8s-apply` applies them before',
        'the application overlay.',
        '- nvidia-device-plugin.yaml: the NVIDIA device plugin, chosen over the GPU Operator because',
        '  AKS already installs and upgrades the GPU driver with the node image (gpu_driver = "Install"),',
        '  so only the plugin is missing; it runs on GPU nodes only and does nothing elsewhere.',
      ],
      value: {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        namespace: 'kube-system',
        resources: ['nvidia-device-plugin.yaml'],
      },
    }),
    [`${directory}/nvidia-device-plugin.yaml`]: yamlDocument({
      comment: [
        `The NVIDIA device plugin (${NVIDIA_DEVICE_PLUGIN_IMAGE}) as Microsoft Learn's "Use GPUs on`,
        'AKS" deploys it, on the GPU pool: it advertises nvidia.com/gpu so GPU pods can schedule.',
      ],
      value: devicePluginDaemonSet(),
    }),
  };
}
