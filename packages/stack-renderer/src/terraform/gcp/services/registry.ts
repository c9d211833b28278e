import { serviceCapabilityTags } from '../../../tags';
import { terraformOutput } from '../../common/terraformOutput';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import { gcpRegistryModule } from '../gcpRegistryModule';
import type { GcpService } from '../gcpService';

/** The container registry on GCP: an Artifact Registry Docker repository. */
export const gcpRegistry: GcpService = {
  id: 'registry',
  module: () => gcpRegistryModule(),
  root: () => ({
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
    ],
  }),
  apis: ['artifactregistry.googleapis.com'],
  ciRoles: ['roles/artifactregistry.admin'],
};
