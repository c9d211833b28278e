import {
  createExternalRouteRef,
  createRouteRef,
} from '@backstage/core-plugin-api';

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

/**
 * A software template page of the scaffolder, for the "Upgrade a Skyforge stack" link. Bound to
 * the scaffolder's template page by default; optional, so an app without the scaffolder shows the
 * notice without a link.
 */
export const upgradeTemplateRouteRef = createExternalRouteRef({
  id: 'skyforge:upgrade-template',
  optional: true,
  params: ['namespace', 'templateName'],
  defaultTarget: 'scaffolder.selectedTemplate',
});
