import type { StackSpec } from '../spec/stackSpec';
import { catalogEntities, entityRef } from './catalogEntities';

/**
 * The refs of every entity `catalog-info.yaml` declares, in file order, e.g.
 * `system:default/payments`, `component:default/payments-api`,
 * `resource:default/payments-api-prod-aws-cluster`.
 *
 * @public
 */
export function catalogEntityRefs(spec: StackSpec): string[] {
  return catalogEntities(spec).map(entityRef);
}
