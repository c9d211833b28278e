import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { rowsOf } from '../../__testUtils__/dailyColumns';
import {
  writeFocusCsv,
  writeFocusParquet,
} from '../../__testUtils__/focusFiles';
import { FocusAggregation, FocusFileStats } from './FocusAggregation';
import {
  DimensionsHash,
  focusCsvColumns,
  focusFileReader,
  focusGroupsQuery,
  focusParquetRowsReader,
  focusSampleDimensionsQuery,
  focusSampledGroupsQuery,
} from './focusFileQuery';
import { readCsvHead } from './readCsvHead';

jest.setTimeout(60_000);

function stats(): FocusFileStats {
  return { rowsRead: 0, rowsSkipped: 0, skipReasons: [] };
}

describe('FocusAggregation', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-aggregation-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('yields each day and canonical dimensions once, across files that share days and tags written differently, each set handed out before its file is summed', async () => {
    const tags = { 'skyforge-component': 'api', environment: 'prod' };
    // The same tags in another order and with padding: one tag set once canonical.
    const reordered = { environment: ' prod', 'skyforge-component': 'api ' };
    writeFocusCsv(path.join(tmp, 'a.csv'), [
      {
        ChargePeriodStart: '2024-09-01 01:00:00',
        EffectiveCost: '0.1',
        Tags: tags,
      },
      {
        ChargePeriodStart: '2024-09-01 02:00:00',
        EffectiveCost: '0.2',
        Tags: reordered,
      },
      {
        ChargePeriodStart: '2024-09-02 02:00:00',
        EffectiveCost: '0.000000001',
        Tags: tags,
      },
    ]);
    writeFocusCsv(path.join(tmp, 'b.csv'), [
      {
        ChargePeriodStart: '2024-09-02 03:00:00',
        EffectiveCost: '0.3',
        Tags: reordered,
      },
      {
        ChargePeriodStart: '2024-09-03 00:00:00',
        EffectiveCost: '-0.05',
        Tags: tags,
      },
      {
        ChargePeriodStart: '2024-09-03 00:00:00',
        EffectiveCost: '1',
        ServiceName: 'S3',
        Tags: tags,
      },
    ]);
    const aggregation = await FocusAggregation.create({
      threads: 2,
      tempDirectory: path.join(tmp, 'duckdb'),
    });
    let aggregates: Awaited<ReturnType<typeof rowsOf>> = [];
    /** Per file, the services of the sets it handed out and the rows it had read by then. */
    const handedOut: Array<[string, string[], number]> = [];
    async function* batches() {
      for (const file of ['a.csv', 'b.csv']) {
        const read = stats();
        for await (const batch of aggregation.addFile({
          path: path.join(tmp, file),
          name: file,
          format: 'csv',
          stats: read,
        })) {
          expect(batch.epochDays).toHaveLength(0);
          handedOut.push([
            file,
            batch.newDimensions.map(set => set.service!),
            read.rowsRead,
          ]);
          yield batch;
        }
        expect(read).toEqual({ ...stats(), rowsRead: 3 });
      }
      yield* aggregation.dailyAggregates();
    }
    try {
      aggregates = await rowsOf(batches());
    } finally {
      aggregation.close();
    }
    // b.csv hands out only the set a.csv did not have; neither file had been summed yet.
    expect(handedOut).toEqual([
      ['a.csv', ['Amazon Elastic Compute Cloud'], 0],
      ['b.csv', ['S3'], 0],
    ]);
    const summary = aggregates
      .map(a => [
        a.day,
        a.dimensions.service,
        a.dimensions.tags,
        a.amountNanos,
        a.rowCount,
      ])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
    const canonical = { environment: 'prod', 'skyforge-component': 'api' };
    const ec2 = 'Amazon Elastic Compute Cloud';
    expect(summary).toEqual([
      ['2024-09-01', ec2, canonical, 300_000_000n, 2],
      ['2024-09-02', ec2, canonical, 300_000_001n, 2],
      ['2024-09-03', ec2, canonical, -50_000_000n, 1],
      ['2024-09-03', 'S3', canonical, 1_000_000_000n, 1],
    ]);
    const keys = aggregates.map(a => `${a.day} ${a.dimensions.rowKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Aggregates of one dimension set share one dimensions object.
    const ec2Dimensions = aggregates
      .filter(a => a.dimensions.service === ec2)
      .map(a => a.dimensions);
    expect(new Set(ec2Dimensions).size).toBe(1);
  });

  it("refuses a daily sum beyond the store's 64-bit columns before handing out any sums", async () => {
    // Each cost fits 64-bit nano-units (read again wide); their sum of one day does not.
    const records = ['01', '02'].map(hour => ({
      ChargePeriodStart: `2024-09-01 ${hour}:00:00`,
      EffectiveCost: '-5000000000',
    }));
    writeFocusCsv(path.join(tmp, 'huge.csv'), records);
    const aggregation = await FocusAggregation.create({
      threads: 2,
      tempDirectory: path.join(tmp, 'duckdb'),
    });
    const sums: number[] = [];
    async function* batches() {
      yield* aggregation.addFile({
        path: path.join(tmp, 'huge.csv'),
        name: 'huge.csv',
        format: 'csv',
        stats: stats(),
      });
      yield* aggregation.dailyAggregates();
    }
    try {
      await expect(
        (async () => {
          for await (const batch of batches()) {
            sums.push(batch.amountNanos.length);
          }
        })(),
      ).rejects.toThrow(
        'A daily cost sum of -10000000000.000000000 is beyond what the cost store holds',
      );
    } finally {
      aggregation.close();
    }
    // Only the file's dimension set was handed out.
    expect(sums).toEqual([0]);
  });

  describe.each(['csv', 'parquet'] as const)(
    'when dimension keys collide (%s)',
    format => {
      const records = Array.from({ length: 600 }, (_, i) => ({
        ChargePeriodStart: `2024-09-0${1 + (i % 4)} 0${i % 10}:00:00`,
        EffectiveCost: `${i % 13}.${String(i * 7919).padStart(9, '0')}`,
        BilledCost: `${i % 5}.5`,
        ServiceName: `service-${i % 3}`,
        RegionId: i % 5 === 0 ? undefined : `region-${i % 4}`,
        Tags: i % 7 === 0 ? undefined : { app: `app-${i % 6}` },
      }));
      /** The file's aggregates as `day service region tags: amount billed rows`, sorted. */
      async function aggregatesWith(keyHash?: DimensionsHash) {
        const file = path.join(tmp, `collide.${format}`);
        if (!fs.existsSync(file)) {
          if (format === 'csv') {
            writeFocusCsv(file, records);
          } else {
            await writeFocusParquet(file, records);
          }
        }
        const aggregation = await FocusAggregation.create({
          threads: 2,
          tempDirectory: path.join(tmp, 'duckdb'),
          keyHash,
        });
        const read = stats();
        const lines: string[] = [];
        async function* batches() {
          yield* aggregation.addFile({
            path: file,
            name: file,
            format,
            stats: read,
          });
          yield* aggregation.dailyAggregates();
        }
        try {
          for (const a of await rowsOf(batches())) {
            lines.push(
              `${a.day} ${a.dimensions.service} ${
                a.dimensions.region
              } ${JSON.stringify(a.dimensions.tags)}: ${a.amountNanos} ${
                a.billedNanos
              } ${a.rowCount}`,
            );
          }
        } finally {
          aggregation.close();
        }
        expect(read).toEqual({ ...stats(), rowsRead: records.length });
        return lines.sort();
      }

      it.each([
        ['every set shares one key', () => `CAST(42 AS UBIGINT)`],
        [
          'sets share keys in threes',
          (columns: readonly string[]) =>
            `CAST(hash(${columns.join(', ')}) % 3 AS UBIGINT)`,
        ],
      ])(
        'sums exactly as with distinct keys: %s',
        async (_, keyHash: DimensionsHash) => {
          const distinct = await aggregatesWith();
          // 4 days of 12 dimension sets each.
          expect(distinct.length).toBe(48);
          const total = (lines: string[]) =>
            lines.reduce(
              (sum, line) => sum + BigInt(line.split(' ').at(-3)!),
              0n,
            );
          const expectedTotal = records.reduce(
            // Nine decimals each: the digits are the nano-units.
            (sum, r) => sum + BigInt(r.EffectiveCost.replace('.', '')),
            0n,
          );
          expect(total(distinct)).toBe(expectedTotal);
          expect(await aggregatesWith(keyHash)).toEqual(distinct);
        },
      );
    },
  );

  it('groups by the dimensions themselves (the fallback for a hash collision) to the same sums as by their hash', async () => {
    const file = path.join(tmp, 'groups.csv');
    writeFocusCsv(
      file,
      Array.from({ length: 300 }, (_, i) => ({
        ChargePeriodStart: `2024-09-0${1 + (i % 3)} 00:00:00`,
        EffectiveCost: `${i}.123456789`,
        RegionId: i % 5 === 0 ? undefined : `region-${i % 4}`,
        Tags: i % 7 === 0 ? undefined : { app: `app-${i % 6}` },
      })),
    );
    const head = await readCsvHead(file);
    const columns = focusCsvColumns(head.header, head);
    const reader = focusFileReader({
      path: file,
      format: 'csv',
      columns,
      rejectsTable: 'rejects',
    });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const groups = async (exactKeys: boolean) => {
        const result = await connection.runAndReadAll(
          `SELECT * EXCLUDE (key) FROM (${focusGroupsQuery({
            reader,
            columns,
            file,
            exactKeys,
          })}) ORDER BY ALL`,
        );
        return result.getRowsJS();
      };
      const byHash = await groups(false);
      expect(byHash.length).toBeGreaterThan(20);
      expect(await groups(true)).toEqual(byHash);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('sums a Parquet file by sampled keys to the same groups as by the dimensions themselves', async () => {
    const file = path.join(tmp, 'groups.parquet');
    await writeFocusParquet(
      file,
      Array.from({ length: 300 }, (_, i) => ({
        ChargePeriodStart: `2024-09-0${1 + (i % 3)} 00:00:00`,
        EffectiveCost: `${i}.123456789`,
        RegionId: i % 5 === 0 ? undefined : `region-${i % 4}`,
        Tags: i % 7 === 0 ? undefined : { app: `app-${i % 6}` },
      })),
    );
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      const reader = focusParquetRowsReader(file);
      const columns = (
        await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)
      )
        .getRowObjects()
        .map(row => ({
          name: String(row.column_name),
          type: String(row.column_type),
        }));
      const options = { reader, columns, file };
      await connection.run(
        `CREATE TABLE sampled AS ${focusSampledGroupsQuery(options)}`,
      );
      const [[collisions]] = (
        await connection.runAndReadAll(
          `SELECT count(*) FROM (SELECT key FROM sampled GROUP BY key HAVING min(check_low) <> max(check_high))`,
        )
      ).getRows();
      expect(Number(collisions)).toBe(0);
      const bySample = await connection.runAndReadAll(`
        SELECT CAST(g.day AS VARCHAR), d.* EXCLUDE (ordinal, key), g.amount_nanos, g.billed_nanos, g.row_count
        FROM sampled g JOIN (${focusSampleDimensionsQuery({
          ...options,
          groupsTable: 'sampled',
        })}) d ON g.key = d.key
        ORDER BY ALL`);
      const byDimensions = await connection.runAndReadAll(`
        SELECT CAST(day AS VARCHAR), unnest(key),
          amount_nanos, billed_nanos, row_count
        FROM (${focusGroupsQuery({ ...options, exactKeys: true })})
        WHERE NOT is_dimensions ORDER BY ALL`);
      const rows = bySample.getRowsJS();
      expect(rows.length).toBeGreaterThan(20);
      expect(rows).toEqual(byDimensions.getRowsJS());
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
