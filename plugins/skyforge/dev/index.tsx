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
  SkyforgeFleetPage,
  EntitySkyforgeStackUpgradeCard,
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
const olderStack = entity('Component', 'payments-api', {
  'skyforge.io/stack': './skyforge.yaml',
  'skyforge.io/renderer-version': '0.1.0',
});
const ledgerWorker = entity('Component', 'ledger-worker', {
  'backstage.io/kubernetes-id': 'ledger-worker',
});
const checkout = entity('Component', 'checkout', {
  'backstage.io/kubernetes-label-selector': 'app.kubernetes.io/name=checkout',
});
const unmappedComponent = entity('Component', 'billing-batch');
const cluster: Entity = {
  ...entity('Resource', 'payments-prod-aws-cluster'),
  spec: { type: 'kubernetes-cluster', owner: 'group:default/payments' },
};
const orphan = entity('Component', 'orphan', {
  'backstage.io/kubernetes-id': 'orphan',
});

// A function returning elements rather than a component: the legacy app discovers routable
// extensions by walking the element tree, which does not look inside components.
function entityPage(
  subject: Entity,
  title: string,
  tab: { card: JSX.Element; content: JSX.Element },
) {
  return (
    <EntityProvider entity={subject}>
      <Page themeId="tool">
        <Header title={title} subtitle="Skyforge dev harness (canned data)" />
        <Content>
          <Grid container spacing={3}>
            <Grid item xs={12} md={6}>
              {tab.card}
            </Grid>
            <Grid item xs={12}>
              {tab.content}
            </Grid>
          </Grid>
        </Content>
      </Page>
    </EntityProvider>
  );
}

const cost = {
  card: <EntitySkyforgeCostCard />,
  content: <EntitySkyforgeCostContent />,
};
const health = {
  card: <EntitySkyforgeHealthCard />,
  content: <EntitySkyforgeHealthContent />,
};

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
    element: entityPage(paymentsApi, 'payments-api', cost),
  })
  .addPage({
    path: '/payments',
    title: 'Cost: two currencies',
    element: entityPage(paymentsSystem, 'payments (System)', cost),
  })
  .addPage({
    path: '/ledger-worker',
    title: 'Cost: no data',
    element: entityPage(ledgerWorker, 'ledger-worker', cost),
  })
  .addPage({
    path: '/health/payments-api',
    title: 'Health: degraded',
    element: entityPage(paymentsApi, 'payments-api', health),
  })
  .addPage({
    path: '/health/ledger-worker',
    title: 'Health: healthy',
    element: entityPage(ledgerWorker, 'ledger-worker', health),
  })
  .addPage({
    path: '/health/checkout',
    title: 'Health: cluster down',
    element: entityPage(checkout, 'checkout', health),
  })
  .addPage({
    path: '/health/orphan',
    title: 'Health: no cluster',
    element: entityPage(orphan, 'orphan', health),
  })
  .addPage({
    path: '/health/billing-batch',
    title: 'Health: no annotation',
    element: entityPage(unmappedComponent, 'billing-batch', health),
  })
  .addPage({
    path: '/health/payments-prod-aws-cluster',
    title: 'Health: cluster',
    element: entityPage(cluster, 'payments-prod-aws-cluster', health),
  })
  .addPage({
    path: '/health/payments',
    title: 'Health: System roll-up',
    element: entityPage(paymentsSystem, 'payments (System)', health),
  })
  .addPage({
    path: '/fleet',
    title: 'Fleet',
    element: <SkyforgeFleetPage />,
  })
  .addPage({
    path: '/stack-upgrade',
    title: 'Stack upgrade notice',
    element: entityPage(olderStack, 'payments-api', {
      card: <EntitySkyforgeStackUpgradeCard />,
      content: <EntitySkyforgeCostContent />,
    }),
  })
  .addPage({
    path: '/cost-estimate',
    title: 'Wizard cost preview',
    element: <CostEstimatePreview />,
  })
  .render();
