import { serviceCapabilityTags } from '../../tags';
import { attr, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { AWS_ACCOUNT_ID, awsContextData } from './awsContextData';
import { moduleFiles } from '../common/moduleFiles';
import { kmsKey } from './kmsKey';
import {
  abortIncompleteMultipartUpload,
  noncurrentVersionExpiration,
  s3Lifecycle,
} from './s3Lifecycle';
import { s3AccessLogBucket } from './s3AccessLogBucket';
import { s3BucketBaseline } from './s3BucketBaseline';
import { s3KmsEncryption } from './s3KmsEncryption';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { forceDestroyVariable } from '../common/teardownVariable';

const variables = [
  terraformVariable({
    name: 'name',
    type: 'string',
    description: 'Prefix of the bucket names, e.g. payments-api-prod.',
  }),
  terraformVariable({
    name: 'noncurrent_version_days',
    type: 'number',
    description:
      'Days to keep overwritten or deleted object versions (the undo window).',
    default: 30,
  }),
  terraformVariable({
    name: 'access_log_retention_days',
    type: 'number',
    description: 'Days to keep S3 access logs.',
  }),
  forceDestroyVariable('the data bucket and its access-log bucket'),
];

const main = [
  awsContextData(),
  kmsKey({
    id: 'storage',
    description: 'Objects of the ${var.name} bucket',
    alias: '${var.name}-storage',
  }),
  resource('aws_s3_bucket', 'this', [
    comment('Bucket names are global; the account ID keeps this one unique.'),
    attr('bucket', expr(`"\${var.name}-data-\${${AWS_ACCOUNT_ID}}"`)),
    attr('tags', serviceCapabilityTags('objectStorage')),
    attr('force_destroy', expr('var.force_destroy')),
  ]),
  s3BucketBaseline({ id: 'this' }),
  comment("SSE-KMS with the stack's key."),
  s3KmsEncryption({ id: 'this', keyId: 'storage' }),
  s3Lifecycle({
    id: 'this',
    ruleId: 'housekeeping',
    actions: [
      abortIncompleteMultipartUpload(7),
      noncurrentVersionExpiration(expr('var.noncurrent_version_days')),
    ],
  }),
  resource('aws_s3_bucket_logging', 'this', [
    attr('bucket', expr('aws_s3_bucket.this.id')),
    attr('target_bucket', expr('aws_s3_bucket.access_logs.id')),
    attr('target_prefix', 'data/'),
  ]),

  comment('Server access logs of the data bucket.'),
  s3AccessLogBucket({
    id: 'access_logs',
    bucketName: `\${var.name}-access-logs-\${${AWS_ACCOUNT_ID}}`,
    sourceBucket: 'this',
    sourceDescription: 'data bucket',
    retentionDays: expr('var.access_log_retention_days'),
    forceDestroy: expr('var.force_destroy'),
  }),
];

const outputs = [
  terraformOutput({
    name: 'bucket_name',
    description: 'Name of the application bucket.',
    value: 'aws_s3_bucket.this.id',
  }),
  terraformOutput({
    name: 'bucket_arn',
    description: 'ARN of the application bucket.',
    value: 'aws_s3_bucket.this.arn',
  }),
  terraformOutput({
    name: 'kms_key_arn',
    description:
      'KMS key of the application bucket; readers and writers need kms:Decrypt and kms:GenerateDataKey.',
    value: 'aws_kms_key.storage.arn',
  }),
  terraformOutput({
    name: 'access_log_bucket_name',
    description: 'Bucket receiving the server access logs.',
    value: 'aws_s3_bucket.access_logs.id',
  }),
];

/** The AWS storage module: a private, versioned, KMS-encrypted bucket with access logging. */
export function awsStorageModule(): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'storage',
    variables,
    main,
    outputs,
  });
}
