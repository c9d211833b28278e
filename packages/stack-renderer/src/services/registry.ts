import type { StackService } from './types';

/** The container registry the application image is pushed to and the nodes pull from. */
export const registry: StackService = {
  id: 'registry',
  enabledByDefault: true,
  capability: 'registry',
  resource: {
    name: 'registry',
    type: 'container-registry',
    tag: 'containers',
    noun: 'repository',
    clusterDependsOnIt: true,
  },
  label: 'Container registry',
  summary: 'a container registry',
  products: {
    aws: { name: 'Amazon ECR', priced: 'ECR' },
    gcp: { name: 'Artifact Registry', priced: 'Artifact Registry' },
    azure: { name: 'Azure Container Registry', priced: 'Container Registry' },
  },
  diagram: {
    node: 'registry',
    shape: 'artifact',
    inNetwork: false,
    edge: { from: 'self', to: 'pools', label: 'images', dashed: true },
  },
  costCategory: 'registry',
  costLabel: 'Registry',
};
