import type { StackService } from './types';

/**
 * The application's bucket (a storage account and container on Azure). Rendered names predate
 * the one internal name and stay: module folder `storage`, catalog Resource `…-bucket` of type
 * `object-storage`.
 */
export const objectStorage: StackService = {
  id: 'objectStorage',
  enabledByDefault: true,
  capability: 'storage',
  resource: {
    name: 'bucket',
    type: 'object-storage',
    tag: 'object-storage',
    noun: 'bucket',
  },
  label: 'Object storage',
  summary: 'object storage',
  products: {
    aws: { name: 'Amazon S3', priced: 'S3 Standard' },
    gcp: { name: 'Cloud Storage', priced: 'Cloud Storage Standard' },
    azure: { name: 'Azure Blob Storage', priced: 'Blob Storage Hot' },
  },
  diagram: {
    node: 'bucket',
    shape: 'store',
    inNetwork: false,
    edge: {
      from: 'app',
      to: 'self',
      label: 'workload-identity',
      dashed: false,
    },
  },
  costCategory: 'object-storage',
  costLabel: 'Object storage',
};
