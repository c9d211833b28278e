import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The relations followed from an entity to the entities it is the sum of. */
const ROLL_UP_RELATIONS: Record<string, string[]> = {
  // Domain → its Systems → their Components and Resources.
  domain: [RELATION_HAS_PART],
  system: [RELATION_HAS_PART],
  // A Group owns Components, Resources and Systems; owned Systems roll up their parts too.
  group: [RELATION_OWNER_OF],
};

/** Follows Group → System → Component at most; deeper chains are not part of the model. */
const MAX_DEPTH = 3;

/** The parts of a roll-up the caller may read, and how many related entities it may not. */
export interface RollUpEntities {
  entities: Entity[];
  /** Related entities the catalog did not return with the caller's credentials. */
  unreadableCount: number;
}

/**
 * The entities a Domain, System or Group stands for (cost and health roll-ups): those reached
 * through `hasPart` / `ownerOf` relations, each once however often it is reached, not the root
 * itself. Entities are read with the caller's credentials, so a roll-up only includes what the
 * caller may see; the others are counted (their own parts are not reached). Other kinds have no
 * parts.
 */
export async function collectRollUpEntities(options: {
  root: Entity;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<RollUpEntities> {
  const { root, catalog, credentials } = options;
  const visited = new Set<string>([stringifyEntityRef(root)]);
  const result: Entity[] = [];
  let unreadableCount = 0;
  let frontier: Entity[] = [root];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
    const nextRefs: string[] = [];
    for (const entity of frontier) {
      const relationTypes = ROLL_UP_RELATIONS[entity.kind.toLowerCase()] ?? [];
      for (const relation of entity.relations ?? []) {
        if (
          relationTypes.includes(relation.type) &&
          !visited.has(relation.targetRef)
        ) {
          visited.add(relation.targetRef);
          nextRefs.push(relation.targetRef);
        }
      }
    }
    if (nextRefs.length === 0) {
      break;
    }
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: nextRefs },
      { credentials },
    );
    frontier = items.filter((entity): entity is Entity => Boolean(entity));
    unreadableCount += items.length - frontier.length;
    result.push(...frontier);
  }
  return { entities: result, unreadableCount };
}

/** Whether an entity is one whose health or cost is the sum of related entities. */
export function isRollUpKind(entity: Entity): boolean {
  return entity.kind.toLowerCase() in ROLL_UP_RELATIONS;
}
