import { kubernetesTargets } from '../spec/deploymentTargets';
import type { StackSpec } from '../spec/stackSpec';
import type { FileTree } from '../types';
import { renderAwsPlatform } from './renderAwsPlatform';
import { renderAzurePlatform } from './renderAzurePlatform';
import { renderBase } from './renderBase';
import { renderGcpPlatform } from './renderGcpPlatform';
import { renderCloudComponent } from './renderCloudComponent';
import { renderGpuComponent } from './renderGpuComponent';
import { renderOverlay } from './renderOverlay';

/**
 * Renders `deploy/` of the repository: the base manifests, one component per chosen cloud (and
 * a GPU component when the application runs on GPUs), one overlay per environment × cloud, and
 * the cluster-level objects the cloud does not create itself (`deploy/platform/<env>-<cloud>`:
 * Backstage's health reader RBAC, the EKS Auto Mode node pools and IngressClass, the NVIDIA device
 * plugin of AKS GPU pools).
 * Only targets that run Kubernetes have overlays; a stack with none (every environment
 * serverless) renders no `deploy/` manifests at all.
 * Pure and deterministic; paths are sorted.
 */
export function renderKustomize(spec: StackSpec): FileTree {
  const targets = kubernetesTargets(spec);
  if (targets.length === 0) return {};
  const clouds = [...new Set(targets.map(target => target.cloud))];
  const parts: FileTree[] = [
    renderBase(spec),
    ...clouds.map(cloud => renderCloudComponent({ spec, cloud })),
    ...(targets.some(target => target.appOnGpu)
      ? [renderGpuComponent(spec)]
      : []),
    ...targets.map(target => renderOverlay({ spec, target })),
    ...targets
      .filter(target => target.cloud === 'aws')
      .map(target => renderAwsPlatform({ spec, target })),
    ...targets
      .filter(target => target.cloud === 'gcp')
      .map(target => renderGcpPlatform(target)),
    renderAzurePlatform(spec),
  ];
  const files: FileTree = Object.assign({}, ...parts);
  const sorted: FileTree = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path];
  return sorted;
}
