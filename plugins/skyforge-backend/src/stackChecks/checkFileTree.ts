import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkRepository } from '@skyforge/stack-checks';
import type { StackCheckResponse } from '@skyforge/plugin-skyforge-common';
import type { FileTree } from '@skyforge/stack-renderer';

/**
 * Runs `skyforge check` (schema and security rules; the manifest checks when kubectl is on the
 * PATH, otherwise reported as skipped) on a rendered file tree: it is written to a temporary
 * directory of its own, which is removed afterwards whatever happens.
 */
export async function checkFileTree(
  files: FileTree,
  options: { kubectl?: string } = {},
): Promise<StackCheckResponse> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'skyforge-check-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(directory, ...file.split('/'));
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
    }
    const report = await checkRepository({
      directory,
      kubectl: options.kubectl,
      requireKubectl: false,
    });
    // kubectl's errors name the temporary directory; the caller knows it as the repository.
    const withoutDirectory = (text: string) =>
      text.split(directory).join('<repository>');
    return {
      passed: report.findings.length === 0,
      findings: report.findings.map(finding => ({
        ...finding,
        message: withoutDirectory(finding.message),
      })),
      skipped: report.skipped.map(withoutDirectory),
      terraformFiles: report.terraformFiles,
      overlays: report.overlays,
    };
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}
