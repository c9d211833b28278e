import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';
import { DefaultHealthService } from './DefaultHealthService';
import type { KubernetesHealth } from './HealthService';

const component = (
  name: string,
  annotations: Record<string, string> = {
    'backstage.io/kubernetes-id': name,
  },
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
});

const entities: Entity[] = [
  component('payments-api'),
  component('payments-web'),
  component('payments-docs', {}),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'payments-cluster-prod',
      namespace: 'default',
      title: 'Payments prod cluster',
      annotations: { 'backstage.io/kubernetes-cluster': 'eks-prod' },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'payments-db-prod', namespace: 'default' },
    spec: { type: 'database', owner: 'group:default/payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { owner: 'group:default/payments' },
    relations: [
      'component:default/payments-api',
      'component:default/payments-web',
      'component:default/payments-docs',
      'resource:default/payments-cluster-prod',
      'resource:default/payments-db-prod',
    ].map(targetRef => ({ type: 'hasPart', targetRef })),
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'ownerOf', targetRef: 'system:default/payments' }],
  },
];

function response(
  entityRef: string,
  status: EntityHealthResponse['status'],
  view: 'workloads' | 'cluster' = 'workloads',
): EntityHealthResponse {
  return {
    entityRef,
    view,
    status,
    reasons: status === 'healthy' ? [] : [`${entityRef} has a problem`],
    clusters: [],
    generatedAt: '2025-11-24T10:00:00.000Z',
  };
}

function setup(options: { deny?: string[] } = {}) {
  const kubernetes: jest.Mocked<KubernetesHealth> = {
    getWorkloadHealth: jest.fn(async ({ entity }) =>
      response(
        `component:default/${entity.metadata.name}`,
        entity.metadata.name === 'payments-api' ? 'degraded' : 'healthy',
      ),
    ),
    getClusterHealth: jest.fn(async ({ entityRef }) =>
      response(entityRef!, 'unhealthy', 'cluster'),
    ),
    listClusters: jest.fn(),
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
  const service = DefaultHealthService.create({
    kubernetes,
    catalog: catalogServiceMock({ entities }),
    permissions,
    clock: { now: () => new Date('2025-11-24T10:00:00Z') },
  });
  return { service, kubernetes, permissions };
}

const credentials = mockCredentials.user('user:default/grace');
const ref = (kind: string, name: string) => ({
  kind,
  namespace: 'default',
  name,
});

describe('DefaultHealthService', () => {
  it("gives a Component its workloads' health, after checking both permissions", async () => {
    const { service, kubernetes, permissions } = setup();
    const health = await service.getEntityHealth({
      entityRef: ref('component', 'payments-api'),
      credentials,
    });
    expect(health.status).toBe('degraded');
    expect(kubernetes.getWorkloadHealth).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({ name: 'skyforge.health.read' }),
          resourceRef: 'component:default/payments-api',
        },
        {
          permission: expect.objectContaining({
            name: 'kubernetes.resources.read',
          }),
        },
        {
          permission: expect.objectContaining({
            name: 'kubernetes.clusters.read',
          }),
        },
      ],
      { credentials },
    );
  });

  it('refuses a cluster Resource without kubernetes.clusters.read, but not a Component', async () => {
    const { service, kubernetes } = setup({
      deny: ['kubernetes.clusters.read'],
    });
    await expect(
      service.getEntityHealth({
        entityRef: ref('resource', 'payments-cluster-prod'),
        credentials,
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(kubernetes.getClusterHealth).not.toHaveBeenCalled();
    const health = await service.getEntityHealth({
      entityRef: ref('component', 'payments-api'),
      credentials,
    });
    expect(health.status).toBe('degraded');
  });

  it('leaves the cluster out of a roll-up without kubernetes.clusters.read, and counts it', async () => {
    const { service, kubernetes } = setup({
      deny: ['kubernetes.clusters.read'],
    });
    const health = await service.getEntityHealth({
      entityRef: ref('system', 'payments'),
      credentials,
    });
    expect(health.parts!.map(part => part.entityRef)).toEqual([
      'component:default/payments-api',
      'component:default/payments-web',
    ]);
    expect(health.hiddenCount).toBe(1);
    expect(kubernetes.getClusterHealth).not.toHaveBeenCalled();
  });

  it('gives a kubernetes-cluster Resource the health of the cluster it names', async () => {
    const { service, kubernetes } = setup();
    const health = await service.getEntityHealth({
      entityRef: ref('resource', 'payments-cluster-prod'),
      credentials,
    });
    expect(health.view).toBe('cluster');
    expect(kubernetes.getClusterHealth).toHaveBeenCalledWith({
      clusterName: 'eks-prod',
      entityRef: 'resource:default/payments-cluster-prod',
    });
  });

  it('rolls a System up over its parts with health, worst first', async () => {
    const { service } = setup();
    const health = await service.getEntityHealth({
      entityRef: ref('system', 'payments'),
      credentials,
    });
    expect(health.view).toBe('rollUp');
    expect(health.status).toBe('unhealthy');
    // The docs component has no Kubernetes annotation and the database no health: not parts.
    expect(health.parts!.map(part => [part.entityRef, part.status])).toEqual([
      ['resource:default/payments-cluster-prod', 'unhealthy'],
      ['component:default/payments-api', 'degraded'],
      ['component:default/payments-web', 'healthy'],
    ]);
    expect(health.reasons[0]).toBe(
      'Payments prod cluster is unhealthy: resource:default/payments-cluster-prod has a problem',
    );
    expect(health.hiddenCount).toBe(0);
  });

  it("leaves out the parts whose health the caller may not read, also through a Group's Systems", async () => {
    const { service } = setup({
      deny: ['resource:default/payments-cluster-prod'],
    });
    const health = await service.getEntityHealth({
      entityRef: ref('group', 'payments'),
      credentials,
    });
    expect(health.parts!.map(part => part.entityRef)).toEqual([
      'component:default/payments-api',
      'component:default/payments-web',
    ]);
    expect(health.status).toBe('degraded');
    expect(health.hiddenCount).toBe(1);
  });

  it('refuses without kubernetes.resources.read, and names a missing entity', async () => {
    const { service, kubernetes } = setup({
      deny: ['kubernetes.resources.read'],
    });
    await expect(
      service.getEntityHealth({
        entityRef: ref('component', 'payments-api'),
        credentials,
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        "Not allowed to read the health of 'component:default/payments-api'",
    });
    expect(kubernetes.getWorkloadHealth).not.toHaveBeenCalled();
    await expect(
      service.getEntityHealth({
        entityRef: ref('component', 'ghost'),
        credentials,
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: "No entity 'component:default/ghost'",
    });
  });
});
