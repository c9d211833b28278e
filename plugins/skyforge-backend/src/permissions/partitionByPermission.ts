import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Splits entities into those the caller is allowed a `catalog-entity` permission on and the
 * others, with one batched `authorize` call (the permission backend evaluates a conditional
 * decision for each entity).
 */
export async function partitionByPermission(options: {
  entities: Entity[];
  permission: ResourcePermission<'catalog-entity'>;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
}): Promise<{ allowed: Entity[]; denied: Entity[] }> {
  const { entities, permission, permissions, credentials } = options;
  if (entities.length === 0) {
    return { allowed: [], denied: [] };
  }
  const decisions = await permissions.authorize(
    entities.map(entity => ({
      permission,
      resourceRef: stringifyEntityRef(entity),
    })),
    { credentials },
  );
  const allowed: Entity[] = [];
  const denied: Entity[] = [];
  entities.forEach((entity, index) =>
    (decisions[index].result === AuthorizeResult.ALLOW ? allowed : denied).push(
      entity,
    ),
  );
  return { allowed, denied };
}
