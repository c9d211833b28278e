import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { moduleFiles } from '../common/moduleFiles';
import { forceDestroyVariable } from '../common/teardownVariable';
import { gcpModuleBaseVariables } from './gcpModuleBase';
import { gcpKmsKey } from './gcpKmsKey';

/**
 * The storage module: a private, versioned GCS bucket encrypted with a Cloud KMS key, readable and
 * writable by the application's service account only.
 */
export function gcpStorageModule(): FileTree {
  const variables = [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'bucket_name',
      type: 'string',
      description: 'Globally unique bucket name.',
      validations: [
        {
          condition:
            'can(regex("^[a-z0-9][-a-z0-9_]{1,61}[a-z0-9]$", var.bucket_name))',
          message:
            'bucket_name must be 3 to 63 lowercase letters, digits, hyphens or underscores.',
        },
      ],
    }),
    terraformVariable({
      name: 'noncurrent_version_retention_days',
      type: 'number',
      description:
        'Days an overwritten or deleted object version is kept before it is deleted.',
    }),
    terraformVariable({
      name: 'app_service_account_email',
      type: 'string',
      description:
        'Service account of the application, granted read and write on objects.',
    }),
    forceDestroyVariable('the bucket'),
  ];

  const main = [
    comment(
      'The Cloud Storage service agent of the project, which encrypts objects with the key below.',
    ),
    data('google_storage_project_service_account', 'this', [
      attr('project', expr('var.project_id')),
    ]),
    gcpKmsKey({ ringSuffix: 'storage', key: 'bucket' }),
    resource('google_kms_crypto_key_iam_member', 'bucket', [
      attr('crypto_key_id', expr('google_kms_crypto_key.bucket.id')),
      attr('role', 'roles/cloudkms.cryptoKeyEncrypterDecrypter'),
      attr(
        'member',
        expr('data.google_storage_project_service_account.this.member'),
      ),
    ]),
    resource('google_storage_bucket', 'this', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.bucket_name')),
      attr('location', expr('upper(var.region)')),
      attr('storage_class', 'STANDARD'),
      attr('labels', expr('var.labels')),
      blank(),
      comment(
        [
          'IAM only, no ACLs (CKV_GCP_29), and never public (CKV_GCP_114). Deleting a bucket that still',
          'holds objects must be a deliberate act (the teardown), not a side effect of `terraform destroy`.',
        ].join('\n'),
      ),
      attr('uniform_bucket_level_access', true),
      attr('public_access_prevention', 'enforced'),
      attr('force_destroy', expr('var.force_destroy')),
      blank(),
      comment(
        'Overwritten and deleted objects stay recoverable for noncurrent_version_retention_days.',
      ),
      block('versioning', [], [attr('enabled', true)]),
      blank(),
      block(
        'encryption',
        [],
        [attr('default_kms_key_name', expr('google_kms_crypto_key.bucket.id'))],
      ),
      blank(),
      block(
        'lifecycle_rule',
        [],
        [
          block('condition', [], [attr('age', 1)]),
          block('action', [], [attr('type', 'AbortIncompleteMultipartUpload')]),
        ],
      ),
      block(
        'lifecycle_rule',
        [],
        [
          block(
            'condition',
            [],
            [
              attr(
                'days_since_noncurrent_time',
                expr('var.noncurrent_version_retention_days'),
              ),
            ],
          ),
          block('action', [], [attr('type', 'Delete')]),
        ],
      ),
      blank(),
      comment(
        'The service agent must be able to use the key before the bucket is created with it.',
      ),
      attr('depends_on', [expr('google_kms_crypto_key_iam_member.bucket')]),
    ]),
    comment(
      'Read, write and delete objects; no permission to change the bucket or its IAM policy.',
    ),
    resource('google_storage_bucket_iam_member', 'app', [
      attr('bucket', expr('google_storage_bucket.this.name')),
      attr('role', 'roles/storage.objectUser'),
      attr('member', expr('"serviceAccount:${var.app_service_account_email}"')),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'bucket_name',
      description: 'Name of the bucket.',
      value: 'google_storage_bucket.this.name',
    }),
    terraformOutput({
      name: 'bucket_url',
      description: 'gs:// URL of the bucket.',
      value: 'google_storage_bucket.this.url',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'storage',
    variables,
    main,
    outputs,
  });
}
