import { runsKubernetes } from '../../spec/computeTarget';
import { deploymentTargets } from '../../spec/deploymentTargets';
import type { ResolvedEnvironment } from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';
import { cloudRunTargetSize } from './cloudRunResources';

/** The environments of the stack that run on Cloud Run: serverless on GCP. */
export function cloudRunTargets(spec: StackSpec): ResolvedEnvironment[] {
  return deploymentTargets(spec).filter(
    target => target.cloud === 'gcp' && !runsKubernetes(target),
  );
}

/**
 * What a Cloud Run target does differently from what the spec asks, said at render time rather
 * than rendered as if it held: Cloud Run scales on concurrent requests and CPU only (no memory or
 * latency target), and takes whole vCPUs and at least 512 MiB.
 */
export function cloudRunWarnings(spec: StackSpec): string[] {
  const targets = cloudRunTargets(spec);
  if (targets.length === 0) return [];
  const where = targets.map(target => target.environment).join(', ');
  const { hpa } = spec.spec.app;
  const scaling = `Cloud Run (${where} on gcp) scales on concurrent requests per instance and CPU utilisation only`;
  return [
    ...(hpa.memory === undefined
      ? []
      : [
          `spec.app.hpa.memory: ${scaling}; the memory target is not applied there.`,
        ]),
    ...(hpa.latencyMs === undefined
      ? []
      : [
          `spec.app.hpa.latencyMs: ${scaling}; the latency target is not applied there.`,
        ]),
    ...targets.flatMap(target =>
      cloudRunTargetSize(spec, target.environment).adjustments.map(
        adjustment =>
          `spec.app.resources: ${target.environment} on gcp: ${adjustment}.`,
      ),
    ),
  ];
}
