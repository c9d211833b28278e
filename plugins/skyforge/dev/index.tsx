import type { Entity } from '@backstage/catalog-model';
import { Content, Header, Page } from '@backstage/core-components';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  EntitySkyforgeCostCard,
  EntitySkyforgeCostContent,
  EntitySkyforgeHealthCard,
  EntitySkyforgeHealthContent,
  skyforgeApiRef,
  skyforgePlugin,
} from '../src';
import { CannedSkyforgeApi } from './CannedSkyforgeApi';
import { CostEstimatePreview } from './CostEstimatePreview';

function entity(kind: string, name: string, annotations = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/payments',
      lifecycle: 'production',
    },
  };
}

const paymentsApi = entity('Component', 'payments-api', {
  'skyforge.io/budget': '4500 USD',
  'backstage.io/kubernetes-id': 'payments-api',
});
const paymentsSystem = entity('System', 'payments');
const ledgerWorker = entity('Component', 'ledger-worker', {
  'backstage.io/kubernetes-id': 'ledger-worker',
});
const checkout = entity('Component', 'checkout', {
  'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=checkout',
});
const unmappedComponent = entity('Component', 'billing-batch');
const orphan = entity('Component', 'orphan', {
  'backstage.io/kubernetes-id': 'orphan',
});

// A function returning elements rather than a component: the legacy app discovers routable
// extensions by walking the element tree, which does not look inside components.
function entityPage(subject: Entity, title: string) {
  return (
    <EntityProvider entity={subject}>
      <Page themeId="tool">
        <Header title={title} subtitle="Skyforge dev harness (canned data)" />
        <Content>
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              <EntitySkyforgeCostCard />
            </Grid>
            <Grid item xs={12}>
              <EntitySkyforgeCostContent />
            </Grid>
          </Grid>
        </Content>
      </Page>
    </EntityProvider>
  );
}

function healthPage(subject: Entity, title: string) {
  return (
    <EntityProvider entity={subject}>
      <Page themeId="tool">
        <Header title={title} subtitle="Skyforge dev harness (canned data)" />
        <Content>
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              <EntitySkyforgeHealthCard />
            </Grid>
            <Grid item xs={12}>
              <EntitySkyforgeHealthContent />
            </Grid>
          </Grid>
        </Content>
      </Page>
    </EntityProvider>
  );
}

createDevApp()
  .registerPlugin(skyforgePlugin)
  // Replaces the plugin's HTTP client, so the harness runs without a backend.
  .registerApi({
    api: skyforgeApiRef,
    deps: {},
    factory: () => new CannedSkyforgeApi(),
  })
  .addPage({
    path: '/payments-api',
    title: 'Cost: component',
    element: entityPage(paymentsApi, 'payments-api'),
  })
  .addPage({
    path: '/payments',
    title: 'Cost: two currencies',
    element: entityPage(paymentsSystem, 'payments (System)'),
  })
  .addPage({
    path: '/ledger-worker',
    title: 'Cost: no data',
    element: entityPage(ledgerWorker, 'ledger-worker'),
  })
  .addPage({
    path: '/health/payments-api',
    title: 'Health: degraded',
    element: healthPage(paymentsApi, 'payments-api'),
  })
  .addPage({
    path: '/health/ledger-worker',
    title: 'Health: healthy',
    element: healthPage(ledgerWorker, 'ledger-worker'),
  })
  .addPage({
    path: '/health/checkout',
    title: 'Health: cluster down',
    element: healthPage(checkout, 'checkout'),
  })
  .addPage({
    path: '/health/orphan',
    title: 'Health: no cluster',
    element: healthPage(orphan, 'orphan'),
  })
  .addPage({
    path: '/health/billing-batch',
    title: 'Health: no annotation',
    element: healthPage(unmappedComponent, 'billing-batch'),
  })
  .addPage({
    path: '/cost-estimate',
    title: 'Wizard cost preview',
    element: <CostEstimatePreview />,
  })
  .render();
