import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  clusterResponse,
  degradedResponse,
  healthyResponse,
  noClustersResponse,
  oneClusterUnreachableResponse,
  rollUpResponse,
} from '../__fixtures__/entityHealth';
import { type SkyforgeApi, skyforgeApiRef } from '../api';
import { EntityHealthContent } from './EntityHealthContent';
import { forbiddenError } from '../__testUtils__/forbiddenError';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', owner: 'group:default/payments' },
};

function mockApi(implementation: () => Promise<EntityHealthResponse>) {
  const getEntityHealth = jest.fn(implementation);
  const api: Pick<SkyforgeApi, 'getEntityHealth'> = { getEntityHealth };
  return { api, getEntityHealth };
}

function renderContent(
  api: Pick<SkyforgeApi, 'getEntityHealth'>,
  subject: Entity = entity,
) {
  return renderInTestApp(
    <EntityProvider entity={subject}>
      <EntityHealthContent />
    </EntityProvider>,
    {
      apis: [[skyforgeApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

jest.setTimeout(30_000);

describe('EntityHealthContent', () => {
  it('shows progress while loading', async () => {
    const { api } = mockApi(() => new Promise(() => {}));
    renderContent(api);
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows a healthy entity with its cluster, workload, autoscaler and node pools', async () => {
    const { api, getEntityHealth } = mockApi(async () => healthyResponse);
    renderContent(api);
    const banner = await screen.findByRole('status', {
      name: 'Health: Healthy',
    });
    expect(banner).toHaveTextContent('Healthy');
    expect(getEntityHealth).toHaveBeenCalledWith({
      entityRef: {
        kind: 'Component',
        namespace: 'default',
        name: 'payments-api',
      },
    });

    const cluster = screen.getByRole('region', {
      name: 'Cluster EKS production (eks-prod)',
    });
    expect(cluster).toHaveTextContent('6/6 nodes ready');
    const workloads = within(cluster).getByRole('table', {
      name: 'Workloads in EKS production (eks-prod)',
    });
    const row = within(workloads).getByRole('row', {
      name: /payments\/payments-api/,
    });
    expect(
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'Deployment payments/payments-api',
      '3/3',
      'Complete',
      '0',
      'None',
    ]);

    const hpa = within(cluster).getByRole('region', {
      name: 'HPA payments/payments-api',
    });
    expect(hpa).toHaveTextContent('3 replicas (min 3, max 10)');
    expect(
      within(hpa).getByRole('progressbar', {
        name: '3 replicas between 3 and 10',
      }),
    ).toHaveAttribute('aria-valuenow', '0');
    expect(within(hpa).queryByText('at max')).not.toBeInTheDocument();
    expect(hpa).toHaveTextContent(
      'ScalingLimited: within range (DesiredWithinRange)',
    );

    const pools = within(cluster).getByRole('table', {
      name: 'Node pools in EKS production (eks-prod)',
    });
    const application = within(pools).getByRole('row', {
      name: /application/,
    });
    expect(
      within(application)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'application',
      '4/4',
      '3 / 12',
      'm6i.xlarge, m6a.xlarge',
      'cluster-autoscaler',
    ]);
    expect(
      within(cluster).getByRole('list', {
        name: 'Scalers in EKS production (eks-prod)',
      }),
    ).toHaveTextContent('Cluster autoscaler kube-system/cluster-autoscaler');
    expect(
      within(cluster).queryByRole('region', { name: 'Problems' }),
    ).not.toBeInTheDocument();
  });

  it('shows a degraded entity: the HPA at max, the CrashLoopBackOff pod and what to do', async () => {
    const { api } = mockApi(async () => degradedResponse);
    renderContent(api);
    const banner = await screen.findByRole('status', {
      name: 'Health: Degraded',
    });
    expect(
      within(banner).getByRole('list', { name: 'Reasons' }),
    ).toHaveTextContent(
      'eks-prod: Container worker of pod payments-worker-6c9f7b5d4-x7k2p is in CrashLoopBackOff after 14 restarts',
    );

    const apiHpa = screen.getByRole('region', {
      name: 'HPA payments/payments-api',
    });
    expect(within(apiHpa).getByText('at max')).toBeInTheDocument();
    expect(apiHpa).toHaveTextContent('10 replicas (min 3, max 10)');
    expect(
      within(apiHpa).getByRole('progressbar', {
        name: '10 replicas between 3 and 10',
      }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(
      within(apiHpa).getByText('ScalingLimited: at maximum (TooManyReplicas)'),
    ).toBeInTheDocument();
    const metrics = within(apiHpa).getByRole('table', {
      name: 'Metrics of HPA payments/payments-api',
    });
    expect(
      within(within(metrics).getByRole('row', { name: /^cpu/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual(['cpu', 'Resource', '92%', '70%']);
    expect(
      within(within(metrics).getByRole('row', { name: /sqs_messages_visible/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'sqs_messages_visible',
      'External',
      'not available',
      '30 per pod',
    ]);

    // At its maximum replica count, but the HPA does not say it is limited: no "at max".
    const cacheHpa = screen.getByRole('region', {
      name: 'HPA payments/payments-cache',
    });
    expect(cacheHpa).toHaveTextContent('3 replicas (min 1, max 3)');
    expect(within(cacheHpa).queryByText('at max')).not.toBeInTheDocument();

    const workloads = screen.getByRole('table', {
      name: 'Workloads in EKS production (eks-prod)',
    });
    const worker = within(workloads).getByRole('row', {
      name: /payments-worker/,
    });
    const cells = within(worker).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent('1/2');
    expect(cells[3]).toHaveTextContent('14');
    expect(cells[4]).toHaveTextContent(
      'is in CrashLoopBackOff after 14 restarts',
    );

    const problems = screen.getByRole('region', { name: 'Problems' });
    const items = within(problems).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[1]).toHaveTextContent(
      'Container worker of pod payments-worker-6c9f7b5d4-x7k2p is in CrashLoopBackOff',
    );
    expect(items[1]).toHaveTextContent(
      'Pod payments/payments-worker-6c9f7b5d4-x7k2p',
    );
    expect(items[1]).toHaveTextContent(
      "What to do: Read the crashed container's logs (`kubectl logs --previous`)",
    );
    // Warnings after errors.
    expect(items[2]).toHaveTextContent(
      'HPA payments-api is at its maximum of 10 replicas',
    );
    expect(items[2]).toHaveTextContent('What to do: Raise maxReplicas');

    const pools = screen.getByRole('table', {
      name: 'Node pools in EKS production (eks-prod)',
    });
    expect(
      within(within(pools).getByRole('row', { name: /^default/ }))
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toEqual([
      'default',
      '5/6',
      '0 / –',
      'c6i.2xlarge, c7i.2xlarge',
      'karpenter (limits cpu 64; using cpu 48)',
    ]);
    const scalers = screen.getByRole('list', {
      name: 'Scalers in EKS production (eks-prod)',
    });
    expect(scalers).toHaveTextContent(
      'KEDA ScaledObject payments/payments-worker',
    );
    expect(scalers).toHaveTextContent(
      'aws-sqs-queue → Deployment/payments-worker',
    );
    expect(scalers).toHaveTextContent('Karpenter NodePool default');
  });

  it('shows an unreachable cluster with its error next to the one that answered', async () => {
    const { api } = mockApi(async () => oneClusterUnreachableResponse);
    renderContent(api);
    expect(
      await screen.findByRole('status', { name: 'Health: Degraded' }),
    ).toHaveTextContent(
      'Cluster gke-prod is unreachable: timed out: no answer within 5000 ms',
    );
    const gke = screen.getByRole('region', {
      name: 'Cluster GKE production (gke-prod)',
    });
    expect(gke).toHaveTextContent(
      'Unreachable: timed out: no answer within 5000 ms',
    );
    expect(gke).toHaveTextContent(
      "What to do: Check that the cluster's API server is up",
    );
    expect(within(gke).queryByRole('table')).not.toBeInTheDocument();
    const eks = screen.getByRole('region', {
      name: 'Cluster EKS production (eks-prod)',
    });
    expect(
      within(eks).getByRole('table', {
        name: 'Workloads in EKS production (eks-prod)',
      }),
    ).toBeInTheDocument();
  });

  it('explains how to configure a cluster when none reports the entity', async () => {
    const { api } = mockApi(async () => noClustersResponse);
    renderContent(api);
    expect(
      await screen.findByText('No cluster reports this entity'),
    ).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Reasons' })).toHaveTextContent(
      'No Kubernetes objects found for backstage.io/kubernetes-id=payments-api in any cluster',
    );
    expect(
      screen.getByText('kubernetes.clusterLocatorMethods'),
    ).toBeInTheDocument();
    expect(screen.getByText('kubernetes-cluster')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Kubernetes configuration/ }),
    ).toHaveAttribute(
      'href',
      'https://backstage.io/docs/features/kubernetes/configuration',
    );
    expect(
      screen.getByText('backstage.io/kubernetes-id=payments-api'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /^Cluster / })).toBeNull();
  });

  it('shows the server error', async () => {
    const { api } = mockApi(async () => {
      throw await forbiddenError({
        message: 'Missing permission skyforge.health.read',
        url: '/health',
      });
    });
    renderContent(api);
    expect(
      await screen.findByText(/Missing permission skyforge.health.read/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  it('reloads on Refresh', async () => {
    const responses = [degradedResponse, healthyResponse];
    const { api, getEntityHealth } = mockApi(async () => responses.shift()!);
    renderContent(api);
    await screen.findByRole('status', { name: 'Health: Degraded' });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByRole('status', { name: 'Health: Healthy' });
    expect(getEntityHealth).toHaveBeenCalledTimes(2);
  });

  it('asks for the Kubernetes annotation, without calling the backend, when the entity has none', async () => {
    const { api, getEntityHealth } = mockApi(async () => healthyResponse);
    renderContent(api, {
      ...entity,
      metadata: { name: 'billing-batch', namespace: 'default' },
    });
    expect(await screen.findByText('Missing Annotation')).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage.io\/kubernetes-id/).length,
    ).toBeGreaterThan(0);
    await waitFor(() => expect(getEntityHealth).not.toHaveBeenCalled());
  });

  it('reads entities selected by a label selector', async () => {
    const { api, getEntityHealth } = mockApi(async () => healthyResponse);
    renderContent(api, {
      ...entity,
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-label-selector':
            'app.kubernetes.io/name=checkout',
        },
      },
    });
    await screen.findByRole('status', { name: 'Health: Healthy' });
    expect(getEntityHealth).toHaveBeenCalledTimes(1);
  });

  it("shows a kubernetes-cluster Resource's cluster with its kube-system workloads", async () => {
    const { api, getEntityHealth } = mockApi(async () => clusterResponse);
    renderContent(api, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'payments-prod-aws-cluster', namespace: 'default' },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/payments' },
    });
    await screen.findByRole('status', { name: 'Health: Healthy' });
    expect(getEntityHealth).toHaveBeenCalledTimes(1);
    const cluster = screen.getByRole('region', {
      name: 'Cluster EKS production (eks-prod)',
    });
    expect(
      within(cluster).getByText('System workloads (kube-system)'),
    ).toBeInTheDocument();
    expect(
      within(cluster).getByRole('row', { name: /kube-system\/coredns/ }),
    ).toBeInTheDocument();
    expect(
      within(cluster).getByRole('table', {
        name: 'Node pools in EKS production (eks-prod)',
      }),
    ).toBeInTheDocument();
  });

  it('explains the registration annotations when the Kubernetes backend does not know the cluster', async () => {
    const { api } = mockApi(async () => ({
      ...clusterResponse,
      status: 'unknown',
      clusters: [],
      reasons: [
        "The Kubernetes backend has no cluster named 'payments-prod-aws-cluster'",
      ],
    }));
    renderContent(api, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'payments-prod-aws-cluster', namespace: 'default' },
      spec: { type: 'kubernetes-cluster', owner: 'group:default/payments' },
    });
    expect(
      await screen.findByText(
        'The Kubernetes backend does not read this cluster',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('kubernetes.io/api-server')).toBeInTheDocument();
    expect(screen.getByText('kubernetes.io/auth-provider')).toBeInTheDocument();
  });

  it("rolls a System up: its status and each part's, with links to the parts", async () => {
    const { api } = mockApi(async () => rollUpResponse);
    renderContent(api, {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments', namespace: 'default' },
      spec: { owner: 'group:default/payments' },
    });
    const banner = await screen.findByRole('status', {
      name: 'Health: Degraded',
    });
    expect(banner).toHaveTextContent('payments-api is degraded');
    const rows = screen.getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      expect.stringContaining('Entity'),
      expect.stringMatching(
        /payments-api.*Degraded.*its workloads.*HPA payments-api is at its maximum/,
      ),
      expect.stringMatching(/payments-prod-aws-cluster.*Healthy.*its cluster/),
    ]);
    expect(screen.getByRole('link', { name: 'payments-api' })).toHaveAttribute(
      'href',
      expect.stringContaining('payments-api'),
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      '2 parts hidden by permissions',
    );
  });
});
