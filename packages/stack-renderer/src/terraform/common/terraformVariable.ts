import { attr, block, expr, type HclBlock, type HclValue } from '../../hcl/hcl';

/** One `validation` rule: an HCL condition and the message shown when it fails. */
export interface VariableValidation {
  /** A Terraform expression. */
  condition: string;
  message: string;
}

/** A `variable` block: description, type, optional default, `nullable` and validation rules. */
export function terraformVariable(options: {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  nullable?: boolean;
  validations?: readonly VariableValidation[];
}): HclBlock {
  return block(
    'variable',
    [options.name],
    [
      attr('description', options.description),
      attr('type', expr(options.type)),
      attr('default', options.default),
      attr('nullable', options.nullable),
      (options.validations ?? []).map(validation =>
        block(
          'validation',
          [],
          [
            attr('condition', expr(validation.condition)),
            attr('error_message', validation.message),
          ],
        ),
      ),
    ],
  );
}
