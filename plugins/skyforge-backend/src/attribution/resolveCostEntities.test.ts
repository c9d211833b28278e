import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type AuthorizePermissionRequest,
} from '@backstage/plugin-permission-common';
import { resolveCostEntities } from './resolveCostEntities';

function entity(
  kind: string,
  name: string,
  relations: Array<[string, string]> = [],
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {},
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

// As the catalog computes them: spec.system → hasPart on the System, spec.owner → ownerOf on the Group.
const entities = [
  entity('Group', 'payments', [
    ['ownerOf', 'system:default/payments'],
    ['ownerOf', 'component:default/payments-api'],
    ['ownerOf', 'resource:default/payments-db'],
  ]),
  entity('System', 'payments', [
    ['hasPart', 'component:default/payments-api'],
    ['hasPart', 'resource:default/payments-db'],
    ['hasPart', 'resource:default/payments-cluster'],
    ['ownedBy', 'group:default/payments'],
  ]),
  entity('Component', 'payments-api', [['partOf', 'system:default/payments']], {
    'skyforge.io/cost-selector':
      'skyforge-component=payments-api,environment=prod',
  }),
  entity('Resource', 'payments-db', [['partOf', 'system:default/payments']]),
  entity(
    'Resource',
    'payments-cluster',
    [['partOf', 'system:default/payments']],
    {
      'skyforge.io/cost-selector': 'not a selector',
    },
  ),
  entity('Domain', 'commerce', [['hasPart', 'system:default/payments']]),
];

async function resolveWith(ref: string, options: { denied?: string[] } = {}) {
  const catalog = catalogServiceMock({ entities });
  const root = (await catalog.getEntityByRef(ref))!;
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    (requests as AuthorizePermissionRequest[]).map(request => {
      expect(request.permission.name).toBe('skyforge.cost.read');
      return {
        result: options.denied?.includes(
          (request as { resourceRef?: string }).resourceRef ?? '',
        )
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      };
    }),
  );
  return resolveCostEntities({
    root,
    catalog,
    permissions,
    credentials: mockCredentials.user(),
  });
}

async function resolve(ref: string) {
  const { attributed, hiddenCount } = await resolveWith(ref);
  expect(hiddenCount).toBe(0);
  return attributed;
}

describe('resolveCostEntities', () => {
  it('uses a Component alone, with its own selector', async () => {
    expect(await resolve('component:default/payments-api')).toEqual([
      {
        entityRef: 'component:default/payments-api',
        selectorText: 'skyforge-component=payments-api,environment=prod',
        selector: {
          terms: [
            { key: 'skyforge-component', value: 'payments-api' },
            { key: 'environment', value: 'prod' },
          ],
        },
      },
    ]);
  });

  it('sums a System over its parts, skipping a part with a malformed selector', async () => {
    const resolved = await resolve('system:default/payments');
    expect(resolved.map(r => [r.entityRef, r.selectorText])).toEqual([
      ['system:default/payments', 'skyforge-component=payments'],
      [
        'component:default/payments-api',
        'skyforge-component=payments-api,environment=prod',
      ],
      ['resource:default/payments-db', 'skyforge-component=payments-db'],
    ]);
  });

  it('reaches each entity once when a Group owns both a System and its parts', async () => {
    const refs = (await resolve('group:default/payments')).map(
      r => r.entityRef,
    );
    expect(refs).toEqual([
      'group:default/payments',
      'system:default/payments',
      'component:default/payments-api',
      'resource:default/payments-db',
    ]);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('goes Domain → System → parts', async () => {
    const refs = (await resolve('domain:default/commerce')).map(
      r => r.entityRef,
    );
    expect(refs).toEqual([
      'domain:default/commerce',
      'system:default/payments',
      'component:default/payments-api',
      'resource:default/payments-db',
    ]);
  });

  it('leaves out and counts the parts whose cost the caller may not read', async () => {
    const { attributed, hiddenCount } = await resolveWith(
      'system:default/payments',
      { denied: ['component:default/payments-api'] },
    );
    expect(attributed.map(r => r.entityRef)).toEqual([
      'system:default/payments',
      'resource:default/payments-db',
    ]);
    expect(hiddenCount).toBe(1);
  });

  it('counts the parts the catalog does not return to the caller as hidden', async () => {
    const catalog = catalogServiceMock({
      entities: entities.filter(e => e.metadata.name !== 'payments-db'),
    });
    const root = (await catalog.getEntityByRef('system:default/payments'))!;
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    const { attributed, hiddenCount } = await resolveCostEntities({
      root,
      catalog,
      permissions,
      credentials: mockCredentials.user(),
    });
    expect(attributed.map(r => r.entityRef)).toEqual([
      'system:default/payments',
      'component:default/payments-api',
    ]);
    // payments-db is missing; payments-cluster is readable but its selector is malformed.
    expect(hiddenCount).toBe(1);
  });

  it('fails on a malformed selector of the requested entity itself', async () => {
    await expect(resolve('resource:default/payments-cluster')).rejects.toThrow(
      /not of the form key=value/,
    );
  });
});
