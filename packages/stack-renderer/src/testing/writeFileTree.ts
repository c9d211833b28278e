import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileTree } from '../types';

/** Writes a rendered file tree under a directory (tests only: the renderer itself never touches disk). */
export function writeFileTree(options: {
  files: FileTree;
  directory: string;
}): void {
  for (const [path, content] of Object.entries(options.files)) {
    const target = join(options.directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
