import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import type {
  ClusterHealth,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import type { KubernetesHealth } from '../health/HealthService';
import type { EntityCostService } from '../service/EntityCostService';
import { DefaultFleetService } from './DefaultFleetService';

const clusterResource = (
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    title: name.toUpperCase(),
    annotations,
  },
  spec: { type: 'kubernetes-cluster', owner },
});

const entities: Entity[] = [
  clusterResource('payments-prod-aws-cluster', 'payments', {
    'skyforge.io/cloud': 'aws',
    'skyforge.io/region': 'us-east-1',
    'skyforge.io/environment': 'prod',
  }),
  clusterResource('data-prod-gcp-cluster', 'group:default/data', {
    'skyforge.io/cloud': 'gcp',
  }),
  clusterResource('secret-cluster', 'group:default/security', {}),
];

const clusterHealth = (name: string): ClusterHealth => ({
  name,
  reachable: true,
  status: 'healthy',
  nodesReady: 3,
  nodesTotal: 3,
  nodePools: [
    {
      name: 'workers',
      nodesReady: 3,
      nodesTotal: 3,
      min: 2,
      max: 6,
      instanceTypes: ['m6i.large'],
      autoscaler: 'cluster-autoscaler',
    },
  ],
  workloads: [],
  autoscalers: [],
  scalers: [
    {
      kind: 'ClusterAutoscaler',
      name: 'cluster-autoscaler',
      summary: 'Healthy: 3/3 nodes ready',
      status: 'healthy',
    },
  ],
  problems: [],
});

function setup(options: { deny?: string[]; costDenied?: string[] } = {}) {
  const kubernetes: jest.Mocked<KubernetesHealth> = {
    getWorkloadHealth: jest.fn(),
    getClusterHealth: jest.fn(async ({ clusterName, entityRef }) => ({
      entityRef: entityRef ?? `cluster ${clusterName}`,
      view: 'cluster' as const,
      status: 'healthy' as const,
      reasons: [],
      clusters: [clusterHealth(clusterName)],
      generatedAt: '2025-11-24T10:00:00.000Z',
    })),
    listClusters: jest.fn(async () => [
      { name: 'payments-prod-aws-cluster' },
      { name: 'data-prod-gcp-cluster', cloud: 'gcp' },
      { name: 'secret-cluster' },
      { name: 'kind-local', title: 'Local kind', cloud: 'aws' },
    ]),
  };
  const permissions = mockServices.permissions.mock();
  const denied = new Set(options.deny ?? []);
  permissions.authorize.mockImplementation(async requests =>
    (requests as AuthorizePermissionRequest[]).map(request => ({
      result:
        denied.has(request.permission.name) ||
        denied.has((request as { resourceRef?: string }).resourceRef ?? '')
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );
  const costService: jest.Mocked<EntityCostService> = {
    getEntityCost: jest.fn(async request => {
      const entityRef = `resource:default/${request.entityRef.name}`;
      if (options.costDenied?.includes(entityRef)) {
        throw new NotAllowedError(
          `Not allowed to read the cost of '${entityRef}'`,
        );
      }
      return {
        entityRef,
        from: '2024-09-30',
        to: '2024-09-30',
        currencies: [
          {
            currency: 'USD',
            monthToDate: 1200.5,
            forecast: { monthEnd: 1240.5, method: 'linear' },
          },
        ],
      } as unknown as EntityCostResponse;
    }),
    listSources: jest.fn(),
  };
  const service = DefaultFleetService.create({
    kubernetes,
    catalog: catalogServiceMock({ entities }),
    permissions,
    costService,
    logger: mockServices.logger.mock(),
    clock: { now: () => new Date('2025-11-24T10:00:00Z') },
  });
  return { service, kubernetes, costService };
}

const credentials = mockCredentials.user('user:default/grace');

describe('DefaultFleetService', () => {
  it('joins the clusters with their Resources, health and month-to-date cost', async () => {
    const { service, costService } = setup({
      deny: ['resource:default/secret-cluster'],
    });
    const fleet = await service.getFleet({ credentials });
    expect(
      fleet.clusters.map(c => [c.name, c.title, c.entityRef, c.owner, c.cloud]),
    ).toEqual([
      [
        'data-prod-gcp-cluster',
        'DATA-PROD-GCP-CLUSTER',
        'resource:default/data-prod-gcp-cluster',
        'group:default/data',
        'gcp',
      ],
      // Without a Resource: the cloud comes from the cluster's auth provider.
      ['kind-local', 'Local kind', undefined, undefined, 'aws'],
      [
        'payments-prod-aws-cluster',
        'PAYMENTS-PROD-AWS-CLUSTER',
        'resource:default/payments-prod-aws-cluster',
        'group:default/payments',
        'aws',
      ],
      // secret-cluster: its Resource's health is denied, so the cluster is left out.
    ]);
    const payments = fleet.clusters[2];
    expect(payments).toMatchObject({
      region: 'us-east-1',
      environment: 'prod',
      status: 'healthy',
      reachable: true,
      nodesReady: 3,
      nodesTotal: 3,
      cost: [
        {
          currency: 'USD',
          month: '2024-09',
          monthToDate: 1200.5,
          forecastMonthEnd: 1240.5,
        },
      ],
    });
    expect(payments.autoscalers.map(a => a.kind)).toEqual([
      'ClusterAutoscaler',
    ]);
    expect(fleet.clusters[1].cost).toBeUndefined();
    expect(fleet.clusters[1].costHidden).toBeUndefined();
    expect(fleet.hiddenCount).toBe(1);
    expect(fleet.owners).toEqual([
      'group:default/data',
      'group:default/payments',
    ]);
    expect(fleet.clouds).toEqual(['aws', 'gcp']);
    expect(costService.getEntityCost).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: {
          kind: 'resource',
          namespace: 'default',
          name: 'payments-prod-aws-cluster',
        },
        credentials,
      }),
    );
  });

  it('filters by owner (short or full ref) and by cloud, keeping every facet', async () => {
    const { service, kubernetes } = setup();
    const byOwner = await service.getFleet({ credentials, owner: 'payments' });
    expect(byOwner.clusters.map(c => c.name)).toEqual([
      'payments-prod-aws-cluster',
    ]);
    expect(byOwner.owners).toHaveLength(3);
    const byCloud = await service.getFleet({ credentials, cloud: 'gcp' });
    expect(byCloud.clusters.map(c => c.name)).toEqual([
      'data-prod-gcp-cluster',
    ]);
    // Only the clusters shown are read.
    expect(kubernetes.getClusterHealth).toHaveBeenCalledTimes(2);
  });

  it('shows a cluster without cost when its cost may not be read', async () => {
    const { service } = setup({
      costDenied: ['resource:default/payments-prod-aws-cluster'],
    });
    const fleet = await service.getFleet({ credentials, owner: 'payments' });
    expect(fleet.clusters[0].cost).toBeUndefined();
    expect(fleet.clusters[0].costHidden).toBe(true);
    expect(fleet.clusters[0].status).toBe('healthy');
  });

  it('refuses callers who may not read the Kubernetes backend clusters', async () => {
    const { service } = setup({ deny: ['kubernetes.clusters.read'] });
    await expect(service.getFleet({ credentials })).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });
});
