import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
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

async function resolve(ref: string) {
  const catalog = catalogServiceMock({ entities });
  const root = (await catalog.getEntityByRef(ref))!;
  return resolveCostEntities({
    root,
    catalog,
    credentials: mockCredentials.user(),
  });
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

  it('fails on a malformed selector of the requested entity itself', async () => {
    await expect(resolve('resource:default/payments-cluster')).rejects.toThrow(
      /not of the form key=value/,
    );
  });
});
