import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import { screen } from '@testing-library/react';
import { SkyforgeClient, skyforgeApiRef, type SkyforgeApi } from './api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { healthyResponse } from './__fixtures__/entityHealth';
import skyforgePlugin, {
  entitySkyforgeCostCard,
  entitySkyforgeCostContent,
  entitySkyforgeHealthCard,
  entitySkyforgeHealthContent,
  fleetRouteRef,
  entitySkyforgeStackUpgradeCard,
  skyforgeApi,
  skyforgeCostEstimateFormField,
  skyforgeStackCheckFormField,
  skyforgeFleetPage,
} from './alpha';
import { SkyforgeCostEstimateField } from './components/SkyforgeCostEstimateField';
import { SkyforgeStackCheckField } from './components/SkyforgeStackCheckField';

jest.setTimeout(30_000);

function entityOfKind(kind: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments' },
  };
}

const emptyCostApi: Pick<SkyforgeApi, 'getEntityCost'> = {
  getEntityCost: async ({ from, to }) => ({
    entityRef: 'component:default/payments',
    from: from!,
    to: to!,
    granularity: 'day',
    groupBy: 'service',
    selectors: [],
    hiddenCount: 0,
    currencies: [],
    sources: [],
  }),
};

describe('skyforge frontend plugin (new frontend system)', () => {
  it('is the skyforge plugin with the API, the Cost tab and the Cost card', () => {
    expect(skyforgePlugin.pluginId).toBe('skyforge');
    expect(skyforgePlugin.getExtension('api:skyforge')).toMatchObject({
      kind: 'api',
    });
    expect(
      skyforgePlugin.getExtension('entity-content:skyforge/cost'),
    ).toMatchObject({
      kind: 'entity-content',
      name: 'cost',
    });
    expect(
      skyforgePlugin.getExtension('entity-card:skyforge/cost'),
    ).toMatchObject({
      kind: 'entity-card',
      name: 'cost',
    });
  });

  it('provides a SkyforgeClient for the API ref', () => {
    const factory = createExtensionTester(skyforgeApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api).toBe(skyforgeApiRef);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://127.0.0.1/api/skyforge' },
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(SkyforgeClient);
  });

  it('mounts the Cost tab at cost for components, systems, groups and resources', () => {
    const tester = createExtensionTester(entitySkyforgeCostContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('cost');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Cost');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'System', 'Group', 'Resource']) {
      expect(filter(entityOfKind(kind))).toBe(true);
    }
    for (const kind of ['User', 'API', 'Template', 'Domain', 'Location']) {
      expect(filter(entityOfKind(kind))).toBe(false);
    }
  });

  it('shows the Cost card on the overview of the same kinds', () => {
    const tester = createExtensionTester(entitySkyforgeCostCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(entityOfKind('Group'))).toBe(true);
    expect(filter(entityOfKind('User'))).toBe(false);
  });

  it('renders the Cost tab content from the extension', async () => {
    await renderInTestApp(
      <EntityProvider entity={entityOfKind('Component')}>
        {createExtensionTester(entitySkyforgeCostContent).reactElement()}
      </EntityProvider>,
      { apis: [[skyforgeApiRef, emptyCostApi]] },
    );
    // The first render loads the lazy extension and the chart library: seconds, not the default
    // 1 s, on a busy two-core machine.
    const loaded = { timeout: 15_000 };
    expect(
      await screen.findByRole('button', { name: 'Last 30 days' }, loaded),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        /No cost rows matched the default selector/,
        {},
        loaded,
      ),
    ).toBeInTheDocument();
  }, 30_000);

  it('has the Health tab, the Health card and the cost preview field', () => {
    expect(
      skyforgePlugin.getExtension('entity-content:skyforge/health'),
    ).toMatchObject({ kind: 'entity-content', name: 'health' });
    expect(
      skyforgePlugin.getExtension('entity-card:skyforge/health'),
    ).toMatchObject({ kind: 'entity-card', name: 'health' });
    expect(
      skyforgePlugin.getExtension(
        'scaffolder-form-field:skyforge/cost-estimate',
      ),
    ).toMatchObject({ kind: 'scaffolder-form-field', name: 'cost-estimate' });
  });

  it('mounts the Health tab at health for components, resources, systems, domains and groups', () => {
    const tester = createExtensionTester(entitySkyforgeHealthContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('health');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Health');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    for (const kind of ['Component', 'Resource', 'System', 'Domain', 'Group']) {
      expect(filter(entityOfKind(kind))).toBe(true);
    }
    expect(filter(entityOfKind('User'))).toBe(false);
    expect(filter(entityOfKind('API'))).toBe(false);
  });

  it('has a fleet page with a nav item at /skyforge/fleet', () => {
    expect(skyforgePlugin.getExtension('page:skyforge/fleet')).toMatchObject({
      kind: 'page',
      name: 'fleet',
    });
    expect(skyforgePlugin.routes.fleet).toBe(fleetRouteRef);
    const tester = createExtensionTester(skyforgeFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/skyforge/fleet');
    expect(tester.get(coreExtensionData.title)).toBe('Fleet');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('shows the Health card only on entities with health', () => {
    const tester = createExtensionTester(entitySkyforgeHealthCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const annotated = (kind: string, annotations: Record<string, string>) => ({
      ...entityOfKind(kind),
      metadata: { name: 'payments', annotations },
    });
    expect(
      filter(
        annotated('Component', { 'backstage.io/kubernetes-id': 'payments' }),
      ),
    ).toBe(true);
    expect(
      filter(
        annotated('Resource', {
          'backstage.io/kubernetes-label-selector': 'app=payments',
        }),
      ),
    ).toBe(true);
    expect(filter(entityOfKind('Component'))).toBe(false);
    expect(filter(entityOfKind('User'))).toBe(false);
    // Clusters, and the kinds that roll up their parts, have health without annotations.
    expect(
      filter({
        ...entityOfKind('Resource'),
        spec: { type: 'kubernetes-cluster' },
      }),
    ).toBe(true);
    expect(
      filter({ ...entityOfKind('Resource'), spec: { type: 'database' } }),
    ).toBe(false);
    expect(filter(entityOfKind('System'))).toBe(true);
    expect(filter(entityOfKind('Group'))).toBe(true);
  });

  it('shows the stack upgrade card only on entities whose stack an older renderer rendered', () => {
    expect(
      skyforgePlugin.getExtension('entity-card:skyforge/stack-upgrade'),
    ).toMatchObject({ kind: 'entity-card', name: 'stack-upgrade' });
    const filter = createExtensionTester(entitySkyforgeStackUpgradeCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const withAnnotations = (annotations: Record<string, string>) => ({
      ...entityOfKind('Component'),
      metadata: { name: 'payments', annotations },
    });
    expect(
      filter(
        withAnnotations({
          'skyforge.io/stack': './skyforge.yaml',
          'skyforge.io/renderer-version': '0.1.0',
        }),
      ),
    ).toBe(true);
    expect(
      filter(
        withAnnotations({
          'skyforge.io/stack': './skyforge.yaml',
          'skyforge.io/renderer-version': RENDERER_VERSION,
        }),
      ),
    ).toBe(false);
    expect(filter(entityOfKind('Component'))).toBe(false);
  });

  it('renders the Health tab content from the extension', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={{
          ...entityOfKind('Component'),
          metadata: {
            name: 'payments-api',
            annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
          },
        }}
      >
        {createExtensionTester(entitySkyforgeHealthContent).reactElement()}
      </EntityProvider>,
      {
        apis: [
          [skyforgeApiRef, { getEntityHealth: async () => healthyResponse }],
        ],
      },
    );
    expect(
      await screen.findByRole('status', { name: 'Health: Healthy' }),
    ).toBeInTheDocument();
  });

  it('loads the SkyforgeCostEstimate form field for the scaffolder', async () => {
    const loader = createExtensionTester(skyforgeCostEstimateFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    // The scaffolder reads the opaque form field's options; check them as it would see them.
    expect(await loader()).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'SkyforgeCostEstimate',
      component: SkyforgeCostEstimateField,
    });
  });

  it('loads the SkyforgeStackCheck form field for the scaffolder', async () => {
    const loader = createExtensionTester(skyforgeStackCheckFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    expect(await loader()).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
      name: 'SkyforgeStackCheck',
      component: SkyforgeStackCheckField,
    });
  });
});
