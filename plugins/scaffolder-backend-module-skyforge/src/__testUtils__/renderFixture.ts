import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads a rendered repository kept in `src/__fixtures__` as the renderer's golden format (one
 * `===== path =====` section per file; text before the first section is a comment).
 */
export function readRenderFixture(name: string): Record<string, string> {
  const text = readFileSync(
    path.join(__dirname, '..', '__fixtures__', name),
    'utf8',
  );
  const parts = text.split(/^===== (.+) =====\n/m);
  const files: Record<string, string> = {};
  for (let index = 1; index < parts.length; index += 2) {
    files[parts[index]] = parts[index + 1];
  }
  return files;
}
