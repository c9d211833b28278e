import type { StackSpec } from '../spec/stackSpec';
import { kustomizeNames, selectorLabels } from './kustomizeNames';

/**
 * CPU-based autoscaling, plus memory when spec.app.hpa.memory is set (the same target serverless
 * environments scale on). Scale up fast (double, or 4 pods, per minute, whichever is more) and
 * scale down slowly (half per minute at most, after 5 minutes of lower load) so a short dip
 * does not remove capacity that the next burst needs.
 */
export function appHorizontalPodAutoscaler(
  spec: StackSpec,
): Record<string, unknown> {
  const names = kustomizeNames(spec);
  const { hpa } = spec.spec.app;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: names.app },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: names.app,
      },
      minReplicas: hpa.min,
      maxReplicas: hpa.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: hpa.cpu },
          },
        },
        ...(hpa.memory === undefined
          ? []
          : [
              {
                type: 'Resource',
                resource: {
                  name: 'memory',
                  target: {
                    type: 'Utilization',
                    averageUtilization: hpa.memory,
                  },
                },
              },
            ]),
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 60 },
            { type: 'Pods', value: 4, periodSeconds: 60 },
          ],
        },
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Min',
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
    },
  };
}

/**
 * At most one pod down at a time during node drains and upgrades. `maxUnavailable: 1` (rather
 * than a `minAvailable`) never blocks a drain, even when the autoscaler minimum is 1, and
 * `AlwaysAllow` lets crash-looping pods be evicted so a broken rollout cannot wedge a node upgrade.
 */
export function appPodDisruptionBudget(
  spec: StackSpec,
): Record<string, unknown> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: kustomizeNames(spec).app },
    spec: {
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: selectorLabels(spec) },
    },
  };
}
