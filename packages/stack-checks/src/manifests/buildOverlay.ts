import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Thrown when the `kubectl` binary cannot be started, so callers can tell a missing tool from a
 * broken overlay.
 */
export class KubectlNotFoundError extends Error {}

/**
 * Runs `kubectl kustomize` on an overlay of a written tree and parses the documents it prints.
 * A build that fails throws with kubectl's own error text.
 *
 * @public
 */
export function buildOverlay(options: {
  root: string;
  overlay: string;
  kubectl?: string;
}): unknown[] {
  const kubectl = options.kubectl ?? 'kubectl';
  let output: string;
  try {
    output = execFileSync(
      kubectl,
      ['kustomize', join(options.root, options.overlay)],
      { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
    ).toString();
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (failure.code === 'ENOENT') {
      throw new KubectlNotFoundError(
        `${kubectl} not found: the manifest checks build each overlay with \`kubectl kustomize\``,
      );
    }
    const stderr = failure.stderr?.toString().trim();
    throw new Error(
      `kubectl kustomize ${options.overlay} failed${
        stderr ? `: ${stderr}` : ''
      }`,
    );
  }
  return parseAllDocuments(output).map(document => {
    if (document.errors.length > 0)
      throw new Error(`${options.overlay}: ${document.errors[0].message}`);
    return document.toJS();
  });
}
