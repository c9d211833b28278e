import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { CostSource } from '@skyforge/plugin-skyforge-node';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostIngester } from '../ingestion/CostIngester';
import { OpenCostSource } from '../sources/opencost/OpenCostSource';
import { StaticCostSource, row } from '../__testUtils__/testSources';
import { fixedClock } from '../util/clock';
import {
  DefaultEntityCostService,
  replacedRows,
} from './DefaultEntityCostService';

jest.setTimeout(60_000);

const DAY = '2024-11-05';
const PROD = { 'skyforge-component': 'payments-api', environment: 'prod' };

/** The AWS bill of one day: the cluster's nodes (100) and the database (20). */
const bill = new StaticCostSource('focus-aws', [
  row(DAY, '70', {
    ...PROD,
    'skyforge-capability': 'kubernetes-cluster',
    'kubernetes-cluster': 'payments-prod',
  }),
  row(DAY, '30', {
    ...PROD,
    'skyforge-capability': 'kubernetes-cluster',
    'kubernetes-cluster': 'payments-prod',
  }),
  row(DAY, '20', { ...PROD, 'skyforge-capability': 'database' }),
]);

/** OpenCost splits the same 100 of node cost: two workloads and idle capacity. */
function openCost(): OpenCostSource {
  const allocations = {
    'payments-api': { name: 'payments-api', totalCost: 60 },
    checkout: { name: 'checkout', totalCost: 25 },
    __idle__: { name: '__idle__', totalCost: 15 },
  };
  return new OpenCostSource({
    id: 'opencost-payments-prod',
    baseUrl: 'http://opencost.invalid',
    cluster: 'payments-prod',
    tags: { environment: 'prod' },
    lookbackDays: 1,
    fetch: async () =>
      new Response(JSON.stringify({ code: 200, data: [allocations] })),
  });
}

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { system: 'payments' },
});
const resource = (name: string, selector: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'skyforge.io/cost-selector': selector },
  },
  spec: { system: 'payments' },
});
const entities: Entity[] = [
  component('payments-api'),
  component('checkout'),
  // The cluster Resource selects its cluster: node rows without OpenCost, OpenCost's with it.
  resource('payments-prod-cluster', 'kubernetes-cluster=payments-prod'),
  resource(
    'payments-prod-database',
    'skyforge-component=payments-api,environment=prod,skyforge-capability=database',
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments', namespace: 'default' },
    relations: [
      'component:default/payments-api',
      'component:default/checkout',
      'resource:default/payments-prod-cluster',
      'resource:default/payments-prod-database',
    ].map(targetRef => ({ type: 'hasPart', targetRef })),
  },
];

describe('FOCUS and OpenCost together: node cost counted once', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'rows of the cluster in the bill give way to OpenCost allocations, on %s',
    async databaseId => {
      const store = await DatabaseCostStore.create({
        database: mockServices.database({
          knex: await databases.init(databaseId),
        }),
      });
      const clock = fixedClock(`${DAY}T12:00:00Z`);
      const totals = async (sources: CostSource[]) => {
        const service = DefaultEntityCostService.create({
          store,
          catalog: catalogServiceMock({ entities }),
          permissions: mockServices.permissions(),
          logger: mockServices.logger.mock(),
          clock,
          sources,
        });
        const result: Record<string, number> = {};
        for (const [kind, name] of [
          ['component', 'payments-api'],
          ['component', 'checkout'],
          ['resource', 'payments-prod-cluster'],
          ['resource', 'payments-prod-database'],
          ['system', 'payments'],
        ]) {
          const response = await service.getEntityCost({
            entityRef: { kind, namespace: 'default', name },
            from: DAY,
            to: DAY,
            granularity: 'day',
            groupBy: 'source',
            credentials: mockCredentials.user(),
          });
          result[name] = response.currencies[0]?.total ?? 0;
        }
        return result;
      };

      const logger = mockServices.logger.mock();
      await CostIngester.create({
        store,
        sources: [bill],
        logger,
        clock,
      }).ingestAll();
      // The bill alone: the component carries its cluster's nodes.
      expect(await totals([bill])).toEqual({
        'payments-api': 120,
        checkout: 0,
        'payments-prod-cluster': 100,
        'payments-prod-database': 20,
        payments: 120,
      });

      const opencost = openCost();
      const [result] = await CostIngester.create({
        store,
        sources: [opencost],
        logger,
        clock,
      }).ingestAll();
      expect(result.error).toBeUndefined();
      // With OpenCost: each workload its share, the cluster OpenCost's total, the System the bill.
      expect(await totals([bill, opencost])).toEqual({
        'payments-api': 80,
        checkout: 25,
        'payments-prod-cluster': 100,
        'payments-prod-database': 20,
        payments: 120,
      });
    },
  );

  it('names the source of an invalid replaced-rows selector', () => {
    expect(() =>
      replacedRows([{ id: 'opencost-x', replaces: ['kubernetes-cluster'] }]),
    ).toThrow(/Cost source 'opencost-x' replaces rows by an invalid selector/);
    expect(replacedRows([{ id: 'focus' }, openCost()])).toEqual([
      {
        bySourceId: 'opencost-payments-prod',
        selectors: [
          { terms: [{ key: 'kubernetes-cluster', value: 'payments-prod' }] },
        ],
      },
    ]);
  });
});
