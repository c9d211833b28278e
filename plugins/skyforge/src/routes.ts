import { createRouteRef } from '@backstage/core-plugin-api';

/** The entity Cost tab in the legacy frontend system. */
export const entityCostRouteRef = createRouteRef({
  id: 'skyforge:entity-cost',
});

/** The entity Health tab in the legacy frontend system. */
export const entityHealthRouteRef = createRouteRef({
  id: 'skyforge:entity-health',
});

/** The fleet page (every cluster) in the legacy frontend system. */
export const fleetRouteRef = createRouteRef({
  id: 'skyforge:fleet',
});
