import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { skyforgeCostReadPermission } from '@skyforge/plugin-skyforge-common';
import { collectRollUpEntities } from '../catalog/collectRollUpEntities';
import { partitionByPermission } from '../permissions/partitionByPermission';
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

/** The entities whose cost makes up an entity's, and how many parts the caller may not see. */
export interface ResolvedCostEntities {
  attributed: AttributedEntity[];
  /** Parts the caller may not read in the catalog or is not allowed `skyforge.cost.read` on. */
  hiddenCount: number;
}

/**
 * The entities whose cost makes up `root`'s: itself, and for Systems, Domains and Groups the
 * entities reached through `hasPart` / `ownerOf` relations, each once however often it is
 * reached. Entities are read with the caller's credentials, and a part counts only when the
 * caller is allowed `skyforge.cost.read` on it (one batched check), so a roll-up never shows
 * cost its parts' own pages would not; the others are counted in `hiddenCount`. A related
 * entity with a malformed selector is left out with a warning; the root's malformed selector is
 * an error. The caller's permission on the root itself is checked before.
 */
export async function resolveCostEntities(options: {
  root: Entity;
  catalog: CatalogService;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  logger?: LoggerService;
}): Promise<ResolvedCostEntities> {
  const { root, catalog, permissions, credentials, logger } = options;
  const rootRef = stringifyEntityRef(root);
  const attributed: AttributedEntity[] = [];
  const rootText = costSelectorText(root);
  attributed.push({
    entityRef: rootRef,
    selectorText: rootText,
    selector: parseCostSelector(rootText),
  });

  const parts = await collectRollUpEntities({ root, catalog, credentials });
  const { allowed, denied } = await partitionByPermission({
    entities: parts.entities,
    permission: skyforgeCostReadPermission,
    permissions,
    credentials,
  });
  for (const entity of allowed) {
    const entityRef = stringifyEntityRef(entity);
    const selectorText = costSelectorText(entity);
    try {
      attributed.push({
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
  return {
    attributed,
    hiddenCount: parts.unreadableCount + denied.length,
  };
}
