import { parse } from 'yaml';
import { migrateStackDocument } from '../spec/migrateStackDocument';
import {
  parseStackSpec,
  StackSpecError,
  type StackSpec,
} from '../spec/stackSpec';

/**
 * Splits a parsed `skyforge.yaml` into the StackSpec document and the version of the renderer
 * that wrote it. A rendered file ends with a `renderer: { version }` block that is not part of
 * the StackSpec schema; a hand-written spec has none. A spec written by an older renderer is
 * brought forward without moving what exists (migrateStackDocument: its networks keep their
 * blocks). Throws `StackSpecError` (main entry point) when the block is there but malformed;
 * the StackSpec itself is left for the caller to validate.
 *
 * @public
 */
export function readStackDocument(document: unknown): {
  stack: unknown;
  rendererVersion: string | undefined;
} {
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    !('renderer' in document)
  ) {
    return { stack: document, rendererVersion: undefined };
  }
  const { renderer, ...stack } = document as Record<string, unknown>;
  const version =
    typeof renderer === 'object' && renderer !== null
      ? (renderer as Record<string, unknown>).version
      : undefined;
  if (typeof version !== 'string' || version === '') {
    throw new StackSpecError([
      {
        path: 'renderer.version',
        message:
          'must be the version of the renderer that wrote this file, e.g. "0.2.0" (or leave out the whole renderer block)',
      },
    ]);
  }
  return {
    stack: migrateStackDocument({ stack, rendererVersion: version }),
    rendererVersion: version,
  };
}

/**
 * Reads a rendered `skyforge.yaml` back: the validated StackSpec (throws `StackSpecError` of the
 * main entry point, naming each bad field) and the version of the renderer that wrote it.
 *
 * @public
 */
export function readSkyforgeYaml(text: string): {
  spec: StackSpec;
  rendererVersion: string | undefined;
} {
  const { stack, rendererVersion } = readStackDocument(parse(text));
  return { spec: parseStackSpec(stack), rendererVersion };
}
