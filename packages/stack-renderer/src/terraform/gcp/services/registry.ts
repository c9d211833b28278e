import { registryCostLines } from '../../../cost/registryCostLines';
import { serviceCapabilityTags } from '../../../tags';
import { terraformOutput } from '../../common/terraformOutput';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import { gcpRegistryModule } from '../gcpRegistryModule';
import type { GcpService } from '../gcpService';

/** The container registry on GCP: an Artifact Registry Docker repository. */
export const gcpRegistry: GcpService = {
  id: 'registry',
  module: () => gcpRegistryModule(),
  cost: { lines: plan => registryCostLines(plan) },
  root: ({ spec }) => ({
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
      terraformOutput({
        name: 'image_repository',
        description:
          'Repository of the application image: make image-push copies spec.app.image here and pins the overlay to it by digest.',
        value: `"\${module.registry.registry_url}/${spec.metadata.name}"`,
      }),
    ],
  }),
  apis: ['artifactregistry.googleapis.com'],
  ciRoles: ['roles/artifactregistry.admin'],
};
