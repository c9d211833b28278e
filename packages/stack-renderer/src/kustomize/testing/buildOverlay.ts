import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Runs `kubectl kustomize` on an overlay of a written tree and parses the documents it prints. */
export function buildOverlay(options: {
  root: string;
  overlay: string;
}): unknown[] {
  const output = execFileSync(
    'kubectl',
    ['kustomize', join(options.root, options.overlay)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ).toString();
  return parseAllDocuments(output).map(document => {
    if (document.errors.length > 0)
      throw new Error(`${options.overlay}: ${document.errors[0].message}`);
    return document.toJS();
  });
}
