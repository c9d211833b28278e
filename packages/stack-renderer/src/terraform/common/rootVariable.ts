import { expr, type HclExpression, type HclValue } from '../../hcl/hcl';
import type { VariableValidation } from './terraformVariable';

/**
 * One variable of an environment's root module, declared once: its `variables.tf` entry, its
 * value in `terraform.tfvars` and (through {@link variableRef}) the module argument that reads it.
 */
export interface RootVariable {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  validations?: readonly VariableValidation[];
  /** The value written to terraform.tfvars; without one the default applies (or the user adds one). */
  value?: HclValue;
  /** A comment written to terraform.tfvars in the value's place: an example of what to add. */
  note?: string;
  /** The terraform.tfvars section it is written in (see {@link TfvarsSection}). */
  section?: string;
}

/** `var.<name>` (or `var.<name>.<attribute>`): how a module argument reads a root variable. */
export function variableRef(
  variable: Pick<RootVariable, 'name'>,
  attribute?: string,
): HclExpression {
  return expr(
    `var.${variable.name}${attribute === undefined ? '' : `.${attribute}`}`,
  );
}
