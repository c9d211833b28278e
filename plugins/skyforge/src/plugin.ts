import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { SkyforgeClient, skyforgeApiRef } from './api';
import type {
  EntityCostCardProps,
  EntityCostContentProps,
  EntityHealthCardProps,
} from './components';
import { SkyforgeCostEstimateField } from './components/SkyforgeCostEstimateField';
import { SkyforgeStackCheckField } from './components/SkyforgeStackCheckField';
import { COST_ESTIMATE_FIELD_NAME } from './lib/costEstimateField';
import { STACK_CHECK_FIELD_NAME } from './lib/stackCheck';
import {
  entityCostRouteRef,
  entityHealthRouteRef,
  fleetRouteRef,
  upgradeTemplateRouteRef,
} from './routes';

/**
 * Skyforge for the legacy frontend system. Apps on the new frontend system use the default
 * export of `@skyforge/plugin-skyforge/alpha` instead.
 *
 * @public
 */
export const skyforgePlugin = createPlugin({
  id: 'skyforge',
  apis: [
    createApiFactory({
      api: skyforgeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SkyforgeClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    entityCost: entityCostRouteRef,
    entityHealth: entityHealthRouteRef,
    fleet: fleetRouteRef,
  },
  externalRoutes: {
    upgradeTemplate: upgradeTemplateRouteRef,
  },
});

/**
 * The entity Cost tab: daily cost, breakdown, month to date, forecast, budget and source freshness.
 * Mount it at `/cost` so that {@link EntitySkyforgeCostCard} links to it.
 *
 * @public
 */
export const EntitySkyforgeCostContent = skyforgePlugin.provide(
  createRoutableExtension<(props: EntityCostContentProps) => JSX.Element>({
    name: 'EntitySkyforgeCostContent',
    component: () =>
      import('./components/EntityCostContent').then(m => m.EntityCostContent),
    mountPoint: entityCostRouteRef,
  }),
);

/**
 * The overview Cost card, linking to the Cost tab.
 *
 * @public
 */
export const EntitySkyforgeCostCard = skyforgePlugin.provide(
  createComponentExtension<(props: EntityCostCardProps) => JSX.Element>({
    name: 'EntitySkyforgeCostCard',
    component: {
      lazy: () =>
        import('./components/EntityCostCard').then(m => m.EntityCostCard),
    },
  }),
);

/**
 * The fleet page: every cluster of the Kubernetes backend with its status, node pools, autoscaler
 * state and month-to-date cost and forecast, filterable by owner and cloud. Mount it at a route
 * (e.g. `<Route path="/skyforge/fleet" element={<SkyforgeFleetPage />} />`) and add a sidebar
 * item for it.
 *
 * @public
 */
export const SkyforgeFleetPage = skyforgePlugin.provide(
  createRoutableExtension<() => JSX.Element>({
    name: 'SkyforgeFleetPage',
    component: () => import('./components/FleetPage').then(m => m.FleetPage),
    mountPoint: fleetRouteRef,
  }),
);

/**
 * The entity Health tab: rolled-up status with reasons and, per cluster, workloads, autoscalers,
 * node pools, scalers and problems; a `kubernetes-cluster` Resource's own cluster; a System's,
 * Domain's or Group's parts. Mount it at `/health` so that {@link EntitySkyforgeHealthCard}
 * links to it.
 *
 * @public
 */
export const EntitySkyforgeHealthContent = skyforgePlugin.provide(
  createRoutableExtension<() => JSX.Element>({
    name: 'EntitySkyforgeHealthContent',
    component: () =>
      import('./components/EntityHealthContent').then(
        m => m.EntityHealthContent,
      ),
    mountPoint: entityHealthRouteRef,
  }),
);

/**
 * The overview Health card, linking to the Health tab.
 *
 * @public
 */
export const EntitySkyforgeHealthCard = skyforgePlugin.provide(
  createComponentExtension<(props: EntityHealthCardProps) => JSX.Element>({
    name: 'EntitySkyforgeHealthCard',
    component: {
      lazy: () =>
        import('./components/EntityHealthCard').then(m => m.EntityHealthCard),
    },
  }),
);

/**
 * The overview notice that an entity's stack was rendered by an older Skyforge renderer, linking
 * the "Upgrade a Skyforge stack" template. Renders nothing when the stack is up to date; put it
 * in an `EntitySwitch.Case` with {@link isSkyforgeStackUpgradeAvailable}.
 *
 * @public
 */
export const EntitySkyforgeStackUpgradeCard = skyforgePlugin.provide(
  createComponentExtension<() => JSX.Element | null>({
    name: 'EntitySkyforgeStackUpgradeCard',
    component: {
      lazy: () =>
        import('./components/EntityStackUpgradeCard').then(
          m => m.EntityStackUpgradeCard,
        ),
    },
  }),
);

/**
 * The Create wizard's live cost preview (`ui:field: SkyforgeCostEstimate`): the monthly estimate per
 * environment and cloud of what the form describes, computed in the browser. Its value is the
 * estimated monthly total in USD, or nothing while the form is incomplete; it never blocks the
 * form. Add it inside `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const SkyforgeCostEstimateFieldExtension = skyforgePlugin.provide(
  createScaffolderFieldExtension({
    name: COST_ESTIMATE_FIELD_NAME,
    component: SkyforgeCostEstimateField,
    schema: {
      returnValue: {
        type: 'number',
        description: 'Estimated monthly cost in USD',
      },
    },
  }),
);

/**
 * The Create wizard's policy check preview (`ui:field: SkyforgeStackCheck`): the backend renders
 * the stack the form describes and runs `skyforge check` on it (`POST /api/skyforge/v1/stack-checks`,
 * permission `skyforge.stack.check`); the field lists each finding's rule, file and message, or
 * that the check passed. Its value, the one-line result, is what the review step shows. Add it
 * inside `<ScaffolderFieldExtensions>` of the scaffolder route.
 *
 * @public
 */
export const SkyforgeStackCheckFieldExtension = skyforgePlugin.provide(
  createScaffolderFieldExtension({
    name: STACK_CHECK_FIELD_NAME,
    component: SkyforgeStackCheckField,
    schema: {
      returnValue: {
        type: 'string',
        description: 'The policy check in one line: passed, or the findings',
      },
    },
  }),
);
