import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  type Entity,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import { COST_INGESTION_TASK_ID } from '../ingestion/CostIngestionScheduler';
import { skyforgePlugin } from '../plugin';
import {
  ALERT_SCENARIO_ENTITIES,
  writeAlertScenario,
} from './__testUtils__/alertScenario';

jest.setTimeout(120_000);

/** A team with one member, related as the catalog's processors would relate them. */
function team(group: string, user: string): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: group, namespace: 'default' },
      spec: { type: 'team', children: [], members: [user] },
      relations: [
        { type: RELATION_HAS_MEMBER, targetRef: `user:default/${user}` },
      ],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: user, namespace: 'default' },
      spec: { memberOf: [group] },
      relations: [
        { type: RELATION_MEMBER_OF, targetRef: `group:default/${group}` },
      ],
    },
  ];
}

describe('cost alerts through the notifications backend', () => {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });

  it.each(databases.eachSupportedId())(
    'ingesting a FOCUS file whose forecast crosses the budget notifies the owning group once, on %s',
    async databaseId => {
      // The mock scheduler runs a triggered task to its end; its type hides the factory it has.
      const scheduler = mockServices.scheduler() as ReturnType<
        typeof mockServices.scheduler
      > & { factory: typeof mockServices.scheduler.factory };
      const { server } = await startTestBackend({
        features: [
          skyforgePlugin,
          notificationsPlugin,
          scheduler.factory(),
          // Each plugin its own database, as in production.
          createServiceFactory({
            service: coreServices.database,
            deps: {},
            async factory() {
              return mockServices.database({
                knex: await databases.init(databaseId),
              });
            },
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              skyforge: {
                cost: {
                  sources: [
                    {
                      id: 'focus-alerts',
                      type: 'focus',
                      options: { location: writeAlertScenario() },
                    },
                  ],
                },
              },
            },
          }),
          catalogServiceMock.factory({
            entities: [
              ...ALERT_SCENARIO_ENTITIES,
              ...team('payments', 'grace'),
              ...team('platform', 'ada'),
            ],
          }),
        ],
      });
      const notificationsOf = async (user: string) => {
        const response = await request(server)
          .get('/api/notifications')
          .set('Authorization', mockCredentials.user.header(user));
        expect(response.status).toBe(200);
        return (
          response.body.notifications as Array<{
            payload: { title: string; link: string; topic: string };
          }>
        ).map(n => n.payload);
      };

      // Ingestion ran at start-up and alerted after it; running it twice more changes nothing.
      await scheduler.triggerTask(COST_INGESTION_TASK_ID);
      await scheduler.triggerTask(COST_INGESTION_TASK_ID);

      expect(await notificationsOf('user:default/grace')).toEqual([
        expect.objectContaining({
          title: 'checkout is forecast to go over its budget',
          link: '/catalog/default/component/checkout/cost',
          topic: 'Skyforge cost',
        }),
      ]);
      expect(await notificationsOf('user:default/ada')).toEqual([
        expect.objectContaining({
          title: "search's cost jumped on 2024-09-15",
        }),
      ]);
    },
  );
});
