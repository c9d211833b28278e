import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read an entity's health (clusters, workloads, autoscaling). Conditional on the catalog entity.
 *
 * @public
 */
export const skyforgeHealthReadPermission = createPermission({
  name: 'skyforge.health.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Read an entity's cost. Conditional on the catalog entity.
 *
 * @public
 */
export const skyforgeCostReadPermission = createPermission({
  name: 'skyforge.cost.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Read the cost sources' status: their ids, types, freshness and last errors (which can name
 * file paths, buckets and URLs). `GET /v1/cost/sources`; without it, the sources in a cost
 * response carry no `lastError`.
 *
 * @public
 */
export const skyforgeCostSourcesReadPermission = createPermission({
  name: 'skyforge.cost.sources.read',
  attributes: { action: 'read' },
});

/**
 * Estimate the monthly cost of a stack that does not exist yet: the `scaffolder:estimate-stack`
 * action of the actions registry, which registers it with the scaffolder plugin.
 *
 * @public
 */
export const skyforgeStackEstimatePermission = createPermission({
  name: 'skyforge.stack.estimate',
  attributes: { action: 'read' },
});

/**
 * Run the policy checks (provider schemas, security rules, manifest checks) on the repository a
 * stack that does not exist yet would render: `POST /v1/stack-checks`, the Create wizard's
 * policy check preview.
 *
 * @public
 */
export const skyforgeStackCheckPermission = createPermission({
  name: 'skyforge.stack.check',
  attributes: { action: 'read' },
});

/**
 * Every permission of the Skyforge backend plugin, as it registers them.
 *
 * @public
 */
export const skyforgePermissions = [
  skyforgeHealthReadPermission,
  skyforgeCostReadPermission,
  skyforgeCostSourcesReadPermission,
  skyforgeStackCheckPermission,
];
