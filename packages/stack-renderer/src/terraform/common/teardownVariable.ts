import type { HclBlock } from '../../hcl/hcl';
import type { RootVariable } from './rootVariable';
import { terraformVariable } from './terraformVariable';

/**
 * `teardown`, false unless the teardown passes `-var teardown=true`: it lets `terraform destroy`
 * delete the buckets and registries that still hold data (S3 and GCS `force_destroy`, ECR
 * `force_delete`). Those flags act only once an apply has written them into the state, which is
 * why the teardown (make tf-destroy, make bootstrap-destroy) applies with it before destroying.
 */
const TEARDOWN = {
  name: 'teardown',
  type: 'bool',
  default: false,
  description:
    'Set only by make tf-destroy / make bootstrap-destroy (-var teardown=true): lets destroy delete buckets and registries that still hold data. Never set it in terraform.tfvars.',
} as const;

/** The `teardown` variable of an environment root (no terraform.tfvars value). */
export const TEARDOWN_VARIABLE: RootVariable = { ...TEARDOWN };

/** The `teardown` variable of a bootstrap root, whose state buckets it guards. */
export function bootstrapTeardownVariable(): HclBlock {
  return terraformVariable(TEARDOWN);
}

/** A module's `force_destroy`, which the environment root sets from `var.teardown`. */
export function forceDestroyVariable(what: string): HclBlock {
  return terraformVariable({
    name: 'force_destroy',
    type: 'bool',
    default: false,
    description: `Let terraform destroy delete ${what} even when not empty (the root's teardown variable).`,
  });
}
