import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InMemoryCatalogClient } from '@backstage/catalog-client/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { DatabaseCostStore } from '../../src/database/DatabaseCostStore';
import { DefaultEntityCostService } from '../../src/service/DefaultEntityCostService';
import { fixedClock } from '../../src/util/clock';
import { addDays } from '../../src/util/dates';
import { connect, databaseService, silentLogger } from './benchDatabases';
import { REGIONS, SERVICES } from './focusFiles';

const ENTITIES = 5_000;
const DAYS = 365;
const LAST_DAY = '2024-12-31';
const REQUESTS = 220;
const WARM_UP = 20;

async function* dailyRows(): AsyncGenerator<CostRow> {
  const first = addDays(LAST_DAY, -(DAYS - 1));
  for (let d = 0; d < DAYS; d++) {
    const date = addDays(first, d);
    for (let e = 0; e < ENTITIES; e++) {
      const [, service] = SERVICES[e % SERVICES.length];
      yield {
        date,
        amount: (((e * 31 + d * 17) % 1000) / 10 + 1).toFixed(4),
        currency: 'USD',
        provider: 'AWS',
        service,
        region: REGIONS[e % REGIONS.length],
        tags: {
          'skyforge-component': `svc-${e}`,
          'skyforge-system': `system-${Math.floor(e / 25)}`,
          environment: e % 3 === 0 ? 'prod' : 'dev',
        },
      };
    }
  }
}

/** 100 components with budgets and 3 Systems of 25 of them. */
function benchEntities(): Entity[] {
  const entities: Entity[] = [];
  for (let s = 0; s < 3; s++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: `system-${s}`, namespace: 'default' },
      relations: Array.from({ length: 25 }, (_, i) => ({
        type: 'hasPart',
        targetRef: `component:default/svc-${s * 25 + i}`,
      })),
    });
  }
  for (let e = 0; e < 100; e++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `svc-${e}`,
        namespace: 'default',
        annotations: { 'skyforge.io/budget': '4000 USD' },
      },
    });
  }
  return entities;
}

const allowAll: PermissionsService = {
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
};

const credentials: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
};

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * Loads 365 days of daily rows for 5,000 entities and measures the cost service (selector
 * resolution, daily series, breakdown, month-to-date, forecast) for one component and for a
 * System of 25 components over 365 days. Returns printable lines.
 */
export async function measureCostLatency(
  database: string,
  label: string,
): Promise<string[]> {
  const { knex, cleanup } = connect(database);
  try {
    const store = await DatabaseCostStore.create({
      database: databaseService(knex),
    });
    const loadStarted = Date.now();
    const summary = await store.replaceSourceRows({
      sourceId: 'bench-daily',
      window: { to: LAST_DAY },
      rows: dailyRows(),
    });
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const service = DefaultEntityCostService.create({
      store,
      catalog: new InMemoryCatalogClient({ entities: benchEntities() }),
      permissions: allowAll,
      logger: silentLogger,
      clock: fixedClock('2025-01-01T00:00:00Z'),
      sources: [{ id: 'bench-daily', type: 'static' }],
    });
    const from = addDays(LAST_DAY, -(DAYS - 1));
    const measure = async (kind: string, name: (i: number) => string) => {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const started = process.hrtime.bigint();
        await service.getEntityCost({
          entityRef: { kind, namespace: 'default', name: name(i) },
          from,
          to: LAST_DAY,
          granularity: 'day',
          groupBy: 'service',
          credentials,
        });
        if (i >= WARM_UP) {
          times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p95: percentile(times, 95) };
    };
    const one = await measure('component', i => `svc-${i % 75}`);
    const system = await measure('system', () => 'system-1');
    return [
      `${label}: ${summary.rowsStored.toLocaleString(
        'en',
      )} daily rows (${ENTITIES} entities × ${DAYS} days) loaded in ${loadSeconds.toFixed(
        1,
      )} s`,
      `${label}: one component, 365 days: p50 ${one.p50.toFixed(
        1,
      )} ms, p95 ${one.p95.toFixed(1)} ms (target p95 < 100 ms: ${
        one.p95 < 100 ? 'met' : 'MISSED'
      })`,
      `${label}: System of 25 components, 365 days: p50 ${system.p50.toFixed(
        1,
      )} ms, p95 ${system.p95.toFixed(1)} ms`,
    ];
  } finally {
    await cleanup();
  }
}
