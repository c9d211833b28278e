import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { exampleSpecs } from '../testing/exampleSpecs';
import { main } from './main';

function capture() {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    output: {
      out: (line: string) => lines.out.push(line),
      err: (line: string) => lines.err.push(line),
    },
  };
}

describe('skyforge CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skyforge-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeSpec(name: string, spec: unknown): string {
    const file = join(dir, name);
    writeFileSync(file, typeof spec === 'string' ? spec : stringify(spec));
    return file;
  }

  it('renders a spec into a directory', async () => {
    const spec = writeSpec('stack.yaml', exampleSpecs['gcp-medium']);
    const out = join(dir, 'repo');
    const { lines, output } = capture();
    expect(await main(['render', spec, '--out', out], output)).toBe(0);
    expect(lines.out.join('\n')).toMatch(
      /^Rendered \d+ files \(\d+ bytes\) into /,
    );
    expect(readFileSync(join(out, 'skyforge.yaml'), 'utf8')).toContain(
      'name: search',
    );
    expect(existsSync(join(out, 'infra/envs/prod/gcp/main.tf'))).toBe(true);
  });

  it('refuses to overwrite a non-empty directory without --force, and replaces it with --force', async () => {
    const spec = writeSpec('stack.yaml', exampleSpecs['azure-small']);
    const out = join(dir, 'repo');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const { lines, output } = capture();
    expect(await main(['render', spec, '--out', out], output)).toBe(2);
    expect(lines.err.join('\n')).toMatch(
      /exists and is not empty \(use --force/,
    );
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine');
    expect(
      await main(['render', spec, '--out', out, '--force'], capture().output),
    ).toBe(0);
    expect(existsSync(join(out, 'keep.txt'))).toBe(false);
    expect(existsSync(join(out, 'catalog-info.yaml'))).toBe(true);
  });

  it('rejects an invalid spec naming the field and the rule, writing nothing', async () => {
    const spec = JSON.parse(JSON.stringify(exampleSpecs['gcp-medium']));
    spec.spec.regions.gcp = 'us-east-9';
    const file = writeSpec('bad.yaml', spec);
    const out = join(dir, 'repo');
    const { lines, output } = capture();
    expect(await main(['render', file, '--out', out], output)).toBe(1);
    expect(lines.err).toContain(
      '  spec.regions.gcp: "us-east-9" is not a GCP region (one of us-central1, us-east1, us-west1, europe-west1, europe-west4, asia-southeast1)',
    );
    expect(existsSync(out)).toBe(false);

    const validate = capture();
    expect(await main(['validate', file], validate.output)).toBe(1);
    expect(validate.lines.err.join('\n')).toContain('spec.regions.gcp');
  });

  it('validates a good spec and prints its warnings', async () => {
    const file = writeSpec('ok.yaml', exampleSpecs['aws-gpu-large']);
    const { lines, output } = capture();
    expect(await main(['validate', file], output)).toBe(0);
    expect(lines.out.join('\n')).toMatch(
      /valid \(\d+ files would be rendered\)/,
    );
    expect(lines.err.join('\n')).toMatch(
      /^warning: spec.cluster.publicEndpointCidrs/m,
    );
  });

  it('explains YAML errors, missing files and usage mistakes', async () => {
    const broken = writeSpec('broken.yaml', 'spec: [unclosed');
    let run = capture();
    expect(await main(['validate', broken], run.output)).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/not valid YAML/);
    run = capture();
    expect(
      await main(['validate', join(dir, 'missing.yaml')], run.output),
    ).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/no such file/);
    run = capture();
    expect(await main(['render', broken], run.output)).toBe(2);
    run = capture();
    expect(await main(['frobnicate', broken], run.output)).toBe(2);
    expect(run.lines.err.join('\n')).toMatch(/unknown command "frobnicate"/);
    run = capture();
    expect(await main([], run.output)).toBe(2);
    expect(run.lines.out.join('\n')).toMatch(/usage:/);
  });
});
