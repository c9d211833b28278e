import { attr, block, type HclBlock } from '../../hcl/hcl';
import type { Cloud } from '../../spec/regions';

/**
 * The Terraform floor of every rendered module and root, on every cloud: 1.10 is the first
 * release whose S3 backend locks with `use_lockfile`.
 */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.10';

/** The provider a cloud's modules and roots require. */
export interface TerraformProvider {
  /** Local name in `required_providers` and in `provider` blocks. */
  name: string;
  source: string;
  /**
   * Exact, so a pull request's plan and the later apply run the same provider (and the version
   * the offline schema checks use). Upgrade it deliberately, by re-rendering.
   */
  version: string;
}

export const TERRAFORM_PROVIDERS: Readonly<Record<Cloud, TerraformProvider>> = {
  aws: { name: 'aws', source: 'hashicorp/aws', version: '5.100.0' },
  gcp: { name: 'google', source: 'hashicorp/google', version: '6.50.0' },
  azure: { name: 'azurerm', source: 'hashicorp/azurerm', version: '4.65.0' },
};

/**
 * Azure's ARM provider, for what azurerm cannot express yet (the Azure bootstrap's FOCUS cost
 * export: `azurerm_subscription_cost_management_export` has no `FocusCost` type,
 * hashicorp/terraform-provider-azurerm#29705). No schema of it is vendored: the offline check
 * knows its `azapi_resource` arguments only (see @skyforge/stack-checks).
 */
export const AZAPI_PROVIDER: TerraformProvider = {
  name: 'azapi',
  source: 'Azure/azapi',
  version: '2.5.0',
};

/**
 * The `terraform` block of every module and root of one cloud: Terraform and its provider, pinned,
 * and any further providers a root needs.
 */
export function terraformSettings(
  cloud: Cloud,
  extraProviders: readonly TerraformProvider[] = [],
): HclBlock {
  return block(
    'terraform',
    [],
    [
      attr('required_version', TERRAFORM_REQUIRED_VERSION),
      block(
        'required_providers',
        [],
        [TERRAFORM_PROVIDERS[cloud], ...extraProviders].map(provider =>
          attr(provider.name, {
            source: provider.source,
            version: provider.version,
          }),
        ),
      ),
    ],
  );
}
