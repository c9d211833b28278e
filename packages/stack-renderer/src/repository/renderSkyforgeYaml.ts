import { stringify } from 'yaml';
import { ENVIRONMENTS } from '../spec/profiles';
import { CLOUDS } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { SERVICE_IDS } from '../services/types';
import { RENDERER_VERSION } from '../version';

/**
 * The order keys are written in, wherever they appear: the order of the StackSpec schema, with
 * clouds and environments (as map keys of `regions` and `overrides`) in their canonical order.
 * Keys not listed here come after, alphabetically, so the file never depends on the order in
 * which the spec object was built.
 */
const KEY_ORDER: readonly string[] = [
  'apiVersion',
  'kind',
  'metadata',
  'spec',
  'renderer',
  'name',
  'owner',
  'system',
  'description',
  'clouds',
  'regions',
  ...CLOUDS,
  'projectId',
  'environments',
  ...ENVIRONMENTS,
  'size',
  'compute',
  'network',
  'cidr',
  'cluster',
  'kubernetesVersion',
  'extendedSupport',
  'gpu',
  'spot',
  'publicEndpointCidrs',
  'services',
  ...SERVICE_IDS,
  'app',
  'image',
  'port',
  'healthPath',
  'hpa',
  'min',
  'max',
  'cpu',
  'memory',
  'latencyMs',
  'ingress',
  'host',
  'tls',
  'route53ZoneId',
  'budget',
  'monthly',
  'currency',
  'alerts',
  'email',
  'overrides',
  'version',
];

function keyRank(key: string): number {
  const rank = KEY_ORDER.indexOf(key);
  return rank === -1 ? KEY_ORDER.length : rank;
}

/** Orders two map keys by {@link KEY_ORDER}, then alphabetically. */
export function compareStackKeys(left: string, right: string): number {
  const difference = keyRank(left) - keyRank(right);
  if (difference !== 0) return difference;
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

const HEADER = [
  '# Skyforge StackSpec: the single source of truth for this repository.',
  '# Infrastructure, manifests, workflows and catalog entities were rendered from it by the',
  '# Skyforge renderer (version below). To change the stack, edit this file and re-render',
  '# (`skyforge render`) rather than editing the generated files by hand.',
];

/** `skyforge.yaml`: the validated StackSpec with defaults filled in, plus the renderer version. */
export function renderSkyforgeYaml(spec: StackSpec): string {
  const document = { ...spec, renderer: { version: RENDERER_VERSION } };
  const body = stringify(document, {
    sortMapEntries: (left, right) =>
      compareStackKeys(String(left.key), String(right.key)),
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
  return `${HEADER.join('\n')}\n${body}`;
}
