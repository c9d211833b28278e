import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A clone of this repository alone must build, test and run: no tracked file may name the
 * development workspace next to it (the sibling "shared" folder) or a folder of one particular
 * machine (a home folder, the workspace root). Paths inside a container image or the machine
 * image's well-known tool locations are not "a machine's" and are not matched. This file names
 * none of them either: its examples spell them with tokens that `expand` fills in.
 */
const FORBIDDEN: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  {
    name: 'the workspace next to the repository (sibling shared folder)',
    pattern: /(?:\.\.\/)+shared(?:\/|\b)/,
  },
  {
    name: "the workspace's shared documents and data",
    pattern:
      /(?<![\w.-])shared\/(?:data|reviews|reference|research)\/|(?<![\w.-])shared\/(?:ARCHITECTURE|TOOLCHAIN|STYLE)\.md/,
  },
  {
    name: 'an absolute path of a machine',
    pattern:
      /(?<![\w.~$-])\/(?:work|root)\/[\w.-]|(?<![\w.~$-])\/(?:home|Users)\/[\w.-]+\/|\b[A-Z]:\\\\?Users\\/,
  },
];

/** Matches that are not a machine's path, with the reason; `file` and the exact `text`. */
const ALLOWED: ReadonlyArray<{ file: string; text: string; reason: string }> = [
  {
    file: 'packages/backend/Dockerfile',
    text: ['', 'home', 'node', ''].join('/'),
    reason: "the yarn cache of the node image's user, inside the container",
  },
];

/** Files that are not ours to edit: the committed Yarn release. */
const SKIPPED = [/^\.yarn\/releases\//];

const repositoryRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: __dirname,
  encoding: 'utf8',
}).trim();

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter(file => file && !SKIPPED.some(skip => skip.test(file)));
}

/** Every forbidden name in one file's text, as `file:line: what (text)`. */
function findingsIn(file: string, text: string): string[] {
  const findings: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const { name, pattern } of FORBIDDEN) {
      const global = new RegExp(pattern.source, 'g');
      for (const match of line.matchAll(global)) {
        const allowed = ALLOWED.some(
          entry => entry.file === file && match[0].startsWith(entry.text),
        );
        if (!allowed) {
          findings.push(`${file}:${index + 1}: ${name} (${match[0]})`);
        }
      }
    }
  });
  return findings;
}

/** Fills in the tokens the examples below use, so that this file names no forbidden path itself. */
function expand(line: string): string {
  return line
    .replaceAll('{shared}', 'shared')
    .replaceAll('{/}', '/')
    .replaceAll('{drive}', 'C:');
}

describe('the repository is self-contained', () => {
  it('has no tracked file that names the sibling shared workspace or a path of one machine', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const findings: string[] = [];
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(repositoryRoot, file));
      } catch {
        continue; // deleted in the work tree but still in the index
      }
      if (bytes.includes(0)) continue; // binary (compressed schemas, images)
      findings.push(...findingsIn(file, bytes.toString('utf8')));
    }
    expect(findings).toEqual([]);
  });

  it.each([
    ['see ../{shared}/ARCHITECTURE.md', true],
    ['path.resolve(__dirname, "../../../../{shared}/data/x.json")', true],
    ['Copied from `{shared}/data/opencost/`', true],
    ["const SCHEMA = '{/}work/{shared}/data/terraform-schemas';", true],
    ['cat {/}root/.npmrc', true],
    ['open {/}home/alice/projects/x', true],
    ['{/}Users/bob/src/skyforge', true],
    ['{drive}\\Users\\carol\\skyforge', true],
    ['the shared NAT gateway, shared by every environment', false],
    ['mktemp -d /tmp/skyforge-pg.XXXXXX', false],
    ['executablePath: "/usr/bin/chromium"', false],
    ['https://example.com/work/items and ~/work/x', false],
    ['path.join(root, "data", "terraform-schemas")', false],
  ])('flags %j: %s', (line, flagged) => {
    expect(findingsIn('example.txt', expand(line)).length > 0).toBe(flagged);
  });

  it('allows only the listed exceptions, in their own files', () => {
    const line = expand(
      'RUN --mount=type=cache,target={/}home/node/.cache/yarn',
    );
    expect(findingsIn('packages/backend/Dockerfile', line)).toEqual([]);
    expect(findingsIn('packages/backend/other.sh', line)).toHaveLength(1);
  });
});
