import {
  Entity,
  RELATION_HAS_PART,
  RELATION_OWNER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostSelector,
  costSelectorText,
  parseCostSelector,
} from './costSelector';

/** The relations followed from an entity to the entities whose cost it sums. */
const ROLL_UP_RELATIONS: Record<string, string[]> = {
  // Domain → its Systems → their Components and Resources.
  domain: [RELATION_HAS_PART],
  system: [RELATION_HAS_PART],
  // A Group owns Components, Resources and Systems; owned Systems roll up their parts too.
  group: [RELATION_OWNER_OF],
};

/** Follows Group → System → Component at most; deeper chains are not part of the model. */
const MAX_DEPTH = 3;

export interface AttributedEntity {
  entityRef: string;
  selectorText: string;
  selector: CostSelector;
}

/**
 * The entities whose cost makes up `root`'s: itself, and for Systems, Domains and Groups the
 * entities reached through `hasPart` / `ownerOf` relations, each once however often it is
 * reached. Entities are read with the caller's credentials, so a roll-up only includes what
 * the caller may see. A related entity with a malformed selector is left out with a warning;
 * the root's malformed selector is an error.
 */
export async function resolveCostEntities(options: {
  root: Entity;
  catalog: CatalogService;
  credentials: BackstageCredentials;
  logger?: LoggerService;
}): Promise<AttributedEntity[]> {
  const { root, catalog, credentials, logger } = options;
  const rootRef = stringifyEntityRef(root);
  const visited = new Set<string>([rootRef]);
  const result: AttributedEntity[] = [];
  const rootText = costSelectorText(root);
  result.push({
    entityRef: rootRef,
    selectorText: rootText,
    selector: parseCostSelector(rootText),
  });

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
    frontier = [];
    for (const entity of items) {
      if (!entity) {
        continue;
      }
      frontier.push(entity);
      const entityRef = stringifyEntityRef(entity);
      const selectorText = costSelectorText(entity);
      try {
        result.push({
          entityRef,
          selectorText,
          selector: parseCostSelector(selectorText),
        });
      } catch (error) {
        logger?.warn(
          `Ignoring the cost of '${entityRef}': ${(error as Error).message}`,
        );
      }
    }
  }
  return result;
}
