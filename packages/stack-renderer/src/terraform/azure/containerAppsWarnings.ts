import { appSettings } from '../../spec/appSettings';
import { runsKubernetes } from '../../spec/computeTarget';
import { deploymentTargets } from '../../spec/deploymentTargets';
import type { ResolvedEnvironment } from '../../spec/resolveEnvironment';
import type { StackSpec } from '../../spec/stackSpec';
import { containerAppSize } from './containerAppSize';

/** The environments of the stack that run on Azure Container Apps: serverless on Azure. */
export function containerAppsTargets(spec: StackSpec): ResolvedEnvironment[] {
  return deploymentTargets(spec).filter(
    target => target.cloud === 'azure' && !runsKubernetes(target),
  );
}

/**
 * What a Container Apps target does differently from what the spec asks, said at render time
 * rather than rendered as if it held: no latency scale rule, and container sizes rounded to the
 * Consumption profile's pairs.
 */
export function containerAppsWarnings(spec: StackSpec): string[] {
  const targets = containerAppsTargets(spec);
  if (targets.length === 0) return [];
  const where = targets.map(target => target.environment).join(', ');
  return [
    ...(spec.spec.app.hpa.latencyMs === undefined
      ? []
      : [
          `spec.app.hpa.latencyMs: Azure Container Apps (${where} on azure) scales on concurrent HTTP requests, CPU and memory only; the latency target is not applied there.`,
        ]),
    ...targets.flatMap(target =>
      containerAppSize(
        appSettings({ spec, environment: target.environment }).resources,
      ).adjustments.map(
        adjustment =>
          `spec.app.resources: ${target.environment} on azure: ${adjustment}.`,
      ),
    ),
  ];
}
