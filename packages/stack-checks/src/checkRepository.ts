import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { buildOverlay, KubectlNotFoundError } from './manifests/buildOverlay';
import { runManifestChecks } from './manifests/runManifestChecks';
import { checkRenderedTerraform } from './terraform/checkRenderedTerraform';
import type { CheckFamily, CheckFinding, CheckReport } from './types';

/** Directories that hold tool state or dependencies, never the repository's own sources. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.terraform', 'node_modules']);

/** Where Kustomize overlays of a rendered repository live. */
const OVERLAYS_DIRECTORY = 'deploy/overlays';

/** Every `*.tf` file under `root`, by POSIX path relative to it. */
function readTerraformFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) visit(path);
      } else if (entry.isFile() && entry.name.endsWith('.tf')) {
        files[relative(root, path).split(sep).join(posix.sep)] = readFileSync(
          path,
          'utf8',
        );
      }
    }
  };
  visit(root);
  return files;
}

/** The overlay directories under deploy/overlays that hold a kustomization file. */
function findOverlays(root: string): string[] {
  const directory = join(root, OVERLAYS_DIRECTORY);
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter(
      entry =>
        entry.isDirectory() &&
        ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some(
          name => existsSync(join(directory, entry.name, name)),
        ),
    )
    .map(entry => `${OVERLAYS_DIRECTORY}/${entry.name}`)
    .sort();
}

const FAMILY_ORDER: readonly CheckFamily[] = ['schema', 'security', 'manifest'];

function compareFindings(left: CheckFinding, right: CheckFinding): number {
  return (
    left.file.localeCompare(right.file) ||
    FAMILY_ORDER.indexOf(left.family) - FAMILY_ORDER.indexOf(right.family) ||
    left.rule.localeCompare(right.rule) ||
    (left.address ?? '').localeCompare(right.address ?? '')
  );
}

/**
 * Runs every rule on a rendered repository (or any repository laid out the same way): the
 * Terraform of every `*.tf` file against the pinned provider schemas and the module wiring, the
 * security rule set per root module, and the manifest checks on each overlay under
 * `deploy/overlays/` as `kubectl kustomize` builds it. Nothing is written.
 *
 * Without kubectl the manifest checks cannot run: that is an error, unless `requireKubectl` is
 * false, in which case the report lists them as skipped.
 *
 * @public
 */
export async function checkRepository(options: {
  directory: string;
  /** The kubectl binary (default `kubectl` on the PATH). */
  kubectl?: string;
  /** Fail when kubectl is missing (default true); false skips the manifest checks instead. */
  requireKubectl?: boolean;
}): Promise<CheckReport> {
  const { directory, kubectl, requireKubectl = true } = options;
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new Error(`${directory}: no such directory`);
  }
  const findings: CheckFinding[] = [];
  const skipped: string[] = [];

  const terraformFiles = readTerraformFiles(directory);
  if (Object.keys(terraformFiles).length > 0) {
    const { schemaProblems, violations } = await checkRenderedTerraform({
      files: terraformFiles,
    });
    for (const problem of schemaProblems) {
      findings.push({
        family: 'schema',
        rule: problem.rule,
        file: problem.file,
        address: problem.path
          ? `${problem.address}.${problem.path}`
          : problem.address,
        message: problem.message,
      });
    }
    for (const violation of violations) {
      findings.push({
        family: 'security',
        rule: violation.ruleId,
        file: violation.file,
        address: violation.address,
        message: `${violation.title}: ${violation.message}`,
      });
    }
  }

  const overlays = findOverlays(directory);
  const built: string[] = [];
  for (const overlay of overlays) {
    let objects: unknown[];
    try {
      objects = buildOverlay({ root: directory, overlay, kubectl });
    } catch (error) {
      if (error instanceof KubectlNotFoundError && !requireKubectl) {
        skipped.push(
          `manifest checks of ${overlays.join(', ')}: ${error.message}`,
        );
        break;
      }
      if (error instanceof KubectlNotFoundError) throw error;
      findings.push({
        family: 'manifest',
        rule: 'kustomize-build',
        file: overlay,
        message: (error as Error).message,
      });
      built.push(overlay);
      continue;
    }
    built.push(overlay);
    for (const problem of runManifestChecks(objects)) {
      findings.push({
        family: 'manifest',
        rule: problem.rule,
        file: overlay,
        message: problem.message,
      });
    }
  }

  return {
    findings: findings.sort(compareFindings),
    terraformFiles: Object.keys(terraformFiles).length,
    overlays: built,
    skipped,
  };
}

/**
 * One line for a finding: `file: rule (family) address: message`.
 *
 * @public
 */
export function formatFinding(finding: CheckFinding): string {
  return `${finding.file}: ${finding.rule} (${finding.family})${
    finding.address ? ` ${finding.address}` : ''
  }: ${finding.message}`;
}
