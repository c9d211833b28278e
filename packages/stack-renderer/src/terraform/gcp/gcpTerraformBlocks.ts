import { attr, block, expr, type HclBlock, type HclValue } from '../../hcl/hcl';

/** The Google provider constraint of every rendered module and root module. */
export const GOOGLE_PROVIDER_VERSION = '~> 6.50';

/** Terraform 1.10 is the floor shared by every cloud (the S3 backend's `use_lockfile`). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10';

/** The `terraform` block with the required Terraform version and the pinned Google provider. */
export function gcpTerraformSettings(): HclBlock {
  return block(
    'terraform',
    [],
    [
      attr('required_version', TERRAFORM_REQUIRED_VERSION),
      block(
        'required_providers',
        [],
        [
          attr('google', {
            source: 'hashicorp/google',
            version: GOOGLE_PROVIDER_VERSION,
          }),
        ],
      ),
    ],
  );
}

/** One `validation` rule: an HCL condition and the message shown when it fails. */
export interface GcpVariableValidation {
  condition: string;
  message: string;
}

/** A `variable` block: description, type, optional default, `nullable` and validation rules. */
export function gcpVariable(options: {
  name: string;
  type: string;
  description: string;
  default?: HclValue;
  nullable?: boolean;
  validations?: readonly GcpVariableValidation[];
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

/** An `output` block with a description; `value` is an HCL expression. */
export function gcpOutput(options: {
  name: string;
  description: string;
  value: string;
}): HclBlock {
  return block(
    'output',
    [options.name],
    [
      attr('description', options.description),
      attr('value', expr(options.value)),
    ],
  );
}
