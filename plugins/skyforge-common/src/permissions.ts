import { createPermission } from '@backstage/plugin-permission-common';

/** Read an entity's health (clusters, workloads, autoscaling). Conditional on the catalog entity. */
export const skyforgeHealthReadPermission = createPermission({
  name: 'skyforge.health.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Read an entity's cost. Conditional on the catalog entity. */
export const skyforgeCostReadPermission = createPermission({
  name: 'skyforge.cost.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

export const skyforgePermissions = [
  skyforgeHealthReadPermission,
  skyforgeCostReadPermission,
];
