/*
 * Times what one `POST /v1/stack-checks` does for the Create wizard's policy check preview, side by
 * side with its peer, the render alone: the form values of a three-environment AWS stack with
 * every service and of one stack on each cloud are mapped (stackSpecFromFields), rendered
 * (renderStack) and checked (checkFileTree: written to a temporary directory, schema and security
 * rules, then the manifest checks with `kubectl kustomize` when kubectl is on the PATH).
 *
 * Run from the repository root:
 *   yarn bench:stack-check
 * Options (env): BENCH_RUNS (default 5).
 */
import { renderStack, stackSpecFromFields } from '@skyforge/stack-renderer';
import { checkFileTree } from '../src/stackChecks/checkFileTree';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const common = {
  name: 'bench-api',
  owner: 'group:default/bench',
  environments: ['dev', 'staging', 'prod'],
  size: 'medium',
  postgres: true,
  redis: true,
  objectStorage: true,
  registry: true,
  monitoring: true,
  image: 'ghcr.io/acme/bench-api:1.0.0',
};

const forms: Record<string, Record<string, unknown>> = {
  aws: { ...common, cloud: 'aws', region: 'us-east-1' },
  gcp: {
    ...common,
    cloud: 'gcp',
    region: 'europe-west1',
    gcpProjects: { dev: 'bench-dev', staging: 'bench-stg', prod: 'bench-prd' },
  },
  azure: { ...common, cloud: 'azure', region: 'westeurope' },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

async function main() {
  console.log(
    `stack check per request, median of ${RUNS} runs (ms); check(kubectl) skips the manifest checks when kubectl is not on the PATH (overlays 0)`,
  );
  console.log(
    'cloud  files  render  check(no kubectl)  check(kubectl)  total  findings  overlays',
  );
  for (const [cloud, form] of Object.entries(forms)) {
    const result = stackSpecFromFields(form);
    if (!result.success) throw new Error(JSON.stringify(result.issues));
    const render: number[] = [];
    const withoutKubectl: number[] = [];
    const withKubectl: number[] = [];
    let summary = { files: 0, findings: 0, overlays: 0 };
    for (let run = 0; run < RUNS; run++) {
      const [{ files }, renderMs] = await time(() => renderStack(result.spec));
      const [, schemaMs] = await time(() =>
        checkFileTree(files, { kubectl: '/nonexistent/kubectl' }),
      );
      const [report, fullMs] = await time(() => checkFileTree(files));
      render.push(renderMs);
      withoutKubectl.push(schemaMs);
      withKubectl.push(fullMs);
      summary = {
        files: Object.keys(files).length,
        findings: report.findings.length,
        overlays: report.overlays.length,
      };
    }
    const [r, s, f] = [render, withoutKubectl, withKubectl].map(median);
    console.log(
      [
        cloud.padEnd(5),
        String(summary.files).padStart(5),
        r.toFixed(0).padStart(7),
        s.toFixed(0).padStart(18),
        f.toFixed(0).padStart(15),
        (r + f).toFixed(0).padStart(6),
        String(summary.findings).padStart(9),
        String(summary.overlays).padStart(9),
      ].join(' '),
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
