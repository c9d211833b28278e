import { attr, comment } from '../../hcl/hcl';
import { terraformModuleFiles } from './terraformModuleFiles';

describe('terraformModuleFiles', () => {
  it('writes the four files of the module into its directory', () => {
    const files = terraformModuleFiles({
      directory: 'infra/modules/network/gcp',
      versions: [comment('Versions.')],
      variables: [attr('a', 1)],
      main: [attr('b', 2)],
      outputs: [attr('c', 3)],
    });
    expect(files).toEqual({
      'infra/modules/network/gcp/versions.tf': '# Versions.\n',
      'infra/modules/network/gcp/variables.tf': 'a = 1\n',
      'infra/modules/network/gcp/main.tf': 'b = 2\n',
      'infra/modules/network/gcp/outputs.tf': 'c = 3\n',
    });
  });
});
