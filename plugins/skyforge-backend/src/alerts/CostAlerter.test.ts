import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { DatabaseCostStore } from '../database/DatabaseCostStore';
import { CostIngester } from '../ingestion/CostIngester';
import { DefaultEntityCostService } from '../service/DefaultEntityCostService';
import { FocusCostSource } from '../sources/focus/FocusCostSource';
import { fixedClock } from '../util/clock';
import { CostAlerter } from './CostAlerter';
import { CostAlertStore } from './CostAlertStore';
import { DEFAULT_ANOMALY_OPTIONS } from './detectDailyAnomaly';
import {
  ALERT_SCENARIO_ENTITIES,
  LAST_DAY,
  writeAlertScenario,
} from './__testUtils__/alertScenario';

jest.setTimeout(60_000);

/** A notification service that records what it was asked to send, and fails when told to. */
function recordingNotifications() {
  const sent: NotificationSendOptions[] = [];
  let failuresLeft = 0;
  const service: NotificationService = {
    async send(options) {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('notifications backend unavailable');
      }
      sent.push(options);
    },
  };
  return {
    service,
    sent,
    failNext(count: number) {
      failuresLeft = count;
    },
  };
}

describe('CostAlerter', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const database = mockServices.database({
      knex: await databases.init(databaseId),
    });
    const store = await DatabaseCostStore.create({ database });
    const clock = fixedClock(`${LAST_DAY}T06:00:00Z`);
    const logger = mockServices.logger.mock();
    const source = new FocusCostSource({
      id: 'focus-alerts',
      location: writeAlertScenario(),
      workingDirectory: '/',
    });
    const [ingested] = await CostIngester.create({
      store,
      sources: [source],
      logger,
      clock,
    }).ingestAll();
    expect(ingested.error).toBeUndefined();
    const catalog = catalogServiceMock({ entities: ALERT_SCENARIO_ENTITIES });
    const notifications = recordingNotifications();
    const alertStore = await CostAlertStore.create({ database });
    const alerter = CostAlerter.create({
      catalog,
      auth: mockServices.auth(),
      costService: DefaultEntityCostService.create({
        store,
        catalog,
        permissions: mockServices.permissions(),
        logger,
        clock,
        sources: [{ id: 'focus-alerts', type: 'focus' }],
      }),
      store: alertStore,
      notifications: notifications.service,
      logger,
      clock,
      anomaly: DEFAULT_ANOMALY_OPTIONS,
    });
    return { alerter, alertStore, notifications };
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    it('notifies the owning group once of a forecast over budget and of a daily spike, and not again on re-runs', async () => {
      const { alerter, alertStore, notifications } = await setUp(databaseId);

      const first = await alerter.run();
      expect(first).toMatchObject({
        entitiesEvaluated: 2,
        alreadySent: 0,
        failed: 0,
      });
      expect(
        first.sent.map(a => [a.entityRef, a.kind, a.period, a.currency]),
      ).toEqual([
        [
          'component:default/checkout',
          'forecast-over-budget',
          '2024-09',
          'USD',
        ],
        ['component:default/search', 'daily-anomaly', LAST_DAY, 'USD'],
      ]);
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: 'group:default/payments' },
          payload: {
            title: 'checkout is forecast to go over its budget',
            description:
              'checkout is forecast to cost $150.00 in 2024-09, above its monthly budget of ' +
              '$100.00 ($75.00 so far, up to 2024-09-15).',
            link: '/catalog/default/component/checkout/cost',
            severity: 'normal',
            topic: 'Skyforge cost',
            scope:
              'skyforge:cost:component:default/checkout:forecast-over-budget:2024-09:USD',
          },
        },
        {
          recipients: { type: 'entity', entityRef: 'group:default/platform' },
          payload: expect.objectContaining({
            title: "search's cost jumped on 2024-09-15",
            description:
              'search cost $200.00 on 2024-09-15, $180.00 above the median day of the 28 ' +
              'before ($20.00; robust z-score over a flat baseline).',
            link: '/catalog/default/component/search/cost',
            scope:
              'skyforge:cost:component:default/search:daily-anomaly:2024-09-15:USD',
          }),
        },
      ]);

      const second = await alerter.run();
      expect(second).toMatchObject({ sent: [], alreadySent: 2, failed: 0 });
      expect(notifications.sent).toHaveLength(2);
      expect(await alertStore.listSent()).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/checkout',
          kind: 'forecast-over-budget',
          recipient: 'group:default/payments',
        }),
        expect.objectContaining({
          entityRef: 'component:default/search',
          kind: 'daily-anomaly',
          recipient: 'group:default/platform',
        }),
      ]);
    });

    it('retries a notification that failed on the next run, and sends it once', async () => {
      const { alerter, alertStore, notifications } = await setUp(databaseId);
      notifications.failNext(1);

      const first = await alerter.run();
      expect(first.failed).toBe(1);
      expect(first.sent.map(a => a.kind)).toEqual(['daily-anomaly']);
      expect((await alertStore.listSent()).map(a => a.kind)).toEqual([
        'daily-anomaly',
      ]);

      const second = await alerter.run();
      expect(second).toMatchObject({ alreadySent: 1, failed: 0 });
      expect(second.sent.map(a => a.kind)).toEqual(['forecast-over-budget']);
      expect(notifications.sent.map(n => n.payload.scope).sort()).toEqual([
        'skyforge:cost:component:default/checkout:forecast-over-budget:2024-09:USD',
        'skyforge:cost:component:default/search:daily-anomaly:2024-09-15:USD',
      ]);
    });
  });
});
