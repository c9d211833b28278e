/**
 * Median time of a full dry run of the Kubernetes platform template through the scaffolder API
 * (POST /api/scaffolder/v2/dry-run on a real scaffolder + catalog test backend), as the template
 * editor runs it.
 * Run from plugins/scaffolder-backend-module-skyforge:
 *   NODE_OPTIONS=--no-node-snapshot node --require @backstage/cli/config/nodeTransform.cjs scripts/benchDryRun.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startScaffolderTestBackend } from '../src/__testUtils__/startScaffolderTestBackend';
import { platformTemplateValues } from '../src/__testUtils__/platformTemplateValues';
import { dryRunTemplate } from '../src/__testUtils__/templateDryRun';

const WARMUP = 3;
const RUNS = 20;

/** The test's platform values, in another region and with a GPU pool. */
const values = { ...platformTemplateValues, region: 'us-east-1', gpu: true };

async function main() {
  const workingDirectory = mkdtempSync(
    path.join(os.tmpdir(), 'skyforge-bench-'),
  );
  const backend = await startScaffolderTestBackend({ workingDirectory });
  try {
    let files = 0;
    const timings: number[] = [];
    for (let index = 0; index < WARMUP + RUNS; index += 1) {
      const started = performance.now();
      const response = await dryRunTemplate({
        server: backend.server,
        template: 'kubernetes-platform',
        values,
      });
      const elapsed = performance.now() - started;
      if (response.status !== 200) {
        throw new Error(
          `Dry run failed with ${response.status}: ${JSON.stringify(
            response.body,
          )}`,
        );
      }
      files = response.body.directoryContents.length;
      if (index >= WARMUP) timings.push(elapsed);
    }
    timings.sort((a, b) => a - b);
    const at = (fraction: number) =>
      timings[
        Math.min(timings.length - 1, Math.floor(fraction * timings.length))
      ];
    process.stdout.write(
      [
        'template: kubernetes-platform (aws, dev/staging/prod, medium, GPU, every service)',
        `runs: ${RUNS} after ${WARMUP} warm-up; files per run: ${files}`,
        `median: ${at(0.5).toFixed(0)} ms  p95: ${at(0.95).toFixed(
          0,
        )} ms  min: ${timings[0].toFixed(0)} ms  max: ${timings[
          timings.length - 1
        ].toFixed(0)} ms`,
        '',
      ].join('\n'),
    );
  } finally {
    await backend.stop();
    rmSync(workingDirectory, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
