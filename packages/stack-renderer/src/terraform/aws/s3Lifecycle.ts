import {
  attr,
  blank,
  block,
  expr,
  resource,
  type HclBlock,
  type HclValue,
} from '../../hcl/hcl';

/**
 * `aws_s3_bucket_lifecycle_configuration.<id>` for `aws_s3_bucket.<id>`: one rule `ruleId` over
 * every object with `actions` (e.g. `noncurrent_version_expiration`), in the order given. It
 * waits for the bucket's versioning, which noncurrent-version actions need.
 */
export function s3Lifecycle(options: {
  id: string;
  ruleId: string;
  actions: HclBlock[];
}): HclBlock {
  const { id, ruleId, actions } = options;
  return resource('aws_s3_bucket_lifecycle_configuration', id, [
    attr('bucket', expr(`aws_s3_bucket.${id}.id`)),
    blank(),
    block(
      'rule',
      [],
      [
        attr('id', ruleId),
        attr('status', 'Enabled'),
        blank(),
        block('filter', [], []),
        ...actions.flatMap(action => [blank(), action]),
      ],
    ),
    blank(),
    attr('depends_on', [expr(`aws_s3_bucket_versioning.${id}`)]),
  ]);
}

/** Deletes a version `days` after a newer one replaced it. */
export function noncurrentVersionExpiration(days: HclValue): HclBlock {
  return block(
    'noncurrent_version_expiration',
    [],
    [attr('noncurrent_days', days)],
  );
}

/** Removes the parts of multipart uploads never completed, after `days`. */
export function abortIncompleteMultipartUpload(days: number): HclBlock {
  return block(
    'abort_incomplete_multipart_upload',
    [],
    [attr('days_after_initiation', days)],
  );
}
