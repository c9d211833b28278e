import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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
 * `terraform fmt -check -recursive`, then `terraform init -backend=false` against the local
 * provider mirror and `terraform validate`. Init + validate take 10-20 s per root, so roots run
 * one after another with generous timeouts.
 */

const awsExamples = Object.entries(exampleSpecs)
  .map(([name, input]) => ({ name, spec: parseStackSpec(input) }))
  .filter(example => example.spec.spec.clouds.includes('aws'));

const ROOT_TIMEOUT_MS = 180_000;

function rootFolders(tree: FileTree): string[] {
  const folders = Object.keys(tree)
    .filter(file =>
      /^infra\/(envs\/[^/]+|bootstrap)\/aws\/versions\.tf$/.test(file),
    )
    .map(file => path.posix.dirname(file));
  return [...new Set(folders)].sort();
}

describe('renderAwsTerraform with the Terraform CLI', () => {
  const workspace = mkdtempSync(path.join(tmpdir(), 'skyforge-aws-tf-'));
  const cliConfig = path.join(workspace, 'terraformrc');
  const pluginCache = path.join(workspace, 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  writeFileSync(cliConfig, '');
  const environment = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_PLUGIN_CACHE_DIR: pluginCache,
  };

  function terraform(cwd: string, args: string[]): string {
    try {
      return execFileSync('terraform', args, {
        cwd,
        env: environment,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(
        `terraform ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${
          stderr ?? ''
        }`,
      );
    }
  }

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('has example stacks that use AWS', () => {
    expect(awsExamples.map(example => example.name)).toEqual(
      expect.arrayContaining(['aws-small', 'aws-gpu-large', 'all-clouds-gpu']),
    );
  });

  describe.each(awsExamples)('$name', ({ name, spec }) => {
    const tree = renderAwsTerraform(spec);
    const directory = path.join(workspace, name);
    beforeAll(() => writeFileTree({ files: tree, directory }));

    it('is formatted as terraform fmt formats it', () => {
      // -check exits non-zero and -diff prints the difference when any file is not canonical.
      expect(
        terraform(directory, ['fmt', '-check', '-recursive', '-diff']),
      ).toBe('');
    });

    it.each(rootFolders(tree))(
      '%s passes terraform init and validate',
      root => {
        const pluginDir = findTerraformPluginDir();
        if (!pluginDir) {
          throw new Error(
            `No hashicorp/aws provider mirror found: expected ${DEFAULT_TERRAFORM_PLUGIN_DIR}/registry.terraform.io/hashicorp/aws ` +
              `(or a terraform-provider-aws_* binary under a registry.terraform.io folder). ` +
              'terraform validate cannot run without it.',
          );
        }
        const cwd = path.join(directory, root);
        terraform(cwd, [
          'init',
          '-backend=false',
          `-plugin-dir=${pluginDir}`,
          '-input=false',
          '-no-color',
        ]);
        expect(terraform(cwd, ['validate', '-no-color'])).toContain(
          'Success! The configuration is valid.',
        );
      },
      ROOT_TIMEOUT_MS,
    );
  });
});
