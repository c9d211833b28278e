import { attr, block, type HclBlock } from '../../hcl/hcl';

/** The AWS provider version every rendered module and root pins exactly. */
export const AWS_PROVIDER_VERSION = '5.100.0';

/** Terraform 1.10 is the first release whose S3 backend locks with `use_lockfile`. */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10';

/** The `terraform` block shared by every AWS module and root module. */
export function awsTerraformSettings(): HclBlock {
  return block(
    'terraform',
    [],
    [
      attr('required_version', TERRAFORM_REQUIRED_VERSION),
      block(
        'required_providers',
        [],
        [
          attr('aws', {
            source: 'hashicorp/aws',
            version: AWS_PROVIDER_VERSION,
          }),
        ],
      ),
    ],
  );
}
