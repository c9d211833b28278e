import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { HealthService } from '../health/HealthService';
import { parseEntityRefInput } from './parseEntityRefInput';

const STATUSES = ['healthy', 'degraded', 'unhealthy', 'unknown'] as const;

/**
 * `skyforge:get-entity-health` — whether a catalog entity is healthy: its status and reasons,
 * per cluster its nodes, workloads (ready of desired, problems) and problems, and for a roll-up
 * its parts. `skyforge.health.read` on the entity and `kubernetes.resources.read` (and
 * `kubernetes.clusters.read` for a cluster), with the caller's credentials, as the health route.
 */
export function registerGetEntityHealthAction(options: {
  actionsRegistry: ActionsRegistryService;
  healthService: HealthService;
}): void {
  const { actionsRegistry, healthService } = options;
  actionsRegistry.register({
    name: 'get-entity-health',
    title: 'Get the health of a catalog entity',
    description:
      "Whether a Backstage catalog entity is healthy, read live from its Kubernetes clusters: a Component's or Resource's workloads (ready replicas of desired, restarts, problems such as CrashLoopBackOff or pending pods, with what to do), a kubernetes-cluster Resource's nodes and node pools, or a System's or Group's parts. Status is healthy, degraded, unhealthy or unknown, with reasons.",
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity reference, e.g. component:default/checkout or resource:default/platform-prod-cluster (kind Component and namespace default when left out).',
            ),
        }),
      output: z => {
        const problem = z.object({
          severity: z.enum(['warning', 'error']),
          message: z.string(),
          action: z.string().optional(),
          object: z.string().optional(),
        });
        return z.object({
          entityRef: z.string(),
          view: z.enum(['workloads', 'cluster', 'rollUp']),
          status: z.enum(STATUSES),
          reasons: z.array(z.string()),
          clusters: z.array(
            z.object({
              name: z.string(),
              reachable: z.boolean(),
              status: z.enum(STATUSES),
              error: z.string().optional(),
              nodesReady: z.number().optional(),
              nodesTotal: z.number().optional(),
              workloads: z.array(
                z.object({
                  kind: z.string(),
                  namespace: z.string(),
                  name: z.string(),
                  ready: z.number(),
                  desired: z.number(),
                  restarts: z.number(),
                  problems: z.array(problem),
                }),
              ),
              problems: z.array(problem),
            }),
          ),
          parts: z
            .array(
              z.object({
                entityRef: z.string(),
                status: z.enum(STATUSES),
                reasons: z.array(z.string()),
              }),
            )
            .optional(),
          hiddenCount: z
            .number()
            .optional()
            .describe(
              'Parts of a roll-up left out because the caller may not read their health.',
            ),
          generatedAt: z.string(),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const health = await healthService.getEntityHealth({
        entityRef: parseEntityRefInput(input.entityRef),
        credentials,
      });
      return {
        output: {
          entityRef: health.entityRef,
          view: health.view,
          status: health.status,
          reasons: health.reasons,
          clusters: health.clusters.map(cluster => ({
            name: cluster.name,
            reachable: cluster.reachable,
            status: cluster.status,
            ...(cluster.error && { error: cluster.error }),
            ...(cluster.nodesTotal !== undefined && {
              nodesReady: cluster.nodesReady,
              nodesTotal: cluster.nodesTotal,
            }),
            workloads: cluster.workloads.map(workload => ({
              kind: workload.kind,
              namespace: workload.namespace,
              name: workload.name,
              ready: workload.ready,
              desired: workload.desired,
              restarts: workload.restarts,
              problems: workload.problems,
            })),
            problems: cluster.problems,
          })),
          ...(health.parts && {
            parts: health.parts.map(part => ({
              entityRef: part.entityRef,
              status: part.status,
              reasons: part.reasons,
            })),
          }),
          ...(health.hiddenCount !== undefined && {
            hiddenCount: health.hiddenCount,
          }),
          generatedAt: health.generatedAt,
        },
      };
    },
  });
}
