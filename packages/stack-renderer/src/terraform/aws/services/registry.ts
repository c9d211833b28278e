import { registryCostLines } from '../../../cost/registryCostLines';
import { attr, expr } from '../../../hcl/hcl';
import { imageRepositoryOutput } from '../../common/imageRepositoryOutput';
import { terraformOutput } from '../../common/terraformOutput';
import { awsRegistryModule } from '../awsRegistryModule';
import type { AwsService } from '../awsService';

/** The container registry on AWS: an ECR repository the Auto Mode nodes pull from. */
export const awsRegistry: AwsService = {
  id: 'registry',
  module: () => awsRegistryModule(),
  cost: { lines: plan => registryCostLines(plan) },
  root: ({ resolved }) => ({
    variables: [],
    arguments: [
      attr('name', expr('local.name')),
      attr('force_delete', expr('var.teardown')),
    ],
    outputs: [
      terraformOutput({
        name: 'registry_url',
        description: 'ECR repository URL for the application image.',
        value: 'module.registry.repository_url',
      }),
      imageRepositoryOutput(resolved, 'module.registry.repository_url'),
    ],
  }),
};
