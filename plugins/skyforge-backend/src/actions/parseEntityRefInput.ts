import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An action's `entityRef` input, `[kind:][namespace/]name` (kind Component and namespace default
 * when left out). Throws InputError naming the input and the rule.
 */
export function parseEntityRefInput(entityRef: string): CompoundEntityRef {
  try {
    return parseEntityRef(entityRef.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid input "entityRef": must be an entity reference such as component:default/checkout, got '${entityRef}' (${
        (error as Error).message
      })`,
    );
  }
}
