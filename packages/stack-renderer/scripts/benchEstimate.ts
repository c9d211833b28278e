/**
 * Prints the median in-process time of `estimateCost` (and of `renderCostMarkdown`) for the full
 * three-cloud, three-environment spec with GPU pools and every service. The Create wizard calls
 * `estimateCost` on every keystroke, so it must stay well under a millisecond.
 * Run: `node --require @backstage/cli/config/nodeTransform.cjs scripts/benchEstimate.ts`
 */
import { performance } from 'node:perf_hooks';
import { estimateCost } from '../src/cost/estimateCost';
import { renderCostMarkdown } from '../src/cost/renderCostMarkdown';
import { parseStackSpec } from '../src/spec/stackSpec';
import { exampleSpecs } from '../src/testing/exampleSpecs';

const WARMUP = 200;
const RUNS = 1000;

function measure(run: () => unknown): number[] {
  for (let index = 0; index < WARMUP; index += 1) run();
  const timings: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    run();
    timings.push(performance.now() - started);
  }
  return timings.sort((a, b) => a - b);
}

function percentile(timings: number[], p: number): number {
  return timings[
    Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))
  ];
}

const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
const estimate = estimateCost(spec);
const estimateTimings = measure(() => estimateCost(spec));
const markdownTimings = measure(() => renderCostMarkdown(estimate, spec));
const format = (timings: number[]) =>
  `median: ${percentile(timings, 50).toFixed(4)} ms  p95: ${percentile(
    timings,
    95,
  ).toFixed(4)} ms  min: ${timings[0].toFixed(4)} ms`;

process.stdout.write(
  [
    `spec: all-clouds-gpu (clouds ${spec.spec.clouds.join(
      ', ',
    )}; environments ${spec.spec.environments.join(', ')}; gpu; all services)`,
    `runs: ${RUNS} after ${WARMUP} warm-up`,
    `estimateCost        ${format(estimateTimings)}  (${
      estimate.lineItems.length
    } line items)`,
    `renderCostMarkdown  ${format(markdownTimings)}`,
    '',
  ].join('\n'),
);
