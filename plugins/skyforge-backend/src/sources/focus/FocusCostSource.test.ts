import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { parse } from 'csv-parse/sync';
import { parseAmountNanos } from '../../util/money';
import { FocusCostSource } from './FocusCostSource';
import { parseFocusTags } from './readFocusFile';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const SAMPLE = path.join(REPO_ROOT, 'examples/cost/focus-1.0_sample_1000.csv');
const HEADER =
  'BilledCost,BillingCurrency,ChargePeriodStart,EffectiveCost,ProviderName,RegionId,ResourceId,ServiceCategory,ServiceName,SubAccountId,Tags';

async function collect(source: FocusCostSource): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for await (const batch of source.ingest({
    window: { to: '2030-01-01' },
    logger: mockServices.logger.mock(),
  })) {
    rows.push(...batch);
  }
  return rows;
}

function sourceFor(location: string, workingDirectory = REPO_ROOT) {
  return new FocusCostSource({ id: 'test', location, workingDirectory });
}

describe('FocusCostSource', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-focus-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads every row of the FOCUS 1.0 sample, with totals equal to the file to the nano-unit', async () => {
    const rows = await collect(
      sourceFor('examples/cost/focus-1.0_sample_1000.csv'),
    );
    const records: Array<Record<string, string>> = parse(
      fs.readFileSync(SAMPLE),
      {
        columns: true,
      },
    );
    expect(rows).toHaveLength(1000);
    const expected = records.reduce(
      (sum, r) => sum + parseAmountNanos(r.EffectiveCost)!,
      0n,
    );
    const actual = rows.reduce(
      (sum, r) => sum + parseAmountNanos(r.amount)!,
      0n,
    );
    expect(actual).toBe(expected);
    expect(actual).toBe(14_976_514_186n);

    const first = rows[1];
    expect(first).toMatchObject({
      date: '2024-09-30',
      currency: 'USD',
      provider: 'AWS',
      service: 'Elastic Load Balancing',
      serviceCategory: 'Networking',
      region: 'us-west-2',
      subAccount: '43883916739',
      tags: {
        application: 'BrightLensMatrix',
        environment: 'dev',
        business_unit: 'ViennaAI',
      },
    });
    // ResourceName is NULL in the sample; RegionId etc. never carry the literal.
    expect(rows.some(r => Object.values(r).includes('NULL'))).toBe(false);
    // The sample's tag key " org" (leading space) arrives trimmed.
    expect(rows.some(r => Object.keys(r.tags).some(k => k !== k.trim()))).toBe(
      false,
    );
    expect(rows.filter(r => r.tags.org === 'trey').length).toBeGreaterThan(0);
  });

  it('copes with NULL, zone-less and offset timestamps, empty tags and several currencies', async () => {
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
        // tags NULL, odd keys and non-string values
        '0,usd,2024-09-04,0.1,AWS,NULL,NULL,NULL,NULL,NULL,"{"" org"": ""trey"", ""n"": 3, ""x"": null}"',
        // unparseable tags text yields no tags
        '0,USD,2024-09-05 00:00:00,0.2,AWS,NULL,NULL,NULL,NULL,NULL,not json',
        // rows that cannot be used are skipped
        '0,USD,NULL,1,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
        '0,NULL,2024-09-06 00:00:00,1,AWS,NULL,NULL,NULL,NULL,NULL,NULL',
      ].join('\n'),
    );
    const rows = await collect(sourceFor(path.join(tmp, 'edge.csv')));
    expect(rows.map(r => [r.date, r.currency, r.amount])).toEqual([
      ['2024-09-01', 'USD', '1.25'],
      ['2024-09-01', 'EUR', '2.5'],
      ['2024-09-03', 'EUR', '0'],
      ['2024-09-04', 'USD', '0.1'],
      ['2024-09-05', 'USD', '0.2'],
    ]);
    expect(rows[0].tags).toEqual({ app: 'a' });
    expect(rows[1].tags).toEqual({});
    expect(rows[2]).toMatchObject({
      provider: undefined,
      billedAmount: undefined,
      tags: {},
    });
    expect(rows[3].tags).toEqual({ org: 'trey', n: '3' });
    expect(rows[4].tags).toEqual({});
  });

  it('reads gzip files, folders (recursively) and globs, in path order', async () => {
    const line = (day: string, amount: string) =>
      `0,USD,${day} 00:00:00,${amount},AWS,NULL,NULL,NULL,NULL,NULL,NULL`;
    fs.mkdirSync(path.join(tmp, 'exports/2024-09'), { recursive: true });
    fs.writeFileSync(
      path.join(tmp, 'exports/2024-09/part-1.csv.gz'),
      zlib.gzipSync(`${HEADER}\n${line('2024-09-01', '1')}\n`),
    );
    fs.writeFileSync(
      path.join(tmp, 'exports/2024-09/part-2.csv'),
      `${HEADER}\n${line('2024-09-02', '2')}\n`,
    );
    fs.writeFileSync(path.join(tmp, 'exports/notes.txt'), 'not a FOCUS file');

    const folder = await collect(sourceFor('exports', tmp));
    expect(folder.map(r => r.amount)).toEqual(['1', '2']);
    const glob = await collect(sourceFor('exports/**/*.csv.gz', tmp));
    expect(glob.map(r => r.amount)).toEqual(['1']);
    const single = await collect(
      sourceFor(path.join(tmp, 'exports/2024-09/part-1.csv.gz')),
    );
    expect(single.map(r => r.date)).toEqual(['2024-09-01']);
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
  });

  it('is configured from skyforge.cost.sources entries', () => {
    const source = FocusCostSource.fromConfig(
      new ConfigReader({
        id: 'focus-aws',
        type: 'focus',
        options: { path: 'x.csv' },
      }),
    );
    expect(source).toMatchObject({
      id: 'focus-aws',
      type: 'focus',
      lookbackDays: undefined,
    });
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
