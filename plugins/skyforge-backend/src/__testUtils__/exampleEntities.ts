import fs from 'node:fs';
import path from 'node:path';
import {
  Entity,
  parseEntityRef,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { parseEntityYaml } from '@backstage/plugin-catalog-node';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

export const REPO_ROOT = resolvePackagePath(
  '@skyforge/plugin-skyforge-backend',
  '../..',
);
export const FOCUS_SAMPLE = path.join(
  REPO_ROOT,
  'examples/cost/focus-1.0_sample_1000.csv',
);

/**
 * The demo catalog (examples/org.yaml and examples/entities.yaml) plus `extra` entities, with the
 * ownership and system relations the catalog's processors would add.
 */
export function loadExampleEntities(extra: Entity[] = []): Entity[] {
  const entities: Entity[] = [];
  for (const file of ['examples/org.yaml', 'examples/entities.yaml']) {
    const target = path.join(REPO_ROOT, file);
    for (const result of parseEntityYaml(fs.readFileSync(target), {
      type: 'file',
      target,
    })) {
      if (result.type !== 'entity') {
        throw new Error(`Cannot read ${file}: ${JSON.stringify(result)}`);
      }
      entities.push({ ...result.entity, relations: [] });
    }
  }
  entities.push(...extra.map(entity => ({ ...entity, relations: [] })));
  const byRef = new Map(
    entities.map(entity => [stringifyEntityRef(entity), entity]),
  );
  const relate = (
    source: Entity,
    type: string,
    inverse: string,
    targetRef: string,
  ) => {
    const target = byRef.get(targetRef);
    source.relations!.push({ type, targetRef });
    target?.relations!.push({
      type: inverse,
      targetRef: stringifyEntityRef(source),
    });
  };
  for (const entity of entities) {
    const spec = (entity.spec ?? {}) as { owner?: string; system?: string };
    if (spec.owner) {
      const ownerRef = stringifyEntityRef(
        parseEntityRef(spec.owner, {
          defaultKind: 'Group',
          defaultNamespace: 'default',
        }),
      );
      relate(entity, RELATION_OWNED_BY, RELATION_OWNER_OF, ownerRef);
    }
    if (spec.system) {
      const systemRef = stringifyEntityRef(
        parseEntityRef(spec.system, {
          defaultKind: 'System',
          defaultNamespace: 'default',
        }),
      );
      relate(entity, RELATION_PART_OF, RELATION_HAS_PART, systemRef);
    }
  }
  return entities;
}
