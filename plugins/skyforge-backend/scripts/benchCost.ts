/*
 * Cost benchmark: ingestion throughput and memory, and cost-endpoint latency.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     plugins/skyforge-backend/scripts/benchCost.ts            (from the repository root)
 *
 * 1. Generates FOCUS 1.0 files of 250,000 and 1,000,000 rows (all 44 columns of the FOCUS 1.0
 *    sample, hourly rows of 2,000 resources), and ingests each in a fresh child process into
 *    SQLite (a file) and, when SKYFORGE_TEST_POSTGRES_URL is set, PostgreSQL. Prints rows/s and
 *    the child's peak RSS.
 * 2. Memory as the file grows: ingests 500,000, 1,000,000 and 2,000,000 rows into SQLite in
 *    children that collect garbage every 250 ms and record the largest live heap, which is what
 *    ingestion holds; peak RSS also counts garbage that V8 has not yet collected. Then the same
 *    for 500,000 and 1,500,000 rows of a file where a new aggregate appears every 100 rows.
 * 3. Loads 365 days of daily rows for 5,000 entities and measures p50/p95 of the cost service
 *    (selector resolution, daily series, breakdown, month-to-date, forecast) for one component
 *    over 365 days, and for a System of 25 components.
 *
 * Targets: ingestion ≥ 50,000 rows/s; p95 < 100 ms.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import type {
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { DatabaseCostStore } from '../src/database/DatabaseCostStore';
import { CostIngester } from '../src/ingestion/CostIngester';
import { DefaultEntityCostService } from '../src/service/DefaultEntityCostService';
import { FocusCostSource } from '../src/sources/focus/FocusCostSource';
import { fixedClock } from '../src/util/clock';
import { addDays } from '../src/util/dates';

const HEADER =
  '"AvailabilityZone","BilledCost","BillingAccountId","BillingAccountName","BillingCurrency","BillingPeriodEnd","BillingPeriodStart","ChargeCategory","ChargeClass","ChargeDescription","ChargeFrequency","ChargePeriodEnd","ChargePeriodStart","CommitmentDiscountCategory","CommitmentDiscountId","CommitmentDiscountName","CommitmentDiscountStatus","CommitmentDiscountType","ConsumedQuantity","ConsumedUnit","ContractedCost","ContractedUnitPrice","EffectiveCost","InvoiceIssuerName","ListCost","ListUnitPrice","PricingCategory","PricingQuantity","PricingUnit","ProviderName","PublisherName","RegionId","RegionName","ResourceId","ResourceName","ResourceType","ServiceCategory","Id","ServiceName","SkuId","SkuPriceId","SubAccountId","SubAccountName","Tags"';
const SERVICES = [
  ['Compute', 'Amazon Elastic Compute Cloud'],
  ['Databases', 'Amazon Relational Database Service'],
  ['Storage', 'Amazon Simple Storage Service'],
  ['Networking', 'Elastic Load Balancing'],
];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const RESOURCES = 2_000;
const LIVE_HEAP_SAMPLE_MS = 250;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Writes an hourly FOCUS export: `rows` rows, hour by hour, every resource each hour. */
async function generateFocusFile(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? undefined : new Promise(r => out.once('drain', r));
  await write(`${HEADER}\n`);
  const start = Date.UTC(2024, 0, 1);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const resource = i % RESOURCES;
    const hour = Math.floor(i / RESOURCES);
    const at = new Date(start + hour * 3_600_000);
    const stamp = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(
      at.getUTCDate(),
    )} ${pad(at.getUTCHours())}:00:00`;
    const end = new Date(at.getTime() + 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    const [category, service] = SERVICES[resource % SERVICES.length];
    const region = REGIONS[resource % REGIONS.length];
    const cost = (
      ((resource * 7919 + hour * 104729) % 100_000) / 1e5 +
      0.01
    ).toFixed(11);
    const tags = `"{""application"": ""app-${
      resource % 500
    }"", ""environment"": ""${
      resource % 3 === 0 ? 'prod' : 'dev'
    }"", ""business_unit"": ""unit-${resource % 40}""}"`;
    buffer += `NULL,${cost},"1234567890123","SunBird","USD","2024-02-01 00:00:00","2024-01-01 00:00:00","Usage",NULL,"${service} usage","Usage-Based","${end}","${stamp}",NULL,NULL,NULL,NULL,NULL,1.000000000000000,"Hours",${cost},0.00000000000,${cost},"Amazon Web Services, Inc.",${cost},"0.1","Standard",1.00000000000,"Hours","AWS","Amazon Web Services, Inc.","${region}","Region ${region}","arn:aws:ec2:${region}:111122223333:instance/i-${resource
      .toString(16)
      .padStart(8, '0')}",NULL,NULL,"${category}",${i},"${service}","SKU${
      resource % 97
    }","SKU${resource % 97}.PRICE","${
      100000000000 + (resource % 25)
    }","Account ${resource % 25}",${tags}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>(resolve => out.end(resolve));
}

const TRICKLE_ROWS = 100;

/**
 * Writes a narrow FOCUS file (the required columns and a 600-character filler) in which a new
 * region, so a new aggregate, appears every {@link TRICKLE_ROWS} rows: the case where what the
 * aggregates hold on to decides memory.
 */
async function generateTricklingFile(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text) ? undefined : new Promise(r => out.once('drain', r));
  await write(
    'BillingCurrency,ChargePeriodStart,EffectiveCost,ServiceName,RegionId,Tags,Filler\n',
  );
  const filler = 'x'.repeat(600);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const region = `region-number-${Math.floor(i / TRICKLE_ROWS)}`;
    buffer += `USD,2024-01-01 00:00:00,0.5,Amazon Elastic Compute Cloud ${
      i % 7
    },${region},"{""app"": ""a""}",${filler}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>(resolve => out.end(resolve));
}

function connect(database: string): {
  knex: Knex;
  cleanup: () => Promise<void>;
} {
  if (database.startsWith('sqlite:')) {
    const filename = database.slice('sqlite:'.length);
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
    });
    return { knex, cleanup: () => knex.destroy() };
  }
  const knex = knexFactory({
    client: 'pg',
    connection: database,
    pool: { min: 1, max: 5 },
  });
  return { knex, cleanup: () => knex.destroy() };
}

function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

const silentLogger: LoggerService = {
  child: () => silentLogger,
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

/** Child mode: ingest one file into one database and print the figures as JSON. */
async function ingestChild(file: string, database: string): Promise<void> {
  // With --expose-gc: collect garbage regularly and keep the largest live heap.
  const collect = (globalThis as { gc?: () => void }).gc;
  let peakLiveHeap = 0;
  const sampler =
    collect &&
    setInterval(() => {
      collect();
      peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
    }, LIVE_HEAP_SAMPLE_MS);
  const { knex, cleanup } = connect(database);
  const store = await DatabaseCostStore.create({
    database: databaseService(knex),
  });
  const source = new FocusCostSource({
    id: 'bench',
    location: file,
    workingDirectory: '/',
  });
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const [result] = await CostIngester.create({
    store,
    sources: [source],
    logger: silentLogger,
    clock: fixedClock('2025-01-01T00:00:00Z'),
  }).ingestAll();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  if (sampler) {
    clearInterval(sampler);
  }
  await cleanup();
  if (result.error) {
    throw result.error;
  }
  process.stdout.write(
    JSON.stringify({
      rows: result.summary!.rowsStored,
      aggregates: result.summary!.aggregatesWritten,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      peakLiveHeapMiB: peakLiveHeap / 1024 / 1024,
    }),
  );
}

async function freshPostgresDatabase(
  baseUrl: string,
  name: string,
): Promise<string> {
  const admin = knexFactory({ client: 'pg', connection: baseUrl });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function percentile(sorted: number[], p: number): number {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const ENTITIES = 5_000;
const DAYS = 365;
const LAST_DAY = '2024-12-31';

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

class BenchCatalog {
  private readonly entities = new Map<string, Entity>();
  constructor() {
    for (let s = 0; s < 3; s++) {
      const parts = Array.from(
        { length: 25 },
        (_, i) => `component:default/svc-${s * 25 + i}`,
      );
      this.entities.set(`system:default/system-${s}`, {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'System',
        metadata: { name: `system-${s}`, namespace: 'default' },
        relations: parts.map(targetRef => ({ type: 'hasPart', targetRef })),
      });
    }
    for (let e = 0; e < 100; e++) {
      this.entities.set(`component:default/svc-${e}`, {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `svc-${e}`,
          namespace: 'default',
          annotations: { 'skyforge.io/budget': '4000 USD' },
        },
      });
    }
  }
  async getEntityByRef(ref: { kind: string; namespace: string; name: string }) {
    return this.entities.get(
      `${ref.kind.toLowerCase()}:${ref.namespace}/${ref.name}`,
    );
  }
  async getEntitiesByRefs(request: { entityRefs: string[] }) {
    return { items: request.entityRefs.map(ref => this.entities.get(ref)) };
  }
}

async function latency(database: string, label: string): Promise<void> {
  const { knex, cleanup } = connect(database);
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
    catalog: new BenchCatalog() as unknown as CatalogService,
    permissions: {
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    } as unknown as PermissionsService,
    logger: silentLogger,
    clock: fixedClock('2025-01-01T00:00:00Z'),
    sourceIds: [{ id: 'bench-daily', type: 'static' }],
  });
  const from = addDays(LAST_DAY, -(DAYS - 1));
  const measure = async (kind: string, name: string) => {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 220; i++) {
      const started = process.hrtime.bigint();
      const response = await service.getEntityCost({
        entityRef: {
          kind,
          namespace: 'default',
          name: name.replace('#', String(i % 75)),
        },
        from,
        to: LAST_DAY,
        granularity: 'day',
        groupBy: 'service',
        credentials: mockCredentials.user(),
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      total = response.currencies[0]?.total ?? 0;
      if (i >= 20) {
        times.push(ms);
      }
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95), total };
  };
  const one = await measure('component', 'svc-#');
  const system = await measure('system', 'system-1');
  await cleanup();
  console.log(
    `[latency] ${label}: ${summary.rowsStored.toLocaleString(
      'en',
    )} daily rows (${ENTITIES} entities × ${DAYS} days) loaded in ${loadSeconds.toFixed(
      1,
    )} s`,
  );
  console.log(
    `[latency] ${label}: one component, 365 days: p50 ${one.p50.toFixed(
      1,
    )} ms, p95 ${one.p95.toFixed(1)} ms` +
      ` (target p95 < 100 ms: ${one.p95 < 100 ? 'met' : 'MISSED'})`,
  );
  console.log(
    `[latency] ${label}: System of 25 components, 365 days: p50 ${system.p50.toFixed(
      1,
    )} ms, p95 ${system.p95.toFixed(1)} ms`,
  );
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'ingest-child') {
    await ingestChild(args[0], args[1]);
    return;
  }
  if (mode === 'generate') {
    await generateFocusFile(args[0], Number(args[1]));
    return;
  }
  const postgresUrl = process.env.SKYFORGE_TEST_POSTGRES_URL;
  const load = os
    .loadavg()
    .map(value => value.toFixed(1))
    .join(' ');
  console.log(
    `[bench] ${
      os.cpus().length
    } CPUs, load average ${load}: wall-clock rates fall when other work shares the CPUs; rows per CPU-second do not`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-bench-'));
  try {
    const databases: Array<[string, () => Promise<string>]> = [
      [
        'SQLite',
        async () => `sqlite:${path.join(tmp, `bench-${Date.now()}.sqlite`)}`,
      ],
    ];
    if (postgresUrl) {
      databases.push([
        'PostgreSQL',
        () =>
          freshPostgresDatabase(postgresUrl, `skyforge_bench_${Date.now()}`),
      ]);
    } else {
      console.log(
        '[bench] SKYFORGE_TEST_POSTGRES_URL is not set: PostgreSQL figures skipped',
      );
    }

    const baseline = JSON.parse(
      execFileSync(
        process.execPath,
        [
          ...process.execArgv,
          __filename,
          'ingest-child',
          path.resolve(
            __dirname,
            '../../../examples/cost/focus-1.0_sample_1000.csv',
          ),
          `sqlite:${path.join(tmp, 'baseline.sqlite')}`,
        ],
        { encoding: 'utf8' },
      ),
    );
    console.log(
      `[memory] baseline: the 1,000-row FOCUS sample peaks at ${baseline.peakRssMiB.toFixed(
        0,
      )} MiB RSS (Node, SWC transform, knex, drivers)`,
    );
    for (const rows of [250_000, 1_000_000]) {
      const file = path.join(tmp, `focus-${rows}.csv`);
      await generateFocusFile(file, rows);
      const mib = fs.statSync(file).size / 1024 / 1024;
      for (const [label, create] of databases) {
        const output = execFileSync(
          process.execPath,
          [
            ...process.execArgv,
            __filename,
            'ingest-child',
            file,
            await create(),
          ],
          { encoding: 'utf8', maxBuffer: 1 << 20 },
        );
        const figures = JSON.parse(output);
        const rate = figures.rows / figures.seconds;
        const cpuRate = figures.rows / figures.cpuSeconds;
        const verdict = rate >= 50_000 ? 'met' : 'MISSED';
        console.log(
          [
            `[ingest] ${label}: ${rows.toLocaleString(
              'en',
            )} FOCUS rows (${mib.toFixed(0)} MiB)`,
            `in ${figures.seconds.toFixed(1)} s = ${Math.round(
              rate,
            ).toLocaleString('en')} rows/s`,
            `(target ≥ 50,000: ${verdict});`,
            `${Math.round(cpuRate).toLocaleString(
              'en',
            )} rows per CPU-second of the ingesting process;`,
            `${figures.aggregates.toLocaleString('en')} daily aggregates;`,
            `peak RSS ${figures.peakRssMiB.toFixed(0)} MiB`,
          ].join(' '),
        );
      }
      fs.rmSync(file);
    }

    const measureLiveHeap = async (
      rows: number,
      generate: (file: string, rows: number) => Promise<void>,
    ) => {
      const file = path.join(tmp, `live-${rows}.csv`);
      await generate(file, rows);
      const output = execFileSync(
        process.execPath,
        [
          '--expose-gc',
          ...process.execArgv,
          __filename,
          'ingest-child',
          file,
          `sqlite:${path.join(tmp, `live-${Date.now()}.sqlite`)}`,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      fs.rmSync(file);
      const figures = JSON.parse(output);
      return `${rows.toLocaleString(
        'en',
      )} rows: ${figures.peakLiveHeapMiB.toFixed(
        0,
      )} MiB live heap, ${figures.peakRssMiB.toFixed(0)} MiB peak RSS`;
    };
    const live: string[] = [];
    for (const rows of [500_000, 1_000_000, 2_000_000]) {
      live.push(await measureLiveHeap(rows, generateFocusFile));
    }
    console.log(
      `[memory] SQLite, largest live heap (garbage collected every ${LIVE_HEAP_SAMPLE_MS} ms) as the file grows: ${live.join(
        '; ',
      )}`,
    );
    const trickling: string[] = [];
    for (const rows of [500_000, 1_500_000]) {
      trickling.push(await measureLiveHeap(rows, generateTricklingFile));
    }
    console.log(
      `[memory] SQLite, a new aggregate every ${TRICKLE_ROWS} rows (each aggregate holds values cut from a different piece of the file): ${trickling.join(
        '; ',
      )}`,
    );

    for (const [label, create] of databases) {
      await latency(await create(), label);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
