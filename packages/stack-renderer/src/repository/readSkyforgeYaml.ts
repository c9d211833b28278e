import { parse } from 'yaml';
import { parseStackSpec, type StackSpec } from '../spec/stackSpec';

/**
 * Reads a rendered `skyforge.yaml` back: the `renderer` block is not part of the StackSpec
 * schema, so it is taken off before validation and returned separately.
 */
export function readSkyforgeYaml(text: string): {
  spec: StackSpec;
  rendererVersion: string | undefined;
} {
  const document: unknown = parse(text);
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document)
  ) {
    return { spec: parseStackSpec(document), rendererVersion: undefined };
  }
  const { renderer, ...stack } = document as Record<string, unknown>;
  const version = (renderer as { version?: unknown } | undefined)?.version;
  return {
    spec: parseStackSpec(stack),
    rendererVersion: typeof version === 'string' ? version : undefined,
  };
}
