import { parse } from 'yaml';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { RENDERER_VERSION } from '../version';
import { readSkyforgeYaml, readStackDocument } from './readSkyforgeYaml';
import { compareStackKeys, renderSkyforgeYaml } from './renderSkyforgeYaml';

/** Rebuilds an object with its keys in reverse order, recursively. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .reverse()
      .map(([key, inner]) => [key, reverseKeys(inner)]),
  );
}

describe('renderSkyforgeYaml', () => {
  it.each(Object.keys(exampleSpecs))(
    'round-trips %s through readSkyforgeYaml',
    key => {
      const spec = parseStackSpec(exampleSpecs[key]);
      const text = renderSkyforgeYaml(spec);
      const read = readSkyforgeYaml(text);
      expect(read.spec).toEqual(spec);
      expect(read.rendererVersion).toBe(RENDERER_VERSION);
    },
  );

  it('starts with a comment and records the renderer version last', () => {
    const text = renderSkyforgeYaml(parseStackSpec(exampleSpecs['aws-small']));
    expect(text.startsWith('# Skyforge StackSpec')).toBe(true);
    const document = parse(text) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'renderer',
    ]);
    expect(document.renderer).toEqual({ version: RENDERER_VERSION });
    expect(text.endsWith(`renderer:\n  version: ${RENDERER_VERSION}\n`)).toBe(
      true,
    );
  });

  it('writes keys in schema order whatever order the spec object has', () => {
    const spec = parseStackSpec(exampleSpecs['all-clouds-gpu']);
    const reversed = reverseKeys(spec) as typeof spec;
    expect(renderSkyforgeYaml(reversed)).toBe(renderSkyforgeYaml(spec));
    const document = parse(renderSkyforgeYaml(reversed)) as {
      spec: Record<string, unknown>;
    };
    expect(Object.keys(document.spec)).toEqual([
      'clouds',
      'regions',
      'gcp',
      'environments',
      'size',
      'network',
      'cluster',
      'services',
      'app',
      'budget',
      'alerts',
      'overrides',
    ]);
    expect(Object.keys(document.spec.regions as object)).toEqual([
      'aws',
      'gcp',
      'azure',
    ]);
    expect(Object.keys(document.spec.overrides as object)).toEqual([
      'dev',
      'prod',
    ]);
  });

  it('orders unknown keys alphabetically after known ones', () => {
    expect(['zeta', 'alpha', 'name'].sort(compareStackKeys)).toEqual([
      'name',
      'alpha',
      'zeta',
    ]);
  });

  it('reads a hand-written spec without a renderer block', () => {
    const text = renderSkyforgeYaml(parseStackSpec(exampleSpecs['gcp-medium']));
    const withoutRenderer = text.replace(/renderer:\n {2}version: .*\n$/, '');
    expect(readSkyforgeYaml(withoutRenderer)).toEqual({
      spec: parseStackSpec(exampleSpecs['gcp-medium']),
      rendererVersion: undefined,
    });
  });

  it('names a malformed renderer block', () => {
    for (const renderer of [5, {}, { version: 2 }, { version: '' }]) {
      expect(() =>
        readStackDocument({ ...exampleSpecs['aws-small'], renderer }),
      ).toThrow('renderer.version: must be the version of the renderer');
    }
    expect(readStackDocument('not a map')).toEqual({
      stack: 'not a map',
      rendererVersion: undefined,
    });
  });
});
