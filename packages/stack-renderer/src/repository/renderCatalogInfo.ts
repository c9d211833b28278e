import { stringify } from 'yaml';
import type { StackSpec } from '../spec/stackSpec';
import { catalogEntities } from './catalogEntities';

/** `catalog-info.yaml`: one YAML document per entity (System, Component, Resources). */
export function renderCatalogInfo(spec: StackSpec): string {
  const header = [
    `# Backstage catalog entities of ${spec.metadata.name}, rendered by Skyforge from skyforge.yaml.`,
    '# The Resources mirror the infrastructure in infra/envs/<environment>/<cloud>; their',
    '# skyforge.io/cost-selector annotations match the tags every cloud resource carries.',
  ].join('\n');
  const documents = catalogEntities(spec).map(entity =>
    stringify(entity, { lineWidth: 0, aliasDuplicateObjects: false }),
  );
  return `${header}\n---\n${documents.join('---\n')}`;
}
