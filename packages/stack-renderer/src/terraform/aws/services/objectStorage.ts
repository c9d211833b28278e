import { objectStorageCostLines } from '../../../cost/objectStorageCostLines';
import { attr, expr } from '../../../hcl/hcl';
import { terraformOutput } from '../../common/terraformOutput';
import { terraformVariable } from '../../common/terraformVariable';
import type { AwsService } from '../awsService';
import { awsStorageModule } from '../awsStorageModule';
import { mockArn } from '../awsTerraformTests';
import { policyStatement } from '../policyStatement';

/** Object storage on AWS: an S3 bucket encrypted with its own KMS key. */
export const awsObjectStorage: AwsService = {
  id: 'objectStorage',
  module: () => awsStorageModule(),
  cost: { lines: plan => objectStorageCostLines(plan) },
  root: () => ({
    variables: [],
    arguments: [
      attr('name', expr('local.name')),
      attr('access_log_retention_days', expr('var.log_retention_days')),
      attr('force_destroy', expr('var.teardown')),
    ],
    outputs: [
      terraformOutput({
        name: 'bucket_name',
        description: 'Name of the application bucket.',
        value: 'module.storage.bucket_name',
      }),
    ],
  }),
  appAccess: {
    position: 0,
    variables: [
      terraformVariable({
        name: 'bucket_arn',
        type: 'string',
        description: 'ARN of the application bucket.',
      }),
      terraformVariable({
        name: 'bucket_kms_key_arn',
        type: 'string',
        description: 'ARN of the KMS key that encrypts the application bucket.',
      }),
    ],
    statements: [
      policyStatement({
        sid: 'ListBucket',
        actions: ['s3:ListBucket'],
        resources: [expr('var.bucket_arn')],
      }),
      policyStatement({
        sid: 'ReadWriteObjects',
        actions: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        resources: [expr('"${var.bucket_arn}/*"')],
      }),
      policyStatement({
        sid: 'UseBucketKey',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [expr('var.bucket_kms_key_arn')],
      }),
    ],
    arguments: [
      attr('bucket_arn', expr('module.storage.bucket_arn')),
      attr('bucket_kms_key_arn', expr('module.storage.kms_key_arn')),
    ],
    testValues: region => ({
      bucket_arn: 'arn:aws:s3:::mock-data',
      bucket_kms_key_arn: mockArn('kms', region, 'key/mock'),
    }),
  },
  variables: [
    {
      name: 'BUCKET_NAME',
      output: 'bucket_name',
      description:
        'S3 bucket of the application (SSE-KMS; the Pod Identity role may read and write it).',
    },
  ],
};
