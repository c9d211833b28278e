import { renderCompose } from './compose/renderCompose';
import { renderKustomize } from './kustomize/renderKustomize';
import { deploymentTargets } from './spec/deploymentTargets';
import {
  renderRenderRecord,
  RENDER_RECORD_PATH,
} from './repository/renderRecord';
import { renderRepositoryFiles } from './repository/renderRepositoryFiles';
import { parseStackSpec, type StackSpec } from './spec/stackSpec';
import { renderAwsTerraform } from './terraform/aws/renderAwsTerraform';
import { renderAzureTerraform } from './terraform/azure/renderAzureTerraform';
import { renderGcpTerraform } from './terraform/gcp/renderGcpTerraform';
import { cloudRunWarnings } from './terraform/gcp/cloudRunWarnings';
import { containerAppsWarnings } from './terraform/azure/containerAppsWarnings';
import type { Cloud } from './spec/regions';
import type { FileTree, RenderResult } from './types';

const TERRAFORM_RENDERERS: Record<Cloud, (spec: StackSpec) => FileTree> = {
  aws: renderAwsTerraform,
  gcp: renderGcpTerraform,
  azure: renderAzureTerraform,
};

/** Things worth knowing about a valid spec that the render does not stop for. */
function collectWarnings(spec: StackSpec): string[] {
  const warnings: string[] = [];
  const { cluster, app, environments } = spec.spec;
  if (cluster.spot === 'all' && environments.includes('prod')) {
    warnings.push(
      'spec.cluster.spot: "all" runs the prod application pool on spot capacity, which the cloud may reclaim with two minutes\' notice (30 s on Azure).',
    );
  }
  if (cluster.publicEndpointCidrs.length > 0) {
    warnings.push(
      `spec.cluster.publicEndpointCidrs: the Kubernetes API is reachable from the internet for ${cluster.publicEndpointCidrs.join(
        ', ',
      )}; leave the list empty to keep it private.`,
    );
  }
  if (!app.ingress.host) {
    warnings.push(
      'spec.app.ingress.host: no host is set, so the Ingress has no host rule and no TLS certificate; set one to serve HTTPS.',
    );
  }
  for (const target of deploymentTargets(spec)) {
    if (target.hpaMaxRequested !== undefined) {
      warnings.push(
        `spec.app.hpa.max: ${target.environment} on ${target.cloud} asks for up to ${target.hpaMaxRequested} replicas with one GPU each, but its GPU pool holds ${target.gpuCapacity}; the HorizontalPodAutoscaler is capped at ${target.gpuCapacity}.`,
      );
    }
  }
  if (cluster.gpu && !app.gpu) {
    warnings.push(
      'spec.cluster.gpu: the GPU pools stay at zero nodes because the application does not ask for GPUs (spec.app.gpu); they serve GPU workloads you deploy yourself.',
    );
  }
  warnings.push(...cloudRunWarnings(spec));
  warnings.push(...containerAppsWarnings(spec));
  if (!environments.includes('prod')) {
    warnings.push(
      'spec.environments: no prod environment; high availability and deletion protection are off everywhere.',
    );
  }
  return warnings;
}

/**
 * Renders a StackSpec into the files of a new repository: Terraform per cloud and environment,
 * Kustomize, CI workflows, catalog entities, docs, the spec itself and the render record (the
 * Git blob id of every other file, `.skyforge/render-record.json`). Pure and deterministic:
 * the same input gives byte-identical output. Throws {@link StackSpecError} naming each bad field.
 *
 * @public
 */
export function renderStack(input: unknown): RenderResult {
  const spec = parseStackSpec(input);
  const parts: FileTree[] = [
    renderRepositoryFiles(spec),
    ...spec.spec.clouds.map(cloud => TERRAFORM_RENDERERS[cloud](spec)),
    renderKustomize(spec),
    renderCompose(spec),
  ];
  const files: FileTree = {};
  for (const part of parts) {
    for (const [path, content] of Object.entries(part)) {
      if (path in files) {
        throw new Error(
          `Two renderers produced "${path}"; each file must have one owner`,
        );
      }
      files[path] = content;
    }
  }
  files[RENDER_RECORD_PATH] = renderRenderRecord(files);
  const sorted: FileTree = {};
  for (const path of Object.keys(files).sort()) sorted[path] = files[path];
  return { files: sorted, warnings: collectWarnings(spec) };
}
