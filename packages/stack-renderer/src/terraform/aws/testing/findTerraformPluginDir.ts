import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where the machine image keeps its filesystem mirror of hashicorp/aws. */
export const DEFAULT_TERRAFORM_PLUGIN_DIR = '/opt/tf-plugins';

const AWS_PROVIDER = path.join('registry.terraform.io', 'hashicorp', 'aws');

let cached: string | null | undefined;

/**
 * The folder to pass as `terraform init -plugin-dir`: /opt/tf-plugins when it holds the AWS
 * provider, else the mirror root found by searching the file system (once per test process) for
 * `terraform-provider-aws_*` under a `registry.terraform.io` folder. Test-only (uses node:fs).
 */
export function findTerraformPluginDir(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  if (existsSync(path.join(DEFAULT_TERRAFORM_PLUGIN_DIR, AWS_PROVIDER))) {
    cached = DEFAULT_TERRAFORM_PLUGIN_DIR;
    return cached;
  }
  let listing = '';
  try {
    listing = execFileSync(
      'find',
      [
        '/',
        '-xdev',
        '-name',
        'terraform-provider-aws_*',
        '-path',
        '*registry.terraform.io*',
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 120_000,
      },
    );
  } catch (error) {
    // find exits non-zero on unreadable folders but still prints what it found.
    listing = String((error as { stdout?: string }).stdout ?? '');
  }
  const binary = listing
    .split('\n')
    .find(line => line.includes(`/${AWS_PROVIDER}/`));
  if (binary)
    cached = binary.slice(0, binary.indexOf('/registry.terraform.io/')) || '/';
  return cached ?? undefined;
}
