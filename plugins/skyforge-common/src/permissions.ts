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

/** @public */
export const skyforgePermissions = [
  skyforgeHealthReadPermission,
  skyforgeCostReadPermission,
];
