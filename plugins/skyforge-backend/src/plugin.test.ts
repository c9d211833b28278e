import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityCostResponse } from '@skyforge/plugin-skyforge-common';
import request from 'supertest';
import { skyforgePlugin } from './plugin';
import {
  FOCUS_SAMPLE,
  loadExampleEntities,
} from './__testUtils__/exampleEntities';

jest.setTimeout(60_000);

// A second selector over the same rows as bright-path-matrix (BrightPathMatrix is PeoriaData's only
// costed application): its System must still count each row once.
const overlapping: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'peoria-data-jobs',
    namespace: 'default',
    annotations: { 'skyforge.io/cost-selector': 'business_unit=PeoriaData' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
    system: 'bright-path',
  },
};

async function startBackend(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const { server } = await startTestBackend({
    features: [
      skyforgePlugin,
      mockServices.rootConfig.factory({
        data: {
          skyforge: {
            cost: {
              sources: [
                {
                  id: 'focus-demo',
                  type: 'focus',
                  options: { path: FOCUS_SAMPLE },
                },
              ],
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: loadExampleEntities([overlapping]),
      }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
    ],
  });
  return server;
}

describe('skyforge backend plugin (cost)', () => {
  let server: Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    server = await startBackend();
  });

  it('serves an example component with the expected numbers', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/bright-path-matrix/cost?from=2024-09-01&to=2024-09-30',
    );
    expect(response.status).toBe(200);
    const body: EntityCostResponse = response.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/bright-path-matrix',
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'day',
      groupBy: 'service',
      selectors: [
        {
          entityRef: 'component:default/bright-path-matrix',
          selector: 'application=BrightPathMatrix',
        },
      ],
    });
    expect(body.currencies).toHaveLength(1);
    const usd = body.currencies[0];
    expect(usd).toMatchObject({
      currency: 'USD',
      total: 16,
      monthToDate: 16,
      previousPeriodTotal: 0,
      breakdown: [
        { key: 'Amazon Elastic Compute Cloud', amount: 16, share: 1 },
      ],
      forecast: { monthEnd: 16 },
      budget: {
        monthly: 20,
        currency: 'USD',
        usedRatio: 0.8,
        forecastRatio: 0.8,
        status: 'ok',
      },
    });
    expect(usd.changeRatio).toBeUndefined();
    expect(usd.series).toHaveLength(30);
    expect(
      Object.fromEntries(
        usd.series.filter(p => p.amount !== 0).map(p => [p.date, p.amount]),
      ),
    ).toEqual({
      '2024-09-12': 2,
      '2024-09-13': 1,
      '2024-09-18': 2,
      '2024-09-22': 2,
      '2024-09-24': 3,
      '2024-09-25': 1,
      '2024-09-27': 2,
      '2024-09-29': 2,
      '2024-09-30': 1,
    });
    expect(body.sources).toEqual([
      expect.objectContaining({
        id: 'focus-demo',
        type: 'focus',
        dataThrough: '2024-09-30',
      }),
    ]);
    expect(body.sources[0].lastError).toBeUndefined();
    expect(body.sources[0].lastSuccessAt).toEqual(expect.any(String));
  });

  it('defaults to the 30 days up to the latest data, and groups by month on request', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/bright-path-matrix/cost?granularity=month&groupBy=environment',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: '2024-09-01',
      to: '2024-09-30',
      granularity: 'month',
    });
    expect(response.body.currencies[0].series).toEqual([
      { date: '2024-09', amount: 16 },
    ]);
    expect(response.body.currencies[0].breakdown).toEqual([
      { key: 'dev', amount: 16, share: 1 },
    ]);
  });

  it('covers the last N days up to the latest data with days=N', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/bright-path-matrix/cost?days=7',
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      from: '2024-09-24',
      to: '2024-09-30',
    });
    expect(response.body.currencies[0].series).toHaveLength(7);
  });

  it('sums a System over its parts without counting a row twice', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/system/bright-path/cost?from=2024-09-01&to=2024-09-30',
    );
    expect(response.status).toBe(200);
    const body: EntityCostResponse = response.body;
    expect(body.selectors.map(s => s.entityRef).sort()).toEqual([
      'component:default/bright-path-matrix',
      'component:default/peoria-data-jobs',
      'component:default/prime-manager-drive',
      'component:default/zoom-map-max',
      'system:default/bright-path',
    ]);
    expect(body.hiddenCount).toBe(0);
    expect(body.currencies[0].total).toBe(16);
    expect(body.currencies[0].budget).toMatchObject({
      monthly: 30,
      status: 'ok',
    });
  });

  it('sums a Group over what it owns, reaching a System and its parts once', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/group/payments/cost?from=2024-09-01&to=2024-09-30&groupBy=cloud',
    );
    expect(response.status).toBe(200);
    const refs = (response.body as EntityCostResponse).selectors.map(
      s => s.entityRef,
    );
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs).toContain('system:default/bright-path');
    expect(refs).toContain('component:default/payments-api');
    expect(response.body.currencies[0]).toMatchObject({
      total: 16,
      breakdown: [{ key: 'AWS', amount: 16, share: 1 }],
    });
  });

  it.each([
    ['from=2024-13-01', "Invalid query parameter 'from'"],
    [
      'from=2024-09-30&to=2024-09-01',
      "Invalid query parameter 'from': must not be after 'to'",
    ],
    ['to=yesterday', "Invalid query parameter 'to'"],
    ['granularity=week', "Invalid query parameter 'granularity'"],
    ['groupBy=team', "Invalid query parameter 'groupBy'"],
    ['days=0', "Invalid query parameter 'days'"],
    [
      'from=2024-09-01&days=7',
      "Invalid query parameter 'days': cannot be combined with 'from'",
    ],
    [
      'from=2010-01-01&to=2024-09-30',
      "Invalid query parameter 'from': the period may cover at most",
    ],
  ])('answers 400 for %s', async (query, message) => {
    const response = await request(server).get(
      `/api/skyforge/v1/entities/default/component/bright-path-matrix/cost?${query}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toContain(message);
  });

  it('answers 404 for an unknown entity', async () => {
    const response = await request(server).get(
      '/api/skyforge/v1/entities/default/component/nope/cost',
    );
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      name: 'NotFoundError',
      message: "No entity 'component:default/nope' in the catalog",
    });
  });

  it('lists the sources with their freshness', async () => {
    const response = await request(server).get('/api/skyforge/v1/cost/sources');
    expect(response.status).toBe(200);
    expect(response.body.sources).toEqual([
      expect.objectContaining({
        id: 'focus-demo',
        type: 'focus',
        dataThrough: '2024-09-30',
      }),
    ]);
  });

  it('answers 403 without skyforge.cost.read', async () => {
    const denied = await startBackend({ permission: AuthorizeResult.DENY });
    const response = await request(denied).get(
      '/api/skyforge/v1/entities/default/component/bright-path-matrix/cost',
    );
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      name: 'NotAllowedError',
      message:
        "Not allowed to read the cost of 'component:default/bright-path-matrix'",
    });
    const sources = await request(denied).get('/api/skyforge/v1/cost/sources');
    expect(sources.status).toBe(403);
    expect(sources.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed to read the cost sources',
    });
  });
});
