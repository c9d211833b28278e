import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { policyStatement } from './policyStatement';

/**
 * What every S3 bucket gets: no public access, no ACLs, versioning and a TLS-only bucket policy.
 * The bucket itself is `aws_s3_bucket.<id>`; the companions and the policy document share its id.
 */
export function s3BucketBaseline(options: {
  id: string;
  /** Further statements of the bucket policy, after the TLS-only one. */
  extraPolicy?: HclBody;
}): HclBody {
  const { id } = options;
  const bucket = expr(`aws_s3_bucket.${id}.id`);
  return [
    resource('aws_s3_bucket_public_access_block', id, [
      attr('bucket', bucket),
      attr('block_public_acls', true),
      attr('block_public_policy', true),
      attr('ignore_public_acls', true),
      attr('restrict_public_buckets', true),
    ]),
    comment('ACLs off: the bucket policy and IAM alone decide access.'),
    resource('aws_s3_bucket_ownership_controls', id, [
      attr('bucket', bucket),
      blank(),
      block('rule', [], [attr('object_ownership', 'BucketOwnerEnforced')]),
    ]),
    resource('aws_s3_bucket_versioning', id, [
      attr('bucket', bucket),
      blank(),
      block('versioning_configuration', [], [attr('status', 'Enabled')]),
    ]),
    data('aws_iam_policy_document', id, [
      policyStatement({
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [
          expr(`aws_s3_bucket.${id}.arn`),
          expr(`"\${aws_s3_bucket.${id}.arn}/*"`),
        ],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [
          { test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] },
        ],
      }),
      options.extraPolicy,
    ]),
    resource('aws_s3_bucket_policy', id, [
      attr('bucket', bucket),
      attr('policy', expr(`data.aws_iam_policy_document.${id}.json`)),
      blank(),
      comment(
        'The public access block must be in place before a policy is evaluated against it.',
      ),
      attr('depends_on', [expr(`aws_s3_bucket_public_access_block.${id}`)]),
    ]),
  ];
}
