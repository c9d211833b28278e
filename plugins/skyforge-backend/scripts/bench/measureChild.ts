import { execFileSync } from 'node:child_process';

/** What a measured child process reports. */
export interface ChildFigures {
  /** Source records read. */
  rows: number;
  /** Groups (DuckDB peer) or daily aggregates (ingestion) produced. */
  groups: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

/**
 * Runs this benchmark's entry file again in a fresh Node process in `mode`, so each measurement
 * starts cold and its peak RSS is its own, and parses the JSON figures it prints.
 */
export function measureInChild(
  entry: string,
  mode: string,
  args: string[],
): ChildFigures {
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, entry, mode, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(output.trim().split('\n').pop()!);
}

/** Times `work` in this (child) process and prints the figures as one JSON line. */
export async function reportFigures(
  work: () => Promise<{ rows: number; groups: number }>,
): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  const { rows, groups } = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const figures: ChildFigures = {
    rows,
    groups,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
