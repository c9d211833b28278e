import type { StackCheckResponse } from '@skyforge/plugin-skyforge-common';

/** A check of an AWS stack whose rendered files were tampered after rendering (form values cannot produce findings). */
export const stackCheckWithFindings: StackCheckResponse = {
  passed: false,
  findings: [
    {
      family: 'security',
      rule: 'CKV2_AWS_6',
      file: 'infra/aws/modules/object-storage/main.tf',
      address: 'aws_s3_bucket_public_access_block.this',
      message:
        'S3 bucket has a public access block: block_public_acls must be true',
    },
    {
      family: 'manifest',
      rule: 'run-as-non-root',
      file: 'deploy/overlays/prod-aws',
      message:
        'Deployment payments-api/payments-api: container app may run as root',
    },
  ],
  skipped: [],
  terraformFiles: 31,
  overlays: ['deploy/overlays/dev-aws', 'deploy/overlays/prod-aws'],
};

/** A passing check, with the manifest checks skipped (no kubectl on the backend). */
export const stackCheckPassedWithoutKubectl: StackCheckResponse = {
  passed: true,
  findings: [],
  skipped: [
    'manifest checks of deploy/overlays/dev-aws, deploy/overlays/prod-aws: kubectl not found: the manifest checks build each overlay with `kubectl kustomize`',
  ],
  terraformFiles: 31,
  overlays: [],
};
