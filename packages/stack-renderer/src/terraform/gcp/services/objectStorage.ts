import { objectStorageCostLines } from '../../../cost/objectStorageCostLines';
import { serviceCapabilityTags } from '../../../tags';
import { attr, expr } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import { gcpModuleBaseArguments } from '../gcpModuleBase';
import { gcpDataBucketName } from '../gcpNames';
import type { GcpService } from '../gcpService';
import { gcpAppServiceAccountEmail } from '../gcpAppServiceAccount';
import { gcpStorageModule } from '../gcpStorageModule';

/** Object storage on GCP: a Cloud Storage bucket with its own KMS key, named after the project. */
export const gcpObjectStorage: GcpService = {
  id: 'objectStorage',
  module: () => gcpStorageModule(),
  cost: { lines: plan => objectStorageCostLines(plan) },
  root: ({ spec, environment, projectId, resolved }) => ({
    variables: [],
    arguments: [
      gcpModuleBaseArguments({
        labels: serviceCapabilityTags('objectStorage'),
      }),
      attr(
        'bucket_name',
        gcpDataBucketName({ projectId, name: spec.metadata.name, environment }),
      ),
      attr(
        'noncurrent_version_retention_days',
        expr('var.backup_retention_days'),
      ),
      attr('app_service_account_email', gcpAppServiceAccountEmail(resolved)),
      attr('force_destroy', expr('var.teardown')),
    ],
    outputs: [
      terraformOutput({
        name: 'bucket_name',
        description: 'Name of the data bucket.',
        value: 'module.storage.bucket_name',
      }),
    ],
  }),
  variables: [
    {
      name: 'BUCKET_NAME',
      output: 'bucket_name',
      description:
        'Cloud Storage bucket of the application (the Google service account may read and write it).',
    },
  ],
};
