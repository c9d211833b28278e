import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CheckFinding,
  checkRepository,
  formatFinding,
} from '@skyforge/stack-checks';
import { parse as parseYaml } from 'yaml';
import { readStackDocument } from '../repository/readSkyforgeYaml';
import { SKYFORGE_YAML_PATH } from '../repository/renderRecord';
import { StackSpecError, validateStackSpec } from '../spec/stackSpec';
import type { CliOutput } from './cliOutput';
import { UsageError } from './UsageError';

/** The repository's skyforge.yaml judged as a StackSpec: one finding per issue. */
function checkSkyforgeYaml(directory: string): CheckFinding[] {
  const file = join(directory, SKYFORGE_YAML_PATH);
  if (!existsSync(file)) return [];
  const finding = (message: string): CheckFinding => ({
    family: 'schema',
    rule: 'stack-spec',
    file: SKYFORGE_YAML_PATH,
    message,
  });
  let document: unknown;
  try {
    document = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    return [finding(`not valid YAML: ${(error as Error).message}`)];
  }
  try {
    const result = validateStackSpec(readStackDocument(document).stack);
    return result.success
      ? []
      : result.issues.map(issue => finding(`${issue.path}: ${issue.message}`));
  } catch (error) {
    if (!(error instanceof StackSpecError)) throw error;
    return error.issues.map(issue =>
      finding(`${issue.path}: ${issue.message}`),
    );
  }
}

/**
 * `skyforge check <dir>`: runs the policy checks of `@skyforge/stack-checks` (provider schemas
 * and module wiring, the security rules, the manifest checks of every overlay) and the StackSpec
 * schema of skyforge.yaml on a repository. Prints one line per finding naming file and rule;
 * returns 0 when there is none, 1 otherwise.
 */
export async function checkCommand(
  output: CliOutput,
  directory: string,
): Promise<number> {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new UsageError(`${directory}: no such directory`);
  }
  let report;
  try {
    report = await checkRepository({ directory });
  } catch (error) {
    // kubectl missing, a file that is not HCL: the check could not run, which is no finding.
    throw new UsageError((error as Error).message);
  }
  const findings = [...checkSkyforgeYaml(directory), ...report.findings];
  for (const finding of findings) output.err(formatFinding(finding));
  const scope = `${report.terraformFiles} Terraform files, ${
    report.overlays.length
  } overlays${
    existsSync(join(directory, SKYFORGE_YAML_PATH)) ? ', skyforge.yaml' : ''
  }`;
  if (findings.length === 0) {
    output.out(`${directory}: no findings (${scope})`);
    return 0;
  }
  const rules = new Set(findings.map(finding => finding.rule));
  output.out(
    `${directory}: ${findings.length} finding${
      findings.length === 1 ? '' : 's'
    } of ${rules.size} rule${rules.size === 1 ? '' : 's'} (${scope})`,
  );
  return 1;
}
