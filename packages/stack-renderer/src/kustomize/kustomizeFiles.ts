import type { FileTree } from '../types';
import { yamlDocument } from './yamlDocument';

/** One YAML file of a Kustomize directory. */
export interface KustomizeFile {
  file: string;
  value: unknown;
  comment?: readonly string[];
}

/** A patch file and, for JSON patches, the object it applies to. */
export interface KustomizePatch extends KustomizeFile {
  target?: { kind: string; name: string };
}

/** The `patches` entries that reference patch files. */
export function patchEntries(
  patches: readonly KustomizePatch[],
): Array<Record<string, unknown>> {
  return patches.map(patch =>
    patch.target
      ? { path: patch.file, target: patch.target }
      : { path: patch.file },
  );
}

/** Writes files into `directory` of a file tree. */
export function writeKustomizeFiles(options: {
  files: FileTree;
  directory: string;
  entries: readonly KustomizeFile[];
}): void {
  for (const entry of options.entries) {
    options.files[`${options.directory}/${entry.file}`] = yamlDocument({
      value: entry.value,
      comment: entry.comment,
    });
  }
}
