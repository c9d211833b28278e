import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { renderStack } from '../renderStack';
import { renderCostFile } from '../repository/renderCostFile';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { writeFileTree } from '../testing/writeFileTree';
import { main } from './main';

/**
 * `skyforge check` on real renders, with the real `kubectl kustomize`: every example passes, and
 * one tampered setting per rule family (provider schema, security rule per cloud, manifest check,
 * StackSpec schema) fails the check with a line naming the file and the rule.
 */

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

function renderInto(directory: string, example: string): void {
  const spec = parseStackSpec(exampleSpecs[example]);
  writeFileTree({
    files: { ...renderStack(spec).files, ...renderCostFile(spec) },
    directory,
  });
}

/** Paths of every file under a directory, relative to it, in a stable order. */
function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * Changes the first match of `pattern` in the first file (under `prefix`) that has one; returns
 * that file's path. Searching keeps the test independent of which module a setting lives in.
 */
function tamper(options: {
  directory: string;
  prefix: string;
  pattern: RegExp;
  replacement: string;
}): string {
  const { directory, prefix, pattern, replacement } = options;
  for (const path of listFiles(directory).filter(file =>
    file.startsWith(prefix),
  )) {
    const file = join(directory, path);
    const text = readFileSync(file, 'utf8');
    if (!pattern.test(text)) continue;
    const changed = text.replace(pattern, replacement);
    expect(changed).not.toBe(text);
    writeFileSync(file, changed);
    return path;
  }
  throw new Error(`no file under ${prefix} matches ${pattern}`);
}

describe('skyforge check', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'skyforge-check-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(exampleSpecs))(
    'finds nothing in the %s example render',
    async example => {
      const repository = join(dir, example);
      renderInto(repository, example);
      const { lines, output } = capture();
      expect(await main(['check', repository], output)).toBe(0);
      expect(lines.err).toEqual([]);
      // A stack whose every environment is serverless has no overlay to check.
      const overlays =
        exampleSpecs[example]!.spec.compute === 'serverless'
          ? '0'
          : '[1-9]\\d*';
      expect(lines.out.join('\n')).toMatch(
        new RegExp(
          `: no findings \\(\\d+ Terraform files, ${overlays} overlays, skyforge\\.yaml\\)$`,
        ),
      );
    },
    240_000,
  );

  const tampers: Array<{
    family: string;
    prefix: string;
    pattern: RegExp;
    replacement: string;
    rule: string;
  }> = [
    {
      family: 'provider schema: an argument aws_s3_bucket does not have',
      prefix: 'infra/',
      pattern: /^(resource "aws_s3_bucket" "\w+" \{\n)/m,
      replacement: '$1  acceleration = "Enabled"\n',
      rule: 'unknown-argument (schema)',
    },
    {
      family: 'AWS security rule: a public access block that lets ACLs through',
      prefix: 'infra/',
      pattern: /block_public_acls(\s*)= true/,
      replacement: 'block_public_acls$1= false',
      rule: 'CKV2_AWS_6 (security)',
    },
    {
      family: 'GCP security rule: Cloud SQL with a public IP',
      prefix: 'infra/',
      pattern: /ipv4_enabled(\s*)= false/,
      replacement: 'ipv4_enabled$1= true',
      rule: 'CKV_GCP_60 (security)',
    },
    {
      family: 'Azure security rule: a storage account accepting TLS 1.0',
      prefix: 'infra/',
      pattern: /min_tls_version(\s*)= "TLS1_2"/,
      replacement: 'min_tls_version$1= "TLS1_0"',
      rule: 'CKV_AZURE_44 (security)',
    },
  ];

  it.each(tampers)(
    'names the rule and the file for $family',
    async ({ prefix, pattern, replacement, rule }) => {
      const repository = join(dir, `tampered-${rule.split(' ')[0]}`);
      rmSync(repository, { recursive: true, force: true });
      cpSync(join(dir, 'all-clouds-gpu'), repository, { recursive: true });
      const file = tamper({
        directory: repository,
        prefix,
        pattern,
        replacement,
      });
      const { lines, output } = capture();
      expect(await main(['check', repository], output)).toBe(1);
      expect(lines.err.some(line => line.startsWith(`${file}: ${rule} `))).toBe(
        true,
      );
      expect(lines.out.join('\n')).toMatch(/: \d+ findings? of \d+ rules? \(/);
    },
    240_000,
  );

  it('names the manifest check and every overlay built from a workload running as root', async () => {
    const repository = join(dir, 'tampered-manifest');
    cpSync(join(dir, 'aws-small'), repository, { recursive: true });
    tamper({
      directory: repository,
      prefix: 'deploy/base/deployment.yaml',
      pattern: /runAsUser: \d+/g,
      replacement: 'runAsUser: 0',
    });
    const { lines, output } = capture();
    expect(await main(['check', repository], output)).toBe(1);
    const overlays = readdirSync(join(repository, 'deploy/overlays')).sort();
    expect(overlays.length).toBeGreaterThan(0);
    for (const overlay of overlays) {
      expect(lines.err).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^deploy/overlays/${overlay}: run-as-non-root \\(manifest\\): Deployment \\S+ .*runs as UID 0`,
          ),
        ),
      );
    }
  }, 240_000);

  it('names the StackSpec rule and skyforge.yaml for an invalid spec', async () => {
    const repository = join(dir, 'tampered-spec');
    cpSync(join(dir, 'aws-small'), repository, { recursive: true });
    tamper({
      directory: repository,
      prefix: 'skyforge.yaml',
      pattern: /^(\s+)size: \w+$/m,
      replacement: '$1size: huge',
    });
    const { lines, output } = capture();
    expect(await main(['check', repository], output)).toBe(1);
    expect(lines.err).toEqual([
      expect.stringMatching(
        /^skyforge\.yaml: stack-spec \(schema\): spec\.size: .*small/,
      ),
    ]);
  }, 240_000);

  it('refuses what is no directory, with exit code 2', async () => {
    const { lines, output } = capture();
    expect(await main(['check', join(dir, 'missing')], output)).toBe(2);
    expect(lines.err.join('\n')).toMatch(/missing: no such directory/);
  });
});
