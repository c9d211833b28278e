import { GPU_NODE_LABEL, GPU_NODE_TAINT } from '../naming';
import { resolveEnvironment } from '../spec/resolveEnvironment';
import type { Environment } from '../spec/profiles';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { yamlDocument } from './yamlDocument';

/** The component with the NVIDIA device plugin, shared by every Azure GPU environment. */
export const AZURE_GPU_COMPONENT_DIRECTORY = 'deploy/components/azure-gpu';

/**
 * The NVIDIA device plugin release the DaemonSet runs: it advertises `nvidia.com/gpu` on nodes
 * whose driver AKS installed.
 */
export const NVIDIA_DEVICE_PLUGIN_IMAGE =
  'nvcr.io/nvidia/k8s-device-plugin:v0.19.2';

/**
 * Where the cluster-level objects of one environment on one cloud live: applied by
 * `make k8s-apply` before the application overlay, in whatever namespace they name.
 */
export function platformDirectory(target: {
  environment: string;
  cloud: string;
}): string {
  return `deploy/platform/${target.environment}-${target.cloud}`;
}

/** The Azure environments whose clusters need platform objects: those with a GPU pool. */
export function azurePlatformTargets(
  spec: StackSpec,
): Array<{ environment: Environment; cloud: 'azure' }> {
  if (!spec.spec.clouds.includes('azure')) return [];
  return spec.spec.environments
    .filter(
      environment =>
        resolveEnvironment({ spec, cloud: 'azure', environment }).gpu,
    )
    .map(environment => ({ environment, cloud: 'azure' as const }));
}

/** The platform directories of the stack's Azure environments. */
export function azurePlatformDirectories(spec: StackSpec): string[] {
  return azurePlatformTargets(spec).map(platformDirectory);
}

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
 * What AKS does not install itself: it installs the NVIDIA driver on GPU nodes but not the device
 * plugin, without which no pod can request `nvidia.com/gpu`. The plugin runs in kube-system (it
 * mounts a host path, which the application namespace's restricted Pod Security level forbids),
 * so it is a platform object of each GPU environment (`deploy/platform/<env>-azure`), not part of
 * the application overlay; the DaemonSet itself is one shared component.
 */
export function renderAzurePlatform(spec: StackSpec): FileTree {
  const targets = azurePlatformTargets(spec);
  if (targets.length === 0) return {};
  const files: FileTree = {
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
  };
  for (const target of targets) {
    files[`${platformDirectory(target)}/kustomization.yaml`] = yamlDocument({
      comment: [
        `Cluster-level objects of ${target.environment} on Azure, which \`make k8s-apply\` applies before`,
        'the application overlay: the NVIDIA device plugin for the GPU pool.',
      ],
      value: {
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        components: [`../../components/azure-gpu`],
      },
    });
  }
  return files;
}
