import { registryCostLines } from '../../../cost/registryCostLines';
import { serviceCapabilityTags } from '../../../tags';
import { imageRepositoryOutput } from '../../common/imageRepositoryOutput';
import { terraformOutput } from '../../common/terraformOutput';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import { gcpRegistryModule } from '../gcpRegistryModule';
import type { GcpService } from '../gcpService';

/** The container registry on GCP: an Artifact Registry Docker repository. */
export const gcpRegistry: GcpService = {
  id: 'registry',
  module: () => gcpRegistryModule(),
  cost: { lines: plan => registryCostLines(plan) },
  root: ({ spec, resolved }) => ({
    variables: [],
    arguments: [
      gcpModuleBaseArguments({ labels: serviceCapabilityTags('registry') }),
    ],
    outputs: [
      terraformOutput({
        name: 'registry_url',
        description: 'Artifact Registry image prefix.',
        value: 'module.registry.registry_url',
      }),
      imageRepositoryOutput(
        resolved,
        `"\${module.registry.registry_url}/${spec.metadata.name}"`,
      ),
    ],
  }),
  apis: ['artifactregistry.googleapis.com'],
  ciRoles: ['roles/artifactregistry.admin'],
};
