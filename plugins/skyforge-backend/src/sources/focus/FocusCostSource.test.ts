import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostIngestWindow, CostRow } from '@skyforge/plugin-skyforge-node';
import { parse } from 'csv-parse/sync';
import { parseAmountNanos } from '../../util/money';
import { FocusCostSource } from './FocusCostSource';
import { parseFocusTags } from './parseFocusTags';
import { FOCUS_SAMPLE, REPO_ROOT } from '../../__testUtils__/exampleEntities';
import {
  FocusTestRecord,
  writeFocusCsv,
  writeFocusParquet,
} from '../../__testUtils__/focusFiles';

jest.setTimeout(60_000);

const HEADER =
  'BilledCost,BillingCurrency,ChargePeriodStart,EffectiveCost,ProviderName,RegionId,ResourceId,ServiceCategory,ServiceName,SubAccountId,Tags';

async function collect(
  source: FocusCostSource,
  window: CostIngestWindow = { to: '2030-01-01' },
  logger = mockServices.logger.mock(),
): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for await (const batch of source.ingest({ window, logger })) {
    rows.push(...batch);
  }
  return rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.currency.localeCompare(b.currency) ||
      JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)),
  );
}

function nanos(rows: CostRow[]): bigint {
  return rows.reduce((sum, r) => sum + parseAmountNanos(r.amount)!, 0n);
}

function rowCount(rows: CostRow[]): number {
  return rows.reduce((sum, r) => sum + (r.rowCount ?? 1), 0);
}

function sourceFor(
  location: string,
  workingDirectory = REPO_ROOT,
  extra: { layout?: 'aws-data-exports' | 'azure-cost-exports' } = {},
) {
  return new FocusCostSource({
    id: 'test',
    location,
    workingDirectory,
    threads: 2,
    ...extra,
  });
}

/** Hourly records of three resources over two days, with varied amounts. */
function hourlyRecords(day: string, hours = 24): FocusTestRecord[] {
  const records: FocusTestRecord[] = [];
  for (let hour = 0; hour < hours; hour++) {
    for (const [index, app] of ['api', 'web', 'jobs'].entries()) {
      records.push({
        ChargePeriodStart: `${day} ${String(hour).padStart(2, '0')}:00:00`,
        EffectiveCost: `0.${String(1234567 * (hour + 1) * (index + 3)).slice(
          0,
          10,
        )}`,
        BilledCost: `0.${String(7654321 * (hour + 2)).slice(0, 9)}`,
        RegionId: 'eu-west-1',
        Tags: { 'skyforge-component': app, environment: 'prod' },
      });
    }
  }
  return records;
}

describe('FocusCostSource', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-focus-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sums the FOCUS 1.0 sample per day and tag set, with totals equal to the file to the nano-unit', async () => {
    const rows = await collect(
      sourceFor('examples/cost/focus-1.0_sample_1000.csv'),
    );
    const records: Array<Record<string, string>> = parse(
      fs.readFileSync(FOCUS_SAMPLE),
      { columns: true },
    );
    expect(rowCount(rows)).toBe(1000);
    expect(rows.length).toBeLessThan(1000);
    expect(nanos(rows)).toBe(
      records.reduce((sum, r) => sum + parseAmountNanos(r.EffectiveCost)!, 0n),
    );
    expect(nanos(rows)).toBe(14_976_514_186n);

    const elb = rows.find(
      r =>
        r.date === '2024-09-30' &&
        r.service === 'Elastic Load Balancing' &&
        r.tags.application === 'BrightLensMatrix',
    );
    expect(elb).toMatchObject({
      currency: 'USD',
      provider: 'AWS',
      serviceCategory: 'Networking',
      region: 'us-west-2',
      subAccount: '43883916739',
      tags: {
        application: 'BrightLensMatrix',
        environment: 'dev',
        business_unit: 'ViennaAI',
      },
    });
    // NULL cells never arrive as the literal; the tag key " org" arrives trimmed.
    expect(rows.some(r => Object.values(r).includes('NULL'))).toBe(false);
    expect(rows.some(r => Object.keys(r.tags).some(k => k !== k.trim()))).toBe(
      false,
    );
    expect(rows.filter(r => r.tags.org === 'trey').length).toBeGreaterThan(0);
  });

  it('copes with NULL, zone-less and offset timestamps, empty tags and several currencies, and explains skipped rows', async () => {
    fs.writeFileSync(
      path.join(tmp, 'edge.csv'),
      [
        HEADER,
        // zone-less timestamp late in the day stays on that UTC day
        '1.5,USD,2024-09-01 23:00:00,1.25,AWS,us-east-1,i-1,Compute,EC2,111,"{""app"": ""a""}"',
        // explicit offset: 2024-09-02T01:00+02:00 is 2024-09-01T23:00Z
        '2,EUR,2024-09-02T01:00:00+02:00,2.5,Microsoft,westeurope,vm-1,Compute,VMs,222,',
        // NULL everywhere optional, empty tags object, ISO with Z
        'NULL,EUR,2024-09-03T00:00:00Z,NULL,NULL,NULL,NULL,NULL,NULL,NULL,{}',
        // tags with odd keys and non-string values; lower-case currency; exponent notation
        '0,usd,2024-09-04,1.2E-05,AWS,NULL,NULL,NULL,NULL,NULL,"{"" org"": ""trey"", ""n"": 3, ""x"": null}"',
        // unparseable tags text yields no tags
        '0,USD,2024-09-05 00:00:00,0.2,AWS,NULL,NULL,NULL,NULL,NULL,not json',
        // rows that cannot be used are skipped, with the reason in the log
        '0,USD,NULL,1,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
        '0,NULL,2024-09-06 00:00:00,1,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
        '0,USD,2024-09-07,abc,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
        '0,USD,2024-13-45 00:00:00,1,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
        // a record DuckDB cannot parse (too few fields) is skipped with its line number
        '1,USD,2024-09-08',
        // a single charge of more than a billion (e.g. IDR) is still exact; a day and dimension
        // set may sum to 9.2 billion, what the store's 64-bit columns hold
        '1234567890.123456789,IDR,2024-09-09,1234567890.1234567891,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
      ].join('\n'),
    );
    const logger = mockServices.logger.mock();
    const rows = await collect(
      sourceFor(path.join(tmp, 'edge.csv')),
      undefined,
      logger,
    );
    expect(rows.map(r => [r.date, r.currency, r.amount])).toEqual([
      ['2024-09-01', 'EUR', '2.500000000'],
      ['2024-09-01', 'USD', '1.250000000'],
      ['2024-09-03', 'EUR', '0'],
      ['2024-09-04', 'USD', '0.000012000'],
      ['2024-09-05', 'USD', '0.200000000'],
      ['2024-09-09', 'IDR', '1234567890.123456789'],
    ]);
    expect(rows[1].tags).toEqual({ app: 'a' });
    expect(rows[1].billedAmount).toBe('1.500000000');
    expect(rows[0].tags).toEqual({});
    expect(rows[2]).toMatchObject({
      provider: undefined,
      billedAmount: undefined,
      tags: {},
    });
    expect(rows[3].tags).toEqual({ org: 'trey', n: '3' });
    expect(rows[4].tags).toEqual({});

    const message = logger.info.mock.calls.map(([text]) => text).join('\n');
    expect(message).toContain('Read 11 FOCUS rows');
    expect(message).toContain('skipped 5');
    expect(message).toMatch(/edge\.csv line 11: /);
    expect(message).toMatch(/ChargePeriodStart is empty or not a timestamp/);
    expect(message).toMatch(/BillingCurrency is empty/);
    expect(message).toMatch(
      /edge\.csv line 9: .*EffectiveCost.*Could not convert string "abc"/,
    );
  });

  it('reads gzip files, Parquet, folders (recursively) and globs', async () => {
    writeFocusCsv(
      path.join(tmp, 'exports/2024-09/part-1.csv.gz'),
      hourlyRecords('2024-09-01', 2),
    );
    writeFocusCsv(
      path.join(tmp, 'exports/2024-09/part-2.csv'),
      hourlyRecords('2024-09-02', 1),
    );
    await writeFocusParquet(
      path.join(tmp, 'exports/2024-10/part-1.parquet'),
      hourlyRecords('2024-10-01', 1),
    );
    fs.writeFileSync(path.join(tmp, 'exports/notes.txt'), 'not a FOCUS file');

    const folder = await collect(sourceFor('exports', tmp));
    expect(rowCount(folder)).toBe(12);
    expect([...new Set(folder.map(r => r.date))]).toEqual([
      '2024-09-01',
      '2024-09-02',
      '2024-10-01',
    ]);
    const glob = await collect(sourceFor('exports/**/*.csv.gz', tmp));
    expect(rowCount(glob)).toBe(6);
    const single = await collect(
      sourceFor(path.join(tmp, 'exports/2024-10/part-1.parquet')),
    );
    expect(single.map(r => r.date)).toEqual([
      '2024-10-01',
      '2024-10-01',
      '2024-10-01',
    ]);
  });

  it('reads typed Parquet columns (decimal and double costs, timestamps, Tags as a map or JSON) to the same totals as CSV', async () => {
    const records = [
      ...hourlyRecords('2024-11-01'),
      ...hourlyRecords('2024-11-02'),
      {
        ChargePeriodStart: '2024-11-02T23:30:00-02:00',
        EffectiveCost: '-0.0000000015',
        Tags: { 'skyforge-component': 'api', environment: 'prod' },
      },
      // A billed cost of more than a billion (64-bit decimals overflow; read again wide).
      {
        ChargePeriodStart: '2024-11-01T05:00:00Z',
        EffectiveCost: '3.25',
        BilledCost: '1234567890.5',
        Tags: { 'skyforge-component': 'api', environment: 'prod' },
      },
    ];
    writeFocusCsv(path.join(tmp, 'export.csv.gz'), records);
    await writeFocusParquet(path.join(tmp, 'map.parquet'), records);
    await writeFocusParquet(path.join(tmp, 'json.parquet'), records, {
      tags: 'json',
    });
    const csv = await collect(sourceFor(path.join(tmp, 'export.csv.gz')));
    const map = await collect(sourceFor(path.join(tmp, 'map.parquet')));
    const json = await collect(sourceFor(path.join(tmp, 'json.parquet')));

    const expected = records.reduce(
      (sum, r) => sum + parseAmountNanos(r.EffectiveCost)!,
      0n,
    );
    for (const rows of [csv, map, json]) {
      expect(nanos(rows)).toBe(expected);
      expect(rowCount(rows)).toBe(records.length);
      // 2024-11-02T23:30-02:00 is 2024-11-03 in UTC.
      expect(rows.map(r => r.date)).toContain('2024-11-03');
      expect(
        rows.map(r => `${r.date} ${r.tags['skyforge-component']}`),
      ).toEqual(csv.map(r => `${r.date} ${r.tags['skyforge-component']}`));
    }
    // BilledCost is a DOUBLE in the Parquet files: equal to the cent (a double does not keep
    // every nano-unit of a billion), exact in the CSV file.
    const billedCents = (rows: CostRow[]) =>
      rows.reduce(
        (sum, r) => sum + parseAmountNanos(r.billedAmount ?? '0')!,
        0n,
      ) / 10_000_000n;
    const expectedBilled = records.reduce(
      (sum, r) => sum + parseAmountNanos(r.BilledCost ?? r.EffectiveCost)!,
      0n,
    );
    expect(
      csv.reduce(
        (sum, r) => sum + parseAmountNanos(r.billedAmount ?? '0')!,
        0n,
      ),
    ).toBe(expectedBilled);
    expect(billedCents(map)).toBe(expectedBilled / 10_000_000n);
    expect(billedCents(json)).toBe(expectedBilled / 10_000_000n);
  });

  it('reads only the manifest files of each AWS Data Exports billing period', async () => {
    const root = path.join(tmp, 'billing/focus/skyforge-focus');
    // An earlier "create new" delivery next to the newest one: only the manifest's files count.
    writeFocusCsv(
      path.join(
        root,
        'data/BILLING_PERIOD=2024-11/old-run/skyforge-focus-00001.csv.gz',
      ),
      hourlyRecords('2024-11-01').map(r => ({ ...r, EffectiveCost: '1000' })),
    );
    await writeFocusParquet(
      path.join(
        root,
        'data/BILLING_PERIOD=2024-11/new-run/skyforge-focus-00001.snappy.parquet',
      ),
      hourlyRecords('2024-11-01'),
    );
    fs.mkdirSync(path.join(root, 'metadata/BILLING_PERIOD=2024-11'), {
      recursive: true,
    });
    fs.writeFileSync(
      path.join(
        root,
        'metadata/BILLING_PERIOD=2024-11/skyforge-focus-Manifest.json',
      ),
      JSON.stringify({
        executionId: 'new-run',
        billingPeriod: {
          start: '2024-11-01T00:00:00.000Z',
          end: '2024-12-01T00:00:00.000Z',
        },
        dataFiles: [
          's3://billing/focus/skyforge-focus/data/BILLING_PERIOD=2024-11/new-run/skyforge-focus-00001.snappy.parquet',
        ],
      }),
    );
    // A period whose manifest has not arrived yet: its newest delivery is read.
    writeFocusCsv(
      path.join(
        root,
        'data/BILLING_PERIOD=2024-12/skyforge-focus-00001.csv.gz',
      ),
      hourlyRecords('2024-12-01', 1),
    );
    const logger = mockServices.logger.mock();
    const rows = await collect(
      sourceFor(root, tmp, { layout: 'aws-data-exports' }),
      undefined,
      logger,
    );
    expect(rowCount(rows)).toBe(72 + 3);
    expect(nanos(rows)).toBe(
      [
        ...hourlyRecords('2024-11-01'),
        ...hourlyRecords('2024-12-01', 1),
      ].reduce((sum, r) => sum + parseAmountNanos(r.EffectiveCost)!, 0n),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/period 2024-12 .* has no manifest yet/),
    );

    // Periods wholly before the window are not read at all.
    const recent = await collect(
      sourceFor(root, tmp, { layout: 'aws-data-exports' }),
      { from: '2024-12-01', to: '2024-12-31' },
    );
    expect([...new Set(recent.map(r => r.date))]).toEqual(['2024-12-01']);
  });

  it('reads only the latest run of each Azure cost export period', async () => {
    const exportRoot = path.join(tmp, 'cost-exports/focus/skyforge-focus');
    const run = (folder: string, submitted: string, amount?: string) => {
      const dir = path.join(exportRoot, '20241101-20241130', folder);
      writeFocusCsv(
        path.join(dir, 'part_0_0001.csv.gz'),
        hourlyRecords('2024-11-05').map(r =>
          amount ? { ...r, EffectiveCost: amount } : r,
        ),
      );
      fs.writeFileSync(
        path.join(dir, 'manifest.json'),
        JSON.stringify({
          exportConfig: { exportName: 'skyforge-focus', type: 'FocusCost' },
          runInfo: {
            runId: folder,
            submittedTime: submitted,
            startDate: '2024-11-01T00:00:00',
            endDate: '2024-11-30T00:00:00',
          },
          blobs: [
            {
              blobName: `focus/skyforge-focus/20241101-20241130/${folder}/part_0_0001.csv.gz`,
              byteCount: 1,
            },
          ],
        }),
      );
    };
    run('0a1b', '2024-11-06T03:00:00.0000000Z', '5');
    run('9f8e', '2024-11-07T03:00:00.0000000Z');
    run('1234', '2024-11-05T03:00:00.0000000Z', '7');
    const rows = await collect(
      sourceFor(path.join(tmp, 'cost-exports/focus'), tmp, {
        layout: 'azure-cost-exports',
      }),
    );
    expect(rowCount(rows)).toBe(72);
    expect(nanos(rows)).toBe(
      hourlyRecords('2024-11-05').reduce(
        (sum, r) => sum + parseAmountNanos(r.EffectiveCost)!,
        0n,
      ),
    );
  });

  it('fails clearly on a missing location, an empty glob and a file without FOCUS columns', async () => {
    await expect(collect(sourceFor('nope.csv', tmp))).rejects.toThrow(
      /does not exist/,
    );
    await expect(collect(sourceFor('*.csv', tmp))).rejects.toThrow(
      /No FOCUS files match/,
    );
    fs.writeFileSync(path.join(tmp, 'other.csv'), 'a,b\n1,2\n');
    await expect(collect(sourceFor('other.csv', tmp))).rejects.toThrow(
      /lacks the column\(s\) EffectiveCost, ChargePeriodStart, BillingCurrency/,
    );
    fs.writeFileSync(path.join(tmp, 'broken.csv.gz'), 'not gzip');
    await expect(collect(sourceFor('broken.csv.gz', tmp))).rejects.toThrow(
      /Cannot read FOCUS file '.*broken\.csv\.gz'/,
    );
    await expect(
      collect(sourceFor(tmp, tmp, { layout: 'aws-data-exports' })),
    ).rejects.toThrow(/No aws-data-exports deliveries/);
  });

  it('is configured from skyforge.cost.sources entries, and refuses credentials in the location', () => {
    const source = FocusCostSource.fromConfig(
      new ConfigReader({
        id: 'focus-aws',
        type: 'focus',
        options: { location: 's3://billing/focus', layout: 'aws-data-exports' },
      }),
    );
    expect(source).toMatchObject({
      id: 'focus-aws',
      type: 'focus',
      lookbackDays: undefined,
    });
    // The older option name still works.
    expect(
      FocusCostSource.fromConfig(
        new ConfigReader({
          id: 'x',
          type: 'focus',
          options: { path: 'a.csv' },
        }),
      ).id,
    ).toBe('x');
    expect(() =>
      FocusCostSource.fromConfig(
        new ConfigReader({
          id: 'x',
          type: 'focus',
          options: { location: 'a.csv', layout: 'gcp' },
        }),
      ),
    ).toThrow(
      /Invalid options.layout 'gcp' .* must be one of files, aws-data-exports, azure-cost-exports/,
    );
    expect(() =>
      FocusCostSource.fromConfig(
        new ConfigReader({
          id: 'x',
          type: 'focus',
          options: {
            location:
              'https://acct.blob.core.windows.net/exports/focus?sv=2024&sig=SECRETSIG',
          },
        }),
      ),
    ).toThrow(/must not carry a query string/);
    const refusal = (() => {
      try {
        FocusCostSource.fromConfig(
          new ConfigReader({
            id: 'x',
            type: 'focus',
            options: {
              location:
                'https://acct.blob.core.windows.net/exports/focus?sv=2024&sig=SECRETSIG',
            },
          }),
        );
        return undefined;
      } catch (error) {
        return error as Error;
      }
    })();
    expect(refusal?.message).not.toContain('SECRETSIG');
  });
});

describe('parseFocusTags', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['NULL', {}],
    ['{}', {}],
    ['[1,2]', {}],
    ['"text"', {}],
    [
      '{" org ": "trey", "": "x", "k": {"a": 1}}',
      { org: 'trey', k: '{"a":1}' },
    ],
  ])('parses %j', (text, tags) => {
    expect(parseFocusTags(text)).toEqual(tags);
  });
});
