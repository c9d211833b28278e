import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseStackSpec } from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { writeFileTree } from '../../testing/writeFileTree';
import type { FileTree } from '../../types';
import { renderAwsTerraform } from './renderAwsTerraform';
import {
  DEFAULT_TERRAFORM_PLUGIN_DIR,
  findTerraformPluginDir,
} from './testing/findTerraformPluginDir';

/**
 * Runs the real Terraform CLI on every AWS root module of every example stack that uses AWS:
 * `terraform fmt -check -recursive`, then per root `terraform init -backend=false` against the
 * local provider mirror, `terraform validate` and `terraform test` (the rendered
 * tests/*.tftest.hcl apply the root against a mocked AWS provider and assert the day-1 chain).
 * The machine has two cores, so roots run two at a time. There is deliberately no
 * TF_PLUGIN_CACHE_DIR: the mirror is unpacked, so init links each root's provider straight to it
 * (one copy on disk), and Terraform's plugin cache is not safe for concurrent use — an init that
 * re-links the cache entry breaks a neighbour's running `terraform test`
 * (hashicorp/terraform#31964).
 */

const execFileAsync = promisify(execFile);

const awsExamples = Object.entries(exampleSpecs)
  .map(([name, input]) => ({ name, spec: parseStackSpec(input) }))
  .filter(example => example.spec.spec.clouds.includes('aws'));

const PARALLEL_ROOTS = 2;
const ALL_ROOTS_TIMEOUT_MS = 30 * 60_000;

function rootFolders(tree: FileTree): string[] {
  const folders = Object.keys(tree)
    .filter(file =>
      /^infra\/(envs\/[^/]+|bootstrap)\/aws\/versions\.tf$/.test(file),
    )
    .map(file => path.posix.dirname(file));
  return [...new Set(folders)].sort();
}

/** What the CLI said for one root: validate's verdict and the test summary, or the failure. */
interface RootResult {
  validate: string;
  test: string;
  error?: string;
}

describe('renderAwsTerraform with the Terraform CLI', () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'skyforge-aws-tf-'));
  const cliConfig = path.join(workspace, 'terraformrc');
  writeFileSync(cliConfig, '');
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_CLI_CONFIG_FILE: cliConfig,
  };
  // A plugin cache set by the caller's environment would bring the race back.
  delete environment.TF_PLUGIN_CACHE_DIR;
  const roots = awsExamples.flatMap(({ name, spec }) => {
    const tree = renderAwsTerraform(spec);
    return rootFolders(tree).map(root => ({
      name,
      root,
      cwd: path.join(workspace, name, root),
    }));
  });
  const results = new Map<string, RootResult>();

  async function terraform(cwd: string, args: string[]): Promise<string> {
    try {
      const { stdout } = await execFileAsync('terraform', args, {
        cwd,
        env: environment,
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `terraform ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${
          stderr ?? ''
        }`,
      );
    }
  }

  async function checkRoot(
    cwd: string,
    pluginDir: string,
  ): Promise<RootResult> {
    try {
      await terraform(cwd, [
        'init',
        '-backend=false',
        `-plugin-dir=${pluginDir}`,
        '-input=false',
        '-no-color',
      ]);
      const validate = await terraform(cwd, ['validate', '-no-color']);
      const test = await terraform(cwd, ['test', '-no-color']);
      return { validate, test };
    } catch (error) {
      return { validate: '', test: '', error: (error as Error).message };
    }
  }

  beforeAll(async () => {
    for (const { name, spec } of awsExamples) {
      writeFileTree({
        files: renderAwsTerraform(spec),
        directory: path.join(workspace, name),
      });
    }
    const pluginDir = findTerraformPluginDir();
    if (!pluginDir) {
      throw new Error(
        `No hashicorp/aws provider mirror found: expected ${DEFAULT_TERRAFORM_PLUGIN_DIR}/registry.terraform.io/hashicorp/aws ` +
          `(or a terraform-provider-aws_* binary under a registry.terraform.io folder). ` +
          'terraform validate and terraform test cannot run without it.',
      );
    }
    const queue = [...roots];
    await Promise.all(
      Array.from({ length: PARALLEL_ROOTS }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          results.set(next.cwd, await checkRoot(next.cwd, pluginDir));
        }
      }),
    );
  }, ALL_ROOTS_TIMEOUT_MS);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('has example stacks that use AWS', () => {
    expect(awsExamples.map(example => example.name)).toEqual(
      expect.arrayContaining(['aws-small', 'aws-gpu-large', 'all-clouds-gpu']),
    );
  });

  it.each(awsExamples.map(example => example.name))(
    '%s is formatted as terraform fmt formats it, tests included',
    name => {
      // -check exits non-zero and -diff prints the difference when any file is not canonical.
      expect(
        execFileSync('terraform', ['fmt', '-check', '-recursive', '-diff'], {
          cwd: path.join(workspace, name),
          env: environment,
          encoding: 'utf8',
        }),
      ).toBe('');
    },
  );

  it.each(roots.map(({ name, root, cwd }) => [`${name} ${root}`, cwd]))(
    '%s passes terraform init, validate and test',
    (_label, cwd) => {
      const result = results.get(cwd)!;
      expect(result.error).toBeUndefined();
      expect(result.validate).toContain('Success! The configuration is valid.');
      expect(result.test).toMatch(/Success! [1-9]\d* passed, 0 failed\./);
    },
  );
});
