import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { StaticCostSource, row } from '../__testUtils__/testSources';
import { fixedClock } from '../util/clock';
import { CostIngester } from './CostIngester';
import { pruneRemovedSources } from './pruneRemovedSources';

jest.setTimeout(30_000);

/** The auditor's events, as `createEvent` options with what became of each. */
function auditorSpy() {
  const auditor = mockServices.auditor.mock();
  const events: Array<{ options: object; outcome?: object }> = [];
  auditor.createEvent.mockImplementation(async options => {
    const event: { options: object; outcome?: object } = { options };
    events.push(event);
    return {
      success: async params => {
        event.outcome = { status: 'succeeded', ...params };
      },
      fail: async params => {
        event.outcome = { status: 'failed', ...params };
      },
    };
  });
  return { auditor, events };
}

describe('auditor events of ingestion and pruning', () => {
  const databases = TestDatabases.create({
    ids: ['SQLITE_3'],
    disableDocker: true,
  });

  async function createStore() {
    return DatabaseCostStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
    });
  }

  it('records each source run with its rows, window, duration and outcome', async () => {
    const store = await createStore();
    const { auditor, events } = auditorSpy();
    const ingester = CostIngester.create({
      store,
      sources: [
        new StaticCostSource(
          'billing',
          [
            row('2024-09-29', '2', { team: 'a' }),
            row('2024-09-30', '3', { team: 'a' }),
            row('2024-06-01', '1', { team: 'a' }),
          ],
          { lookbackDays: 7 },
        ),
        new StaticCostSource('broken', [row('2024-09-30', '1', {})], {
          failAfter: 0,
        }),
      ],
      logger: mockServices.logger.mock(),
      clock: fixedClock('2024-09-30T06:00:00Z'),
      auditor,
    });
    await ingester.ingestAll();

    expect(events).toEqual([
      {
        options: {
          eventId: 'cost-ingestion',
          severityLevel: 'medium',
          meta: {
            sourceId: 'billing',
            sourceType: 'static',
            window: { from: '2024-09-24', to: '2024-09-30' },
            windowDays: 7,
          },
        },
        outcome: {
          status: 'succeeded',
          meta: {
            rowsRead: 3,
            rowsStored: 2,
            rowsOutsideWindow: 1,
            rowsInvalid: 0,
            aggregatesWritten: 2,
            dataThrough: '2024-09-30',
            durationMs: 0,
          },
        },
      },
      {
        options: {
          eventId: 'cost-ingestion',
          severityLevel: 'medium',
          meta: {
            sourceId: 'broken',
            sourceType: 'static',
            window: { to: '2024-09-30' },
          },
        },
        outcome: {
          status: 'failed',
          error: new Error('broken broke after 0 rows'),
          meta: { durationMs: 0 },
        },
      },
    ]);
  });

  it('records pruning with the removed sources and the aggregates deleted, and nothing when none was removed', async () => {
    const store = await createStore();
    const ingester = CostIngester.create({
      store,
      sources: ['kept', 'removed-a', 'removed-b'].map(
        id =>
          new StaticCostSource(id, [
            row('2024-09-29', '1', { source: id }),
            row('2024-09-30', '1', { source: id }),
          ]),
      ),
      logger: mockServices.logger.mock(),
      clock: fixedClock('2024-09-30T06:00:00Z'),
    });
    await ingester.ingestAll();

    const { auditor, events } = auditorSpy();
    const logger = mockServices.logger.mock();
    await pruneRemovedSources({
      store,
      keepSourceIds: ['kept'],
      auditor,
      logger,
    });
    expect(events).toEqual([
      {
        options: {
          eventId: 'cost-source-prune',
          severityLevel: 'medium',
          meta: { keepSourceIds: ['kept'] },
        },
        outcome: {
          status: 'succeeded',
          meta: { sourceIds: ['removed-a', 'removed-b'], aggregatesDeleted: 4 },
        },
      },
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Deleted the cost data of removed sources: removed-a, removed-b (4 daily aggregates)',
    );

    await pruneRemovedSources({
      store,
      keepSourceIds: ['kept'],
      auditor,
      logger,
    });
    expect(events).toHaveLength(1);
  });
});
