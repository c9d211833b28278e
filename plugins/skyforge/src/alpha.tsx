import { Content } from '@backstage/core-components';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import CloudQueueIcon from '@material-ui/icons/CloudQueue';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  FormFieldBlueprint,
  createFormField,
} from '@backstage/plugin-scaffolder-react/alpha';
import { SkyforgeClient, skyforgeApiRef } from './api';
import { COST_ESTIMATE_FIELD_NAME } from './lib/costEstimateField';
import { STACK_CHECK_FIELD_NAME } from './lib/stackCheck';
import { isSkyforgeStackUpgradeAvailable } from './lib/stackUpgrade';
import { upgradeTemplateRouteRef } from './routes';

/** The kinds whose cost Skyforge attributes (Systems and Groups as the sum of their parts). */
const costEntityFilter = {
  kind: { $in: ['component', 'system', 'group', 'resource'] },
};

/**
 * Kinds with health: Components and Resources (their workloads; a `kubernetes-cluster` Resource
 * its cluster), and Systems, Domains and Groups (their parts).
 */
const healthEntityFilter = {
  kind: { $in: ['component', 'resource', 'system', 'domain', 'group'] },
};

/** @alpha */
export const skyforgeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: skyforgeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SkyforgeClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const entitySkyforgeCostContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: 'cost',
    title: 'Cost',
    filter: costEntityFilter,
    loader: () =>
      import('./components/EntityCostContent').then(m => (
        <m.EntityCostContent />
      )),
  },
});

/** @alpha */
export const entitySkyforgeCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: costEntityFilter,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * The entity Health tab. Shown for every Component and Resource: one without the Kubernetes
 * annotations gets an explanation of how to add them.
 *
 * @alpha
 */
export const entitySkyforgeHealthContent = EntityContentBlueprint.make({
  name: 'health',
  params: {
    path: 'health',
    title: 'Health',
    filter: healthEntityFilter,
    loader: () =>
      import('./components/EntityHealthContent').then(m => (
        <m.EntityHealthContent />
      )),
  },
});

/**
 * The overview Health card, only on entities with health: those mapped to Kubernetes objects,
 * clusters, and Systems, Domains and Groups (an overview card that only says an annotation is
 * missing would crowd every other entity's overview).
 *
 * @alpha
 */
export const entitySkyforgeHealthCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    filter: {
      $any: [
        {
          $all: [
            { kind: { $in: ['component', 'resource'] } },
            {
              $any: [
                {
                  'metadata.annotations.backstage.io/kubernetes-id': {
                    $exists: true,
                  },
                },
                {
                  'metadata.annotations.backstage.io/kubernetes-label-selector':
                    { $exists: true },
                },
              ],
            },
          ],
        },
        { kind: 'resource', 'spec.type': 'kubernetes-cluster' },
        { kind: { $in: ['system', 'domain', 'group'] } },
      ],
    },
    loader: () =>
      import('./components/EntityHealthCard').then(m => <m.EntityHealthCard />),
  },
});

/** The fleet page's route, e.g. for links from other plugins. @alpha */
export const fleetRouteRef = createRouteRef();

/**
 * The fleet page at `/skyforge/fleet`: every cluster with its status, node pools, autoscaler state
 * and month-to-date cost and forecast, filterable by owner and cloud. Its title and icon give it a
 * nav item (`page:skyforge/fleet`).
 *
 * @alpha
 */
export const skyforgeFleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/skyforge/fleet',
    title: 'Fleet',
    icon: <CloudQueueIcon fontSize="inherit" />,
    routeRef: fleetRouteRef,
    loader: () =>
      import('./components/FleetContent').then(m => (
        <Content>
          <m.FleetContent />
        </Content>
      )),
  },
});

/**
 * The overview notice that the entity's stack was rendered by an older Skyforge renderer, with a
 * link to the "Upgrade a Skyforge stack" template; only on entities whose stack is behind.
 *
 * @alpha
 */
export const entitySkyforgeStackUpgradeCard = EntityCardBlueprint.make({
  name: 'stack-upgrade',
  params: {
    filter: isSkyforgeStackUpgradeAvailable,
    loader: () =>
      import('./components/EntityStackUpgradeCard').then(m => (
        <m.EntityStackUpgradeCard />
      )),
  },
});

/**
 * The Create wizard's live cost preview, `ui:field: SkyforgeCostEstimate`.
 *
 * @alpha
 */
export const skyforgeCostEstimateFormField = FormFieldBlueprint.make({
  name: 'cost-estimate',
  params: {
    field: () =>
      import('./components/SkyforgeCostEstimateField').then(m =>
        createFormField({
          name: COST_ESTIMATE_FIELD_NAME,
          component: m.SkyforgeCostEstimateField,
        }),
      ),
  },
});

/**
 * The Create wizard's policy check preview, `ui:field: SkyforgeStackCheck`.
 *
 * @alpha
 */
export const skyforgeStackCheckFormField = FormFieldBlueprint.make({
  name: 'stack-check',
  params: {
    field: () =>
      import('./components/SkyforgeStackCheckField').then(m =>
        createFormField({
          name: STACK_CHECK_FIELD_NAME,
          component: m.SkyforgeStackCheckField,
        }),
      ),
  },
});

/**
 * Skyforge for the new frontend system: the API; the entity Cost tab (`cost`) and overview Cost
 * card for Components, Systems, Groups and Resources; the entity Health tab (`health`) and overview
 * Health card for Components, Resources (clusters too), Systems, Domains and Groups; the fleet page
 * with its nav item; the notice that a stack can be upgraded; and the Create wizard's cost preview
 * and policy check fields.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'skyforge',
  title: 'Skyforge',
  info: { packageJson: () => import('../package.json') },
  externalRoutes: convertLegacyRouteRefs({
    upgradeTemplate: upgradeTemplateRouteRef,
  }),
  extensions: [
    skyforgeApi,
    entitySkyforgeCostContent,
    entitySkyforgeCostCard,
    entitySkyforgeHealthContent,
    entitySkyforgeHealthCard,
    skyforgeFleetPage,
    entitySkyforgeStackUpgradeCard,
    skyforgeCostEstimateFormField,
    skyforgeStackCheckFormField,
  ],
  routes: { fleet: fleetRouteRef },
});
