import { attr } from '../../hcl/hcl';
import { moduleFiles } from './moduleFiles';
import { TERRAFORM_PROVIDERS } from './terraformSettings';

describe('moduleFiles', () => {
  it('writes the four files of the module into its folder, pinning Terraform and the provider', () => {
    const files = moduleFiles({
      cloud: 'gcp',
      capability: 'network',
      variables: [attr('a', 1)],
      main: [attr('b', 2)],
      outputs: [attr('c', 3)],
    });
    expect(Object.keys(files)).toEqual([
      'infra/modules/network/gcp/versions.tf',
      'infra/modules/network/gcp/variables.tf',
      'infra/modules/network/gcp/main.tf',
      'infra/modules/network/gcp/outputs.tf',
    ]);
    expect(files['infra/modules/network/gcp/versions.tf']).toBe(
      [
        'terraform {',
        '  required_version = ">= 1.10"',
        '  required_providers {',
        '    google = {',
        '      source  = "hashicorp/google"',
        `      version = "${TERRAFORM_PROVIDERS.gcp.version}"`,
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(files['infra/modules/network/gcp/main.tf']).toBe('b = 2\n');
  });

  it('opens versions.tf with the description when the module has one', () => {
    const files = moduleFiles({
      cloud: 'azure',
      capability: 'cache',
      description: 'Azure Managed Redis of one environment.',
      variables: [],
      main: [],
      outputs: [],
    });
    expect(files['infra/modules/cache/azure/versions.tf']).toMatch(
      /^# Azure Managed Redis of one environment\.\n# The provider is configured by the calling root module\.\nterraform \{\n/,
    );
  });
});
