/**
 * Prints the median in-process time to render the full three-cloud, three-environment spec with
 * GPU pools and every service, and the size of the result.
 * Run: `yarn bench:render` from the repository root.
 */
import { performance } from 'node:perf_hooks';
import { renderStack } from '../src/renderStack';
import { parseStackSpec } from '../src/spec/stackSpec';
import { exampleSpecs } from '../src/testing/exampleSpecs';

const WARMUP = 10;
const RUNS = 100;

const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
let files = 0;
let bytes = 0;
for (let index = 0; index < WARMUP; index += 1) renderStack(spec);
const timings: number[] = [];
for (let index = 0; index < RUNS; index += 1) {
  const started = performance.now();
  const result = renderStack(spec);
  timings.push(performance.now() - started);
  files = Object.keys(result.files).length;
  bytes = Object.values(result.files).reduce(
    (sum, content) => sum + Buffer.byteLength(content),
    0,
  );
}
timings.sort((a, b) => a - b);
const percentile = (p: number) =>
  timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))];
process.stdout.write(
  [
    `spec: all-clouds-gpu (clouds ${spec.spec.clouds.join(
      ', ',
    )}; environments ${spec.spec.environments.join(', ')}; gpu; all services)`,
    `runs: ${RUNS} after ${WARMUP} warm-up`,
    `median: ${percentile(50).toFixed(2)} ms  p95: ${percentile(95).toFixed(
      2,
    )} ms  min: ${timings[0].toFixed(2)} ms`,
    `files: ${files}  bytes: ${bytes}`,
    '',
  ].join('\n'),
);
