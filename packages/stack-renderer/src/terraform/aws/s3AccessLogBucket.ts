import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
  type HclExpression,
} from '../../hcl/hcl';
import { AWS_ACCOUNT_ID } from './awsContextData';
import { policyStatement } from './policyStatement';
import {
  abortIncompleteMultipartUpload,
  noncurrentVersionExpiration,
  s3Lifecycle,
} from './s3Lifecycle';
import { s3BucketBaseline } from './s3BucketBaseline';

/**
 * A bucket that receives the S3 server access logs of one other bucket of the same module:
 * the {@link s3BucketBaseline}, SSE-S3 encryption, expiring logs and a bucket policy that lets
 * only the S3 logging service deliver, and only for that bucket of this account.
 *
 * Expects {@link awsContextData} in the same module. The bucket is `aws_s3_bucket.<id>`; the
 * caller adds the `aws_s3_bucket_logging` of the logged bucket.
 */
export function s3AccessLogBucket(options: {
  id: string;
  /** The bucket name, an HCL template body such as `${var.name}-access-logs-...`. */
  bucketName: string;
  /** Resource name of the `aws_s3_bucket` whose logs this bucket receives. */
  sourceBucket: string;
  /** What the logged bucket is, for the policy comment, e.g. `data bucket`. */
  sourceDescription: string;
  /** Days to keep the logs: a number or an expression such as a variable. */
  retentionDays: number | HclExpression;
  /** `force_destroy`, e.g. `var.force_destroy` (see {@link forceDestroyVariable}); default absent (false). */
  forceDestroy?: HclExpression;
}): HclBody {
  const { id } = options;
  const bucket = expr(`aws_s3_bucket.${id}.id`);
  return [
    resource('aws_s3_bucket', id, [
      attr('bucket', expr(`"${options.bucketName}"`)),
      attr('force_destroy', options.forceDestroy),
    ]),
    s3BucketBaseline({
      id,
      extraPolicy: [
        comment(
          `Log delivery by the S3 logging service, only for the ${options.sourceDescription} of this account.`,
        ),
        policyStatement({
          sid: 'S3ServerAccessLogs',
          actions: ['s3:PutObject'],
          resources: [expr(`"\${aws_s3_bucket.${id}.arn}/*"`)],
          principals: [
            { type: 'Service', identifiers: ['logging.s3.amazonaws.com'] },
          ],
          conditions: [
            {
              test: 'ArnLike',
              variable: 'aws:SourceArn',
              values: [expr(`aws_s3_bucket.${options.sourceBucket}.arn`)],
            },
            {
              test: 'StringEquals',
              variable: 'aws:SourceAccount',
              values: [expr(AWS_ACCOUNT_ID)],
            },
          ],
        }),
      ],
    }),
    comment(
      'S3 server access logging can only write to buckets encrypted with S3-managed keys.',
    ),
    resource('aws_s3_bucket_server_side_encryption_configuration', id, [
      attr('bucket', bucket),
      blank(),
      block(
        'rule',
        [],
        [
          block(
            'apply_server_side_encryption_by_default',
            [],
            [attr('sse_algorithm', 'AES256')],
          ),
        ],
      ),
    ]),
    s3Lifecycle({
      id,
      ruleId: 'expire-logs',
      actions: [
        block('expiration', [], [attr('days', options.retentionDays)]),
        noncurrentVersionExpiration(7),
        abortIncompleteMultipartUpload(7),
      ],
    }),
  ];
}
