import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
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

/** The kinds whose cost Skyforge attributes (Systems and Groups as the sum of their parts). */
const costEntityFilter = {
  kind: { $in: ['component', 'system', 'group', 'resource'] },
};

/** Kinds that run workloads on Kubernetes. */
const healthEntityFilter = {
  kind: { $in: ['component', 'resource'] },
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
 * The overview Health card, only on entities mapped to Kubernetes objects (an overview card that
 * only says an annotation is missing would crowd every other entity's overview).
 *
 * @alpha
 */
export const entitySkyforgeHealthCard = EntityCardBlueprint.make({
  name: 'health',
  params: {
    filter: {
      $all: [
        healthEntityFilter,
        {
          $any: [
            {
              'metadata.annotations.backstage.io/kubernetes-id': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.backstage.io/kubernetes-label-selector': {
                $exists: true,
              },
            },
          ],
        },
      ],
    },
    loader: () =>
      import('./components/EntityHealthCard').then(m => <m.EntityHealthCard />),
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
 * Skyforge for the new frontend system: the API; the entity Cost tab (`cost`) and overview Cost
 * card for Components, Systems, Groups and Resources; the entity Health tab (`health`) and overview
 * Health card for Components and Resources; and the Create wizard's cost preview field.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'skyforge',
  title: 'Skyforge',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    skyforgeApi,
    entitySkyforgeCostContent,
    entitySkyforgeCostCard,
    entitySkyforgeHealthContent,
    entitySkyforgeHealthCard,
    skyforgeCostEstimateFormField,
  ],
});
