import {
  attr,
  blank,
  block,
  expr,
  resource,
  type HclBlock,
} from '../../hcl/hcl';

/**
 * SSE-KMS by default for `aws_s3_bucket.<id>` with `aws_kms_key.<keyId>`; the bucket key cuts KMS
 * requests (and their cost) by caching data keys.
 */
export function s3KmsEncryption(options: {
  id: string;
  keyId: string;
}): HclBlock {
  return resource(
    'aws_s3_bucket_server_side_encryption_configuration',
    options.id,
    [
      attr('bucket', expr(`aws_s3_bucket.${options.id}.id`)),
      blank(),
      block(
        'rule',
        [],
        [
          attr('bucket_key_enabled', true),
          blank(),
          block(
            'apply_server_side_encryption_by_default',
            [],
            [
              attr('sse_algorithm', 'aws:kms'),
              attr(
                'kms_master_key_id',
                expr(`aws_kms_key.${options.keyId}.arn`),
              ),
            ],
          ),
        ],
      ),
    ],
  );
}
