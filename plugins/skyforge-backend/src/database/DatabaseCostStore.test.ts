import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { parseCostSelector } from '../attribution/costSelector';
import { CostIngester } from '../ingestion/CostIngester';
import { FocusCostSource } from '../sources/focus/FocusCostSource';
import { StaticCostSource, row } from '../__testUtils__/testSources';
import { fixedClock } from '../util/clock';
import { epochDayToDay } from '../util/dates';
import { DatabaseCostStore } from './DatabaseCostStore';
import { columnsOf, DailyRow } from '../__testUtils__/dailyColumns';
import { canonicalTagSet, costDimensions } from './costDimensions';

jest.setTimeout(60_000);

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const ALL_TIME = { from: '2000-01-01', to: '2099-12-31' };
const SAMPLE_TOTAL_NANOS = 14_976_514_186n;

async function createStore(knex: Knex) {
  return DatabaseCostStore.create({
    database: mockServices.database({ knex }),
  });
}

/** A daily aggregate of `service` with one tag, as a source that sums its own records yields it. */
function aggregate(
  day: string,
  amountNanos: bigint,
  service = 'EC2',
): DailyRow {
  return {
    day,
    dimensions: costDimensions({
      tagSet: canonicalTagSet({ team: 'a' }),
      currency: 'USD',
      provider: 'AWS',
      service,
    }),
    amountNanos,
    billedNanos: amountNanos,
    rowCount: 2,
  };
}

/**
 * The message `promise` rejects with; fails when it resolves. better-sqlite3's native addon keeps
 * the SqliteError class of the first test file that loaded it in a Jest worker (the addon is
 * loaded once per process), so in later files its errors are not `instanceof` this file's
 * `Error`, and `rejects.toThrow` reports them as "did not throw" (which made these tests look
 * flaky: they failed only when another suite using SQLite ran first in the same worker).
 */
async function rejectionMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { message?: unknown })?.message ?? error);
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** The daily rows of the store with their dimensions, as one table. */
function dailyWithDimensions(knex: Knex) {
  return knex({ d: 'skyforge_cost_daily' })
    .join({ m: 'skyforge_cost_dimensions' }, 'm.id', 'd.dimension_id')
    .select('d.*', 'm.*')
    .select({ dimension_id: 'd.dimension_id' });
}

/** The stored daily rows of a source, with their dimensions but without ids, in a stable order. */
async function storedDaily(knex: Knex, sourceId: string) {
  const rows = await dailyWithDimensions(knex)
    .where('d.source_id', sourceId)
    .orderBy(['d.epoch_day', 'm.row_key']);
  return rows.map(
    ({
      source_id: _,
      id: _id,
      dimension_id: _d,
      amount_nanos,
      billed_nanos,
      ...rest
    }) => ({
      ...rest,
      amount_nanos: BigInt(amount_nanos),
      billed_nanos: BigInt(billed_nanos),
      row_count: Number(rest.row_count),
    }),
  );
}

function sampleSource(id = 'focus-demo') {
  return new FocusCostSource({
    id,
    location: 'examples/cost/focus-1.0_sample_1000.csv',
    workingDirectory: REPO_ROOT,
  });
}

describe('DatabaseCostStore', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    // No Docker engine on these machines: PostgreSQL comes from scripts/with-postgres.sh.
    disableDocker: true,
  });

  it('runs where PostgreSQL is provided', () => {
    // The test script provides PostgreSQL; without it only SQLite runs (and says so here).
    const postgres = Boolean(
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING,
    );
    expect(databases.supports('POSTGRES_15')).toBe(postgres);
    expect(databases.supports('SQLITE_3')).toBe(true);
  });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('migrates up and down', async () => {
      await createStore(knex);
      for (const table of [
        'skyforge_cost_sources',
        'skyforge_cost_tag_sets',
        'skyforge_cost_tag_pairs',
        'skyforge_cost_dimensions',
        'skyforge_cost_daily',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await knex.migrate.rollback(
        { directory: path.resolve(__dirname, '../../migrations') },
        true,
      );
      expect(await knex.schema.hasTable('skyforge_cost_daily')).toBe(false);
    });

    it('moves daily rows stored before dimension sets had a table of their own and before days were numbers, and back', async () => {
      const directory = path.resolve(__dirname, '../../migrations');
      await knex.migrate.up({ directory, name: '20261122000000_cost_init.js' });
      await knex.migrate.up({
        directory,
        name: '20261210000000_cost_alerts.js',
      });
      const [{ id: tagSetId }] = await knex('skyforge_cost_tag_sets')
        .insert({ hash: 'h', tags: '{"team":"a"}' })
        .returning('id');
      const wide = (sourceId: string, day: string, rowKey: string) => ({
        source_id: sourceId,
        day,
        row_key: rowKey,
        tag_set_id: tagSetId,
        currency: 'USD',
        provider: 'AWS',
        service: rowKey === 'k1' ? 'EC2' : 'S3',
        service_category: null,
        region: 'eu-west-1',
        sub_account: null,
        environment: 'prod',
        amount_nanos: 1_500_000_000,
        billed_nanos: 1_000_000_000,
        row_count: 3,
      });
      const before = [
        wide('a', '2024-09-01', 'k1'),
        wide('a', '2024-09-01', 'k2'),
        wide('a', '2024-09-02', 'k1'),
        wide('b', '2024-09-01', 'k1'),
      ];
      await knex('skyforge_cost_daily').insert(before);

      const store = await createStore(knex);
      expect(
        Number((await knex('skyforge_cost_dimensions').count({ n: '*' }))[0].n),
      ).toBe(2);
      const moved = await dailyWithDimensions(knex).orderBy([
        'd.source_id',
        'd.epoch_day',
        'm.row_key',
      ]);
      expect(moved.map(r => Number(r.epoch_day))).toEqual([
        19967, 19967, 19968, 19967,
      ]);
      const comparable = (rows: Array<Record<string, unknown>>) =>
        rows.map(r => ({
          ...Object.fromEntries(
            Object.keys(before[0]).map(key => [key, r[key]]),
          ),
          day: r.day ?? epochDayToDay(Number(r.epoch_day)),
          tag_set_id: Number(r.tag_set_id),
          amount_nanos: Number(r.amount_nanos),
          billed_nanos: Number(r.billed_nanos),
          row_count: Number(r.row_count),
        }));
      expect(comparable(moved)).toEqual(before);
      expect(await store.getTotals(ALL_TIME)).toEqual([
        { currency: 'USD', amountNanos: 6_000_000_000n },
      ]);

      await knex.migrate.down({
        directory,
        name: '20261213000000_cost_daily_epoch_days.js',
      });
      await knex.migrate.down({
        directory,
        name: '20261212000000_cost_tag_set_references.js',
      });
      await knex.migrate.down({
        directory,
        name: '20261211000000_cost_dimensions.js',
      });
      expect(await knex.schema.hasTable('skyforge_cost_dimensions')).toBe(
        false,
      );
      const back = await knex('skyforge_cost_daily').orderBy([
        'source_id',
        'day',
        'row_key',
      ]);
      expect(comparable(back)).toEqual(before);
    });

    it('ingests the FOCUS sample idempotently, exact to the nano-unit, and records status', async () => {
      const store = await createStore(knex);
      const clock = fixedClock('2024-10-02T06:00:00Z');
      const ingester = CostIngester.create({
        store,
        sources: [sampleSource()],
        logger: mockServices.logger.mock(),
        clock,
      });

      const [first] = await ingester.ingestAll();
      expect(first.error).toBeUndefined();
      expect(first.summary).toMatchObject({
        rowsRead: 1000,
        rowsStored: 1000,
        dataThrough: '2024-09-30',
      });
      const totals = await store.getTotals(ALL_TIME);
      expect(totals).toEqual([
        { currency: 'USD', amountNanos: SAMPLE_TOTAL_NANOS },
      ]);
      const dailyRows = await knex('skyforge_cost_daily').count({ count: '*' });

      const [second] = await ingester.ingestAll();
      expect(second.summary?.aggregatesWritten).toBe(
        first.summary?.aggregatesWritten,
      );
      expect(await store.getTotals(ALL_TIME)).toEqual(totals);
      expect(await knex('skyforge_cost_daily').count({ count: '*' })).toEqual(
        dailyRows,
      );

      expect(await store.listSourceStatuses()).toEqual([
        {
          id: 'focus-demo',
          type: 'focus',
          lastAttemptAt: '2024-10-02T06:00:00.000Z',
          lastSuccessAt: '2024-10-02T06:00:00.000Z',
          dataThrough: '2024-09-30',
        },
      ]);
    });

    it('keeps the previous data when a run fails, and records the error', async () => {
      const store = await createStore(knex);
      const rows = [
        row('2024-09-01', '10', { 'skyforge-component': 'api' }),
        row('2024-09-02', '20', { 'skyforge-component': 'api' }),
      ];
      const logger = mockServices.logger.mock();
      await CostIngester.create({
        store,
        sources: [new StaticCostSource('s', rows)],
        logger,
        clock: fixedClock('2024-09-03T00:00:00Z'),
      }).ingestAll();

      const failing = CostIngester.create({
        store,
        sources: [
          new StaticCostSource('s', [row('2024-09-01', '99', {}), ...rows], {
            failAfter: 2,
          }),
        ],
        logger,
        clock: fixedClock('2024-09-04T00:00:00Z'),
      });
      const [result] = await failing.ingestAll();
      expect(result.error?.message).toBe('s broke after 2 rows');
      expect(await store.getTotals(ALL_TIME)).toEqual([
        { currency: 'USD', amountNanos: 30_000_000_000n },
      ]);
      expect(await store.listSourceStatuses()).toEqual([
        {
          id: 's',
          type: 'static',
          lastAttemptAt: '2024-09-04T00:00:00.000Z',
          lastSuccessAt: '2024-09-03T00:00:00.000Z',
          lastError: 's broke after 2 rows',
          dataThrough: '2024-09-02',
        },
      ]);
    });

    it('replaces only the window of a lookback source', async () => {
      const store = await createStore(knex);
      const tags = { 'skyforge-component': 'api' };
      const clock = fixedClock('2024-09-10T12:00:00Z');
      const logger = mockServices.logger.mock();
      await CostIngester.create({
        store,
        sources: [
          new StaticCostSource(
            'oc',
            [
              row('2024-09-07', '1', tags),
              row('2024-09-08', '2', tags),
              row('2024-09-10', '4', tags),
            ],
            {
              lookbackDays: 10,
            },
          ),
        ],
        logger,
        clock,
      }).ingestAll();
      const [result] = await CostIngester.create({
        store,
        sources: [
          new StaticCostSource(
            'oc',
            [
              row('2024-09-05', '100', tags),
              row('2024-09-09', '8', tags),
              row('2024-09-10', '16', tags),
            ],
            {
              lookbackDays: 2,
            },
          ),
        ],
        logger,
        clock,
      }).ingestAll();
      expect(result.summary).toMatchObject({
        rowsOutsideWindow: 1,
        rowsStored: 2,
      });
      const daily = await store.getDailyTotals({ ...ALL_TIME });
      expect(daily.map(d => [d.day, d.amountNanos])).toEqual([
        ['2024-09-07', 1_000_000_000n],
        ['2024-09-08', 2_000_000_000n],
        ['2024-09-09', 8_000_000_000n],
        ['2024-09-10', 16_000_000_000n],
      ]);
    });

    it('matches selectors on normalised tag keys, counts each row once, and never mixes currencies', async () => {
      const store = await createStore(knex);
      await store.replaceSourceRows({
        sourceId: 'x',
        window: { to: '2024-12-31' },
        rows: (async function* rows() {
          yield row('2024-09-01', '1.10', { ' App ': 'a', env: 'prod' });
          yield row('2024-09-01', '2.20', { app: 'a', env: 'dev', team: 't1' });
          yield row(
            '2024-09-02',
            '4.40',
            { app: 'b', env: 'prod', team: 't1' },
            { currency: 'EUR' },
          );
          yield row('2024-09-02', '8.80', { app: 'A', env: 'prod' });
          yield row('2024-09-03', '0.000000001', {});
          // a second row with identical dimensions is summed into the same daily aggregate
          yield row('2024-09-01', '0.01', { app: 'a', env: 'prod' });
        })(),
      });

      const totals = async (...selectors: string[]) =>
        (
          await store.getTotals({
            ...ALL_TIME,
            selectors: selectors.map(parseCostSelector),
          })
        ).map(t => [t.currency, t.amountNanos]);
      expect(await totals('app=a')).toEqual([['USD', 3_310_000_000n]]);
      expect(await totals('APP=a,env=prod')).toEqual([['USD', 1_110_000_000n]]);
      expect(await totals('app=A')).toEqual([['USD', 8_800_000_000n]]);
      // Overlapping selectors: the dev row matches both, and counts once.
      expect(await totals('app=a', 'team=t1')).toEqual([
        ['EUR', 4_400_000_000n],
        ['USD', 3_310_000_000n],
      ]);
      expect(await totals('nothing=here')).toEqual([]);
      expect(
        (
          await store.getTotals({
            ...ALL_TIME,
            excludeSelectors: [
              parseCostSelector('app=a'),
              parseCostSelector('app=b'),
            ],
          })
        ).map(t => [t.currency, t.amountNanos]),
      ).toEqual([['USD', 8_800_000_001n]]);

      const breakdown = await store.getBreakdown({
        ...ALL_TIME,
        selectors: [parseCostSelector('team=t1'), parseCostSelector('app=a')],
        groupBy: 'environment',
      });
      expect(
        breakdown
          .map(b => [b.key, b.currency, b.amountNanos])
          .sort(
            (l, r) =>
              String(l[0]).localeCompare(String(r[0])) ||
              String(l[1]).localeCompare(String(r[1])),
          ),
      ).toEqual([
        ['dev', 'USD', 2_200_000_000n],
        ['prod', 'EUR', 4_400_000_000n],
        ['prod', 'USD', 1_110_000_000n],
      ]);
      expect(await store.getLatestDay()).toBe('2024-09-03');
    });

    it('refuses a row whose date is not a calendar day, and keeps what was stored', async () => {
      const store = await createStore(knex);
      const write = (date: string) =>
        store.replaceSourceRows({
          sourceId: 'dates',
          window: { to: '2024-12-31' },
          rows: (async function* rows() {
            yield row('2024-09-01', '1', { k: 'v' });
            yield row(date, '2', { k: 'v' });
          })(),
        });
      await write('2024-09-02');
      expect(await rejectionMessage(write('2024-02-30'))).toBe(
        "Invalid cost row date '2024-02-30': expected a calendar day as YYYY-MM-DD",
      );
      expect(
        (await store.getDailyTotals(ALL_TIME)).map(d => [d.day, d.amountNanos]),
      ).toEqual([
        ['2024-09-01', 1_000_000_000n],
        ['2024-09-02', 2_000_000_000n],
      ]);
    });

    it('refuses a daily sum beyond its 64-bit columns, naming it, and keeps what was stored', async () => {
      const store = await createStore(knex);
      const write = (amount: string) =>
        store.replaceSourceRows({
          sourceId: 'huge',
          window: { to: '2024-12-31' },
          rows: (async function* rows() {
            yield row('2024-09-01', '1', { k: 'v' });
            // Each fits; their sum of one day and dimension set does not.
            yield row('2024-09-02', amount, { k: 'v' });
            yield row('2024-09-02', amount, { k: 'v' });
          })(),
        });
      await write('2');
      expect(await rejectionMessage(write('5000000000'))).toBe(
        'A daily cost sum of 10000000000.000000000 is beyond what the cost store holds: at most 9223372036.854775807 in absolute value per day and dimension set',
      );
      expect(
        (await store.getDailyTotals(ALL_TIME)).map(d => [d.day, d.amountNanos]),
      ).toEqual([
        ['2024-09-01', 1_000_000_000n],
        ['2024-09-02', 4_000_000_000n],
      ]);
    });

    it('stores sums beyond 2^53 nano-units exactly', async () => {
      const store = await createStore(knex);
      await store.replaceSourceRows({
        sourceId: 'big',
        window: { to: '2024-12-31' },
        rows: (async function* rows() {
          yield row('2024-09-01', '12345678.123456789', { k: 'v' });
          yield row('2024-09-02', '0.000000001', { k: 'v' });
        })(),
      });
      const [total] = await store.getTotals({
        ...ALL_TIME,
        selectors: [parseCostSelector('k=v')],
      });
      // SQLite returns the sum as a double, exact to well below a cent at this size.
      expect(
        Number(total.amountNanos - 12_345_678_123_456_790n),
      ).toBeLessThanOrEqual(2);
    });

    it('adds to an aggregate that spans two flushes, for rows yielded one by one or in arrays', async () => {
      const store = await createStore(knex);
      // 20,001 distinct aggregates (one per region) fill the in-memory buffer and flush it; the
      // last row belongs to the first aggregate again, which is then already stored.
      const regions = Array.from({ length: 20_001 }, (_, i) => `r${i}`);
      const summary = await store.replaceSourceRows({
        sourceId: 'spanning',
        window: { to: '2024-12-31' },
        rows: (async function* rows() {
          for (let i = 0; i < regions.length; i += 1000) {
            yield regions
              .slice(i, i + 1000)
              .map(region =>
                row('2024-09-01', '0.5', { team: 'a' }, { region }),
              );
          }
          yield row('2024-09-01', '0.25', { team: 'a' }, { region: 'r0' });
        })(),
      });
      expect(summary).toMatchObject({
        rowsStored: 20_002,
        aggregatesWritten: 20_002,
      });
      const stored = await dailyWithDimensions(knex)
        .where({ 'd.source_id': 'spanning', 'm.region': 'r0' })
        .select('d.amount_nanos', 'd.row_count');
      expect(
        stored.map(r => [BigInt(r.amount_nanos), Number(r.row_count)]),
      ).toEqual([[750_000_000n, 2]]);
      const [total] = await store.getTotals(ALL_TIME);
      expect(total.amountNanos).toBe(10_000_750_000_000n);
    });

    it('stores the daily aggregates a FOCUS source sums itself exactly as the store sums its rows', async () => {
      const store = await createStore(knex);
      const window = { to: '2030-01-01' };
      const logger = mockServices.logger.mock();
      const byRows = await store.replaceSourceRows({
        sourceId: 'rows',
        window,
        rows: sampleSource().ingest({ window, logger }),
      });
      const byAggregates = await store.replaceSourceAggregates({
        sourceId: 'aggregates',
        window,
        aggregates: sampleSource().ingestDailyAggregates({ window, logger }),
      });
      expect(byAggregates).toEqual(byRows);
      expect(byAggregates).toMatchObject({ rowsStored: 1000 });
      const stored = await storedDaily(knex, 'aggregates');
      expect(stored.length).toBe(byAggregates.aggregatesWritten);
      expect(stored).toEqual(await storedDaily(knex, 'rows'));
      expect(stored.reduce((sum, r) => sum + r.amount_nanos, 0n)).toBe(
        SAMPLE_TOTAL_NANOS,
      );
    });

    it('keeps the previous aggregates when a later run fails after writing batches, or repeats an aggregate', async () => {
      const store = await createStore(knex);
      const window = { from: '2024-09-01', to: '2024-09-30' };
      const first = await store.replaceSourceAggregates({
        sourceId: 'summed',
        window,
        aggregates: columnsOf([
          aggregate('2024-09-01', 1_000_000_000n),
          aggregate('2024-08-31', 5_000_000_000n),
          aggregate('2024-10-01', 7_000_000_000n),
        ]),
      });
      expect(first).toMatchObject({
        rowsRead: 6,
        rowsStored: 2,
        rowsOutsideWindow: 4,
        aggregatesWritten: 1,
        dataThrough: '2024-09-01',
      });
      const previous = await storedDaily(knex, 'summed');

      // 25,000 aggregates: more than one batch is written before the stream fails.
      const many = Array.from({ length: 25_000 }, (_, i) =>
        aggregate('2024-09-02', 1n, `service-${i}`),
      );
      await expect(
        store.replaceSourceAggregates({
          sourceId: 'summed',
          window,
          aggregates: columnsOf(many, { failAtEnd: true }),
        }),
      ).rejects.toThrow('export went away');
      expect(await storedDaily(knex, 'summed')).toEqual(previous);

      expect(
        await rejectionMessage(
          store.replaceSourceAggregates({
            sourceId: 'summed',
            window,
            aggregates: columnsOf([
              aggregate('2024-09-03', 1n),
              aggregate('2024-09-03', 2n),
            ]),
          }),
        ),
      ).toMatch(/unique|duplicate/i);
      expect(await storedDaily(knex, 'summed')).toEqual(previous);

      const replaced = await store.replaceSourceAggregates({
        sourceId: 'summed',
        window,
        aggregates: columnsOf(many, { size: 7_000 }),
      });
      expect(replaced).toMatchObject({
        rowsStored: 50_000,
        aggregatesWritten: 25_000,
      });
      expect(await store.getTotals(ALL_TIME)).toEqual([
        { currency: 'USD', amountNanos: 25_000n },
      ]);
    });

    it('fails a run whose aggregates repeat a day and dimensions, keeping the previous aggregates', async () => {
      const store = await createStore(knex);
      const window = { from: '2024-09-01', to: '2024-09-30' };
      await store.replaceSourceAggregates({
        sourceId: 'summed',
        window,
        aggregates: columnsOf([aggregate('2024-09-01', 1_000_000_000n)]),
      });
      const previous = await storedDaily(knex, 'summed');
      expect(
        await rejectionMessage(
          store.replaceSourceAggregates({
            sourceId: 'summed',
            window,
            aggregates: columnsOf([
              aggregate('2024-09-03', 1n),
              aggregate('2024-09-03', 2n),
            ]),
          }),
        ),
      ).toMatch(/unique|duplicate/i);
      expect(await storedDaily(knex, 'summed')).toEqual(previous);
    });

    it('prunes sources that are no longer configured', async () => {
      const store = await createStore(knex);
      for (const sourceId of ['keep', 'gone']) {
        await store.recordAttempt({ sourceId, type: 't', at: new Date(0) });
        await store.replaceSourceRows({
          sourceId,
          window: { to: '2024-12-31' },
          rows: (async function* rows() {
            yield row('2024-09-01', '1', {});
          })(),
        });
      }
      expect(await store.pruneSources({ keepSourceIds: ['keep'] })).toEqual({
        sourceIds: ['gone'],
        aggregatesDeleted: 1,
      });
      expect((await store.listSourceStatuses()).map(s => s.id)).toEqual([
        'keep',
      ]);
      expect(await store.getTotals(ALL_TIME)).toEqual([
        { currency: 'USD', amountNanos: 1_000_000_000n },
      ]);
    });
  });
});
