import {
  attr,
  blank,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';

/**
 * A module's own Cloud KMS key ring `${var.name}-<ringSuffix>` and its key `google_kms_crypto_key.<key>`,
 * rotated every 90 days.
 */
export function gcpKmsKey(options: {
  ringSuffix: string;
  key: string;
}): HclBody {
  return [
    comment(
      [
        'Cloud KMS key rings and keys cannot be deleted: after `terraform destroy` only the key',
        'versions are scheduled for destruction, so re-creating this environment needs',
        '`terraform import` of the key ring and key.',
      ].join('\n'),
    ),
    resource('google_kms_key_ring', 'this', [
      attr('project', expr('var.project_id')),
      attr('name', expr(`"\${var.name}-${options.ringSuffix}"`)),
      attr('location', expr('var.region')),
    ]),
    resource('google_kms_crypto_key', options.key, [
      attr('name', options.key),
      attr('key_ring', expr('google_kms_key_ring.this.id')),
      attr('purpose', 'ENCRYPT_DECRYPT'),
      attr('labels', expr('var.labels')),
      blank(),
      comment('Rotated every 90 days (CKV_GCP_43).'),
      attr('rotation_period', '7776000s'),
    ]),
  ];
}
