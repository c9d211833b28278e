import fs from 'node:fs';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  stringifyEntityRef,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'csv-parse/sync';
import {
  costSelectorText,
  parseCostSelector,
} from './attribution/costSelector';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { CostIngester } from './ingestion/CostIngester';
import { DefaultEntityCostService } from './service/DefaultEntityCostService';
import { FocusCostSource } from './sources/focus/FocusCostSource';
import {
  FOCUS_SAMPLE,
  loadExampleEntities,
} from './__testUtils__/exampleEntities';
import { fixedClock } from './util/clock';
import { nanosToNumber } from './util/money';

jest.setTimeout(60_000);

/** The file's EffectiveCost total per currency in cents, from the CSV text alone. */
function fileTotalsInCents(): Map<string, number> {
  const records: Array<Record<string, string>> = parse(
    fs.readFileSync(FOCUS_SAMPLE),
    {
      columns: true,
    },
  );
  const units = new Map<string, bigint>();
  for (const record of records) {
    // The sample writes every amount with exactly 11 decimals.
    const [whole, fraction] = record.EffectiveCost.split('.');
    expect(fraction).toHaveLength(11);
    const sign = whole.startsWith('-') ? -1n : 1n;
    const value =
      sign * (BigInt(whole.replace('-', '')) * 10n ** 11n + BigInt(fraction));
    units.set(
      record.BillingCurrency,
      (units.get(record.BillingCurrency) ?? 0n) + value,
    );
  }
  return new Map(
    [...units].map(([currency, value]) => [
      currency,
      Math.round(Number(value) / 1e9),
    ]),
  );
}

describe('reconciliation of the FOCUS sample', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'attributed cost of every example entity plus the unattributed remainder equals the file total to the cent, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseCostStore.create({
        database: mockServices.database({ knex }),
      });
      const clock = fixedClock('2024-10-01T00:00:00Z');
      const source = new FocusCostSource({
        id: 'focus-demo',
        location: FOCUS_SAMPLE,
        workingDirectory: '/',
      });
      const [result] = await CostIngester.create({
        store,
        sources: [source],
        logger: mockServices.logger.mock(),
        clock,
      }).ingestAll();
      expect(result.error).toBeUndefined();

      const entities = loadExampleEntities();
      const service = DefaultEntityCostService.create({
        store,
        catalog: catalogServiceMock({ entities }),
        permissions: mockServices.permissions(),
        logger: mockServices.logger.mock(),
        clock,
        sources: [{ id: 'focus-demo', type: 'focus' }],
      });
      // Components and Resources carry cost; Systems, Groups and Domains only sum them.
      const leaves = entities.filter(e =>
        ['Component', 'Resource'].includes(e.kind),
      );
      expect(leaves.length).toBeGreaterThanOrEqual(9);

      const attributed = new Map<string, number>();
      const perEntity: Record<string, number> = {};
      for (const entity of leaves) {
        const response = await service.getEntityCost({
          entityRef: getCompoundEntityRef(entity),
          from: '2024-09-01',
          to: '2024-09-30',
          granularity: 'day',
          groupBy: 'service',
          credentials: mockCredentials.user(),
        });
        for (const cost of response.currencies) {
          attributed.set(
            cost.currency,
            (attributed.get(cost.currency) ?? 0) + cost.total,
          );
          perEntity[stringifyEntityRef(entity)] = cost.total;
        }
      }
      // The demo entities really select rows of the sample.
      expect(perEntity['component:default/bright-path-matrix']).toBe(16);
      // Independently: the sample's rows tagged org=trey and env=prod sum to 2.12841174764.
      expect(perEntity['resource:default/trey-storage']).toBeCloseTo(
        2.12841174764,
        8,
      );

      const unattributed = await store.getTotals({
        from: '2024-09-01',
        to: '2024-09-30',
        excludeSelectors: leaves.map(e =>
          parseCostSelector(costSelectorText(e)),
        ),
      });
      const reconciled = new Map(attributed);
      for (const { currency, amountNanos } of unattributed) {
        reconciled.set(
          currency,
          (reconciled.get(currency) ?? 0) + nanosToNumber(amountNanos),
        );
      }

      const expected = fileTotalsInCents();
      expect(expected).toEqual(new Map([['USD', 1498]]));
      expect(
        new Map(
          [...reconciled].map(([currency, amount]) => [
            currency,
            Math.round(amount * 100),
          ]),
        ),
      ).toEqual(expected);
    },
  );
});
