import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { skyforgeCostSourcesExtensionPoint } from '@skyforge/plugin-skyforge-node';
import request from 'supertest';
import { skyforgePlugin } from './plugin';
import { StaticCostSource, row } from './__testUtils__/testSources';

describe('skyforgeCostSourcesExtensionPoint', () => {
  it('ingests and serves a source added by a backend module', async () => {
    const module = createBackendModule({
      pluginId: 'skyforge',
      moduleId: 'test-billing',
      register(reg) {
        reg.registerInit({
          deps: { costSources: skyforgeCostSourcesExtensionPoint },
          async init({ costSources }) {
            costSources.addCostSource(
              new StaticCostSource('test-billing', [
                row(
                  '2024-05-01',
                  '40.50',
                  { 'skyforge-component': 'checkout' },
                  { currency: 'EUR' },
                ),
                row(
                  '2024-05-02',
                  '1.50',
                  { 'skyforge-component': 'checkout' },
                  { currency: 'EUR' },
                ),
              ]),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        skyforgePlugin,
        module,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'checkout', namespace: 'default' },
              spec: {},
            },
          ],
        }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/checkout/cost',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: '2024-04-03',
      to: '2024-05-02',
      selectors: [
        {
          entityRef: 'component:default/checkout',
          selector: 'skyforge-component=checkout',
        },
      ],
      currencies: [{ currency: 'EUR', total: 42, monthToDate: 42 }],
      sources: [
        { id: 'test-billing', type: 'static', dataThrough: '2024-05-02' },
      ],
    });
  });

  it('builds configured sources of a type added by a backend module, by its key', async () => {
    const module = createBackendModule({
      pluginId: 'skyforge',
      moduleId: 'chargeback',
      register(reg) {
        reg.registerInit({
          deps: { costSources: skyforgeCostSourcesExtensionPoint },
          async init({ costSources }) {
            costSources.addCostSourceType({
              type: 'chargeback',
              fromConfig: config =>
                new StaticCostSource(config.getString('id'), [
                  row(
                    '2024-05-02',
                    config.getString('options.amount'),
                    { 'skyforge-component': 'checkout' },
                    { currency: 'EUR' },
                  ),
                ]),
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        skyforgePlugin,
        module,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'checkout', namespace: 'default' },
              spec: {},
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            skyforge: {
              cost: {
                sources: [
                  {
                    id: 'chargeback-eu',
                    type: 'chargeback',
                    options: { amount: '7.25' },
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/checkout/cost',
    );
    expect(response.body).toMatchObject({
      currencies: [{ currency: 'EUR', total: 7.25 }],
      sources: [{ id: 'chargeback-eu', type: 'static' }],
    });
  });

  it('refuses a type key registered twice and names unknown types with the known ones', async () => {
    const duplicate = createBackendModule({
      pluginId: 'skyforge',
      moduleId: 'duplicate',
      register(reg) {
        reg.registerInit({
          deps: { costSources: skyforgeCostSourcesExtensionPoint },
          async init({ costSources }) {
            costSources.addCostSourceType({
              type: 'focus',
              fromConfig: () => new StaticCostSource('x', []),
            });
          },
        });
      },
    });
    await expect(
      startTestBackend({
        features: [
          skyforgePlugin,
          duplicate,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({ data: {} }),
        ],
      }),
    ).rejects.toThrow(/Cost source type 'focus' is registered twice/);
    await expect(
      startTestBackend({
        features: [
          skyforgePlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: {
              skyforge: {
                cost: { sources: [{ id: 'x', type: 'chargeback' }] },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /Unknown cost source type 'chargeback' at skyforge.cost.sources\[0\] \(id 'x'\); known types: aws-cost-explorer, azure-cost-management, bigquery, focus, opencost/,
    );
  });
});
