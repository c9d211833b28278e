import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { collectRollUpEntities } from '../catalog/collectRollUpEntities';
import {
  CostSelector,
  costSelectorText,
  parseCostSelector,
} from './costSelector';

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
  const result: AttributedEntity[] = [];
  const rootText = costSelectorText(root);
  result.push({
    entityRef: rootRef,
    selectorText: rootText,
    selector: parseCostSelector(rootText),
  });

  for (const entity of await collectRollUpEntities({
    root,
    catalog,
    credentials,
  })) {
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
  return result;
}
