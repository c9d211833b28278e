import { attr, block, type HclBlock } from '../../hcl/hcl';

/**
 * The Google provider version of every rendered module and root module: exact, so a pull
 * request's plan and the later apply run the same provider (and the version the offline schema
 * checks use). Upgrade it deliberately, by re-rendering.
 */
export const GOOGLE_PROVIDER_VERSION = '6.50.0';

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
