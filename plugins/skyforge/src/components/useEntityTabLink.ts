import { useRouteRef } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/**
 * The URL of one of the entity's tabs, or undefined where the app has no entity page (such as a
 * plugin's dev harness): a card then simply has no link.
 */
export function useEntityTabLink(
  entity: Entity,
  tabPath: string,
): string | undefined {
  let entityRoute:
    | ((params: ReturnType<typeof entityRouteParams>) => string)
    | undefined;
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks -- useRouteRef runs all its hooks before it throws, so the order is stable
    entityRoute = useRouteRef(entityRouteRef);
  } catch {
    entityRoute = undefined;
  }
  if (!entityRoute) {
    return undefined;
  }
  return `${entityRoute(entityRouteParams(entity))}/${tabPath}`;
}
