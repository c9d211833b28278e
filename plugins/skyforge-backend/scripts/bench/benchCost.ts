/*
 * Cost benchmark, side by side in one run (from the repository root):
 *
 *   yarn bench:cost        (= scripts/with-postgres.sh node --require @backstage/cli/config/nodeTransform.cjs
 *                            plugins/skyforge-backend/scripts/bench/benchCost.ts)
 *
 * 1. Generates a FOCUS 1.0 CSV of 1,000,000 rows (all 44 columns of the FOCUS sample, ~700 MB)
 *    and the same rows as Parquet (DECIMAL costs, TIMESTAMP periods, Tags as a MAP). For each
 *    format it measures, each in a fresh process, BENCH_REPEAT times (median shown): DuckDB's own
 *    aggregation of the file (the peer), and the backend's ingestion into SQLite and into
 *    PostgreSQL (when SKYFORGE_TEST_POSTGRES_URL is set). Prints seconds, rows/s, peak RSS and the
 *    ratios against the targets: PostgreSQL ≥ 1.0× SQLite, ingestion ≥ 1.0× DuckDB's aggregation,
 *    Parquet ≥ 1,000,000 rows/s.
 * 2. Memory as the file grows: ingests 10,000,000 CSV rows (BENCH_LARGE_ROWS) into SQLite once
 *    per shape and compares its peak RSS with the 1,000,000-row run (target: flat) — once with
 *    ten times the days (and so ten times the daily aggregates), once with ten charge lines per
 *    resource and hour (the same daily aggregates). BENCH_LARGE_ROWS=0 skips it.
 * 3. Loads 365 days × 5,000 entities of daily rows and prints p50/p95 of the cost service.
 *
 * The machine may be shared: the load average is printed first; rows per CPU-second do not
 * depend on it, wall-clock rates do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureCostLatency } from './costLatency';
import { freshPostgresDatabase } from './benchDatabases';
import { duckdbAggregation } from './duckdbAggregation';
import { convertToParquet, generateFocusCsv } from './focusFiles';
import { prepareFocusIngestion } from './ingestFocusFile';
import { ChildFigures, measureInChild, reportFigures } from './measureChild';

const ROWS = 1_000_000;
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 10_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const PARQUET_TARGET_ROWS_PER_SECOND = 1_000_000;

const number = (value: number) => Math.round(value).toLocaleString('en');
const mib = (file: string) => fs.statSync(file).size / 1024 / 1024;

function load(): string {
  return os
    .loadavg()
    .map(value => value.toFixed(2))
    .join(' ');
}

function median(runs: ChildFigures[]): ChildFigures {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[
    Math.floor(runs.length / 2)
  ];
}

function line(label: string, figures: ChildFigures, notes: string[]): string {
  return [
    `  ${label.padEnd(34)}`,
    `${figures.seconds.toFixed(2).padStart(6)} s`,
    `${number(figures.rows / figures.seconds).padStart(10)} rows/s`,
    `${number(figures.rows / figures.cpuSeconds).padStart(10)} rows/CPU-s`,
    `peak RSS ${number(figures.peakRssMiB).padStart(5)} MiB`,
    ...notes,
  ].join('  ');
}

/** `ours` as fast as `peer` or faster gives ≥ 1.0. */
function speedRatio(ours: ChildFigures, peer: ChildFigures): number {
  return peer.seconds / ours.seconds;
}

/**
 * A ratio with two decimals, or three where two would round it onto `target` (1.254 next to a
 * limit of 1.25 reads 1.254×, so the verdict beside it never seems to contradict it).
 */
function times(value: number, target: number): string {
  return value.toFixed(Math.abs(value - target) < 0.005 ? 3 : 2);
}

function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'ingest') {
    const ingestion = await prepareFocusIngestion(args[0], args[1]);
    await reportFigures(ingestion.run);
    await ingestion.close();
    return;
  }
  if (mode === 'duckdb') {
    await reportFigures(() => duckdbAggregation(args[0]));
    return;
  }

  const postgresUrl = process.env.SKYFORGE_TEST_POSTGRES_URL;
  console.log(
    `[bench] ${
      os.cpus().length
    } CPUs, load average ${load()} at start (other work on the machine slows wall-clock rates; rows per CPU-second do not)`,
  );
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-bench-'));
  const databases: Array<[string, () => Promise<string>]> = [
    ['SQLite', async () => `sqlite:${path.join(tmp, `${Date.now()}.sqlite`)}`],
  ];
  if (postgresUrl) {
    databases.push([
      'PostgreSQL',
      () => freshPostgresDatabase(postgresUrl, `skyforge_bench_${Date.now()}`),
    ]);
  } else {
    console.log(
      '[bench] SKYFORGE_TEST_POSTGRES_URL is not set: PostgreSQL figures skipped (run through scripts/with-postgres.sh)',
    );
  }
  const summary: string[] = [];
  try {
    const csv = path.join(tmp, 'focus-1m.csv');
    const parquet = path.join(tmp, 'focus-1m.parquet');
    await generateFocusCsv(csv, ROWS);
    await convertToParquet(csv, parquet);
    let sqliteCsv: ChildFigures | undefined;

    for (const [format, file] of [
      ['CSV', csv],
      ['Parquet', parquet],
    ] as const) {
      console.log(
        `\n[${format}] ${number(ROWS)} FOCUS rows, ${mib(file).toFixed(
          0,
        )} MiB; median of ${REPEAT} fresh processes each; load average ${load()}`,
      );
      const runs = new Map<string, ChildFigures[]>();
      const record = (label: string, figures: ChildFigures) =>
        runs.set(label, [...(runs.get(label) ?? []), figures]);
      for (let i = 0; i < REPEAT; i++) {
        // Interleaved, so load changes hit every contender alike.
        record('duckdb', measureInChild(__filename, 'duckdb', [file]));
        for (const [label, create] of databases) {
          record(
            label,
            measureInChild(__filename, 'ingest', [file, await create()]),
          );
        }
      }
      const peer = median(runs.get('duckdb')!);
      const sqlite = median(runs.get('SQLite')!);
      const postgres = runs.has('PostgreSQL')
        ? median(runs.get('PostgreSQL')!)
        : undefined;
      if (format === 'CSV') {
        sqliteCsv = sqlite;
      }
      console.log(
        line(`DuckDB's own aggregation (peer)`, peer, [
          `${number(peer.groups)} groups`,
        ]),
      );
      const parquetTarget = (figures: ChildFigures) =>
        format === 'Parquet'
          ? [
              `target ≥ ${number(
                PARQUET_TARGET_ROWS_PER_SECOND,
              )} rows/s: ${verdict(
                figures.rows / figures.seconds >=
                  PARQUET_TARGET_ROWS_PER_SECOND,
              )}`,
            ]
          : [];
      const versusPeer = speedRatio(sqlite, peer);
      console.log(
        line('ingestion into SQLite', sqlite, [
          `${times(versusPeer, 1)}× DuckDB (target ≥ 1.00: ${verdict(
            versusPeer >= 1,
          )})`,
          ...parquetTarget(sqlite),
        ]),
      );
      summary.push(
        `${format}: SQLite ingestion ${times(
          versusPeer,
          1,
        )}× DuckDB's aggregation`,
      );
      if (postgres) {
        const versusSqlite = speedRatio(postgres, sqlite);
        const postgresVersusPeer = speedRatio(postgres, peer);
        console.log(
          line('ingestion into PostgreSQL', postgres, [
            `${times(versusSqlite, 1)}× SQLite (target ≥ 1.00: ${verdict(
              versusSqlite >= 1,
            )})`,
            `${times(postgresVersusPeer, 1)}× DuckDB (target ≥ 1.00: ${verdict(
              postgresVersusPeer >= 1,
            )})`,
            ...parquetTarget(postgres),
          ]),
        );
        summary.push(
          `${format}: PostgreSQL ingestion ${times(
            versusSqlite,
            1,
          )}× SQLite, ${times(postgresVersusPeer, 1)}× DuckDB's aggregation`,
        );
      }
      if (format === 'Parquet') {
        summary.push(
          `Parquet: ${number(
            sqlite.rows / sqlite.seconds,
          )} rows/s into SQLite (target ≥ ${number(
            PARQUET_TARGET_ROWS_PER_SECOND,
          )})`,
        );
      }
    }
    fs.rmSync(csv);
    fs.rmSync(parquet);

    if (LARGE_ROWS > 0 && sqliteCsv) {
      // Two files of LARGE_ROWS rows: the 1M-row file's hours continued (ten times the days, so
      // ten times the daily aggregates), and the same hours with ten charge lines per resource
      // and hour (the same daily aggregates as the 1M-row file). The second shows whether memory
      // depends on the rows read; the first adds what the larger result itself takes.
      const linesPerHour = Math.max(1, Math.round(LARGE_ROWS / ROWS));
      for (const [label, options] of [
        ['more days', {}],
        [`${linesPerHour} lines per resource-hour`, { linesPerHour }],
      ] as const) {
        const large = path.join(tmp, 'focus-large.csv');
        await generateFocusCsv(large, LARGE_ROWS, options);
        console.log(
          `\n[memory, ${label}] ${number(LARGE_ROWS)} CSV rows (${mib(
            large,
          ).toFixed(0)} MiB) into SQLite, once; load average ${load()}`,
        );
        const big = measureInChild(__filename, 'ingest', [
          large,
          await databases[0][1](),
        ]);
        fs.rmSync(large);
        const growth = big.peakRssMiB / sqliteCsv.peakRssMiB;
        console.log(
          line(`ingestion of ${number(LARGE_ROWS)} rows`, big, [
            `${number(big.groups)} daily aggregates`,
          ]),
        );
        console.log(
          `  peak RSS ${number(sqliteCsv.peakRssMiB)} MiB at ${number(
            ROWS,
          )} rows (${number(sqliteCsv.groups)} aggregates), ${number(
            big.peakRssMiB,
          )} MiB at ${number(LARGE_ROWS)} rows (${number(
            big.groups,
          )} aggregates): ${times(
            growth,
            1.25,
          )}× (target flat, ≤ 1.25×: ${verdict(growth <= 1.25)})`,
        );
        summary.push(
          `Memory (${label}): peak RSS ${times(growth, 1.25)}× from ${number(
            ROWS,
          )} to ${number(LARGE_ROWS)} rows (${number(
            sqliteCsv.groups,
          )} -> ${number(big.groups)} daily aggregates)`,
        );
      }
    }

    console.log('\n[latency]');
    for (const [label, create] of databases) {
      for (const text of await measureCostLatency(await create(), label)) {
        console.log(`  ${text}`);
      }
    }
    console.log(`\n[summary] load average ${load()} at the end`);
    summary.forEach(text => console.log(`  ${text}`));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
