import type {
  HclJsonBody,
  ParsedResource,
  ParsedTerraform,
  TerraformRule,
} from '../../types';
import {
  blocks,
  expectCompanion,
  expectOneOf,
  expectSetting,
  expectTrue,
  firstFailure,
  isExpression,
  refersTo,
  resourcesOfType,
  strings,
} from '../ruleHelpers';

const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

/** A policy statement body that denies requests made without TLS. */
function deniesInsecureTransport(statement: HclJsonBody): boolean {
  const effect = statement.effect;
  if (effect !== 'Deny' && !isExpression(effect)) return false;
  return blocks(statement, 'condition').some(condition => {
    const variable = condition.variable;
    const values = strings(condition.values);
    return (
      (variable === 'aws:SecureTransport' || isExpression(variable)) &&
      (values.includes('false') || values.some(value => isExpression(value)))
    );
  });
}

/**
 * Whether an `aws_s3_bucket_policy` denies non-TLS requests. An `aws_iam_policy_document` it
 * refers to is read statement by statement; a literal JSON or `jsonencode` policy is searched for
 * a `Deny` on `aws:SecureTransport`; a policy from a variable is unknown and passes.
 */
function policyDeniesInsecureTransport(
  policy: ParsedResource,
  parsed: ParsedTerraform,
): string | undefined {
  const value = policy.body.policy;
  const documents = parsed.dataSources.filter(
    data => data.type === 'aws_iam_policy_document' && refersTo(value, data),
  );
  if (documents.length > 0) {
    return documents.some(document =>
      blocks(document.body, 'statement').some(deniesInsecureTransport),
    )
      ? undefined
      : 'the policy has no Deny statement for aws:SecureTransport = false';
  }
  const text = strings(value).join('\n');
  if (text.includes('aws:SecureTransport') && text.includes('Deny'))
    return undefined;
  // A plain reference to something outside these files (a variable, another module) is unknown.
  if (/^\$\{[A-Za-z0-9_.[\]"-]+\}$/.test(text)) return undefined;
  return 'the policy has no Deny statement for aws:SecureTransport = false';
}

/**
 * Buckets that receive access logs (of S3 buckets, or of load balancers) are not required to log
 * themselves (no endless chain); S3 and Elastic Load Balancing deliver only to SSE-S3 buckets.
 */
function isLogTarget(bucket: ParsedResource, parsed: ParsedTerraform): boolean {
  return (
    resourcesOfType(parsed, 'aws_s3_bucket_logging').some(logging =>
      refersTo(logging.body.target_bucket, bucket),
    ) ||
    resourcesOfType(parsed, 'aws_lb').some(loadBalancer =>
      blocks(loadBalancer.body, 'access_logs').some(logs =>
        refersTo(logs.bucket, bucket),
      ),
    )
  );
}

/** S3 buckets (provider 5 style: one companion resource per setting) and ECR repositories. */
export const AWS_STORAGE_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV2_AWS_6',
    title: 'S3 public access block with all four flags',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_s3_bucket_public_access_block',
        attribute: 'bucket',
        check: block =>
          firstFailure(
            ...PUBLIC_ACCESS_FLAGS.map(flag =>
              expectTrue(block.body, flag, false),
            ),
          ),
      }),
  },
  {
    id: 'CKV_AWS_145',
    title: 'S3 bucket encrypted with KMS',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_s3_bucket_server_side_encryption_configuration',
        attribute: 'bucket',
        check: encryption =>
          expectOneOf(
            encryption.body,
            'rule.apply_server_side_encryption_by_default.sse_algorithm',
            // S3 delivers server access logs only to buckets encrypted with SSE-S3, so a log
            // target may use AES256; it must still be encrypted.
            isLogTarget(resource, parsed)
              ? ['aws:kms', 'aws:kms:dsse', 'AES256']
              : ['aws:kms', 'aws:kms:dsse'],
          ),
      }),
  },
  {
    id: 'CKV_AWS_21',
    title: 'S3 bucket versioning enabled',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_s3_bucket_versioning',
        attribute: 'bucket',
        check: versioning =>
          expectOneOf(versioning.body, 'versioning_configuration.status', [
            'Enabled',
          ]),
      }),
  },
  {
    id: 'CKV_AWS_18',
    title: 'S3 bucket access logging',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      isLogTarget(resource, parsed)
        ? undefined
        : expectCompanion({
            parsed,
            target: resource,
            type: 'aws_s3_bucket_logging',
            attribute: 'bucket',
          }),
  },
  {
    id: 'CKV_AWS_379',
    title: 'S3 bucket policy denies requests without TLS',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_s3_bucket_policy',
        attribute: 'bucket',
        check: policy => policyDeniesInsecureTransport(policy, parsed),
      }),
  },
  {
    id: 'CKV2_AWS_65',
    title: 'S3 ACLs disabled (BucketOwnerEnforced)',
    cloud: 'aws',
    resourceTypes: ['aws_s3_bucket'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_s3_bucket_ownership_controls',
        attribute: 'bucket',
        check: controls =>
          expectOneOf(controls.body, 'rule.object_ownership', [
            'BucketOwnerEnforced',
          ]),
      }),
  },
  {
    id: 'CKV_AWS_51',
    title: 'ECR image tags immutable',
    cloud: 'aws',
    resourceTypes: ['aws_ecr_repository'],
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'image_tag_mutability',
        whenAbsent: 'MUTABLE',
        expected: '"IMMUTABLE"',
        accept: value =>
          typeof value === 'string' && value.startsWith('IMMUTABLE'),
      }),
  },
  {
    id: 'CKV_AWS_163',
    title: 'ECR scan on push',
    cloud: 'aws',
    resourceTypes: ['aws_ecr_repository'],
    check: ({ resource }) =>
      expectTrue(
        resource.body,
        'image_scanning_configuration.scan_on_push',
        false,
      ),
  },
  {
    id: 'CKV_AWS_136',
    title: 'ECR encrypted with KMS',
    cloud: 'aws',
    resourceTypes: ['aws_ecr_repository'],
    check: ({ resource }) =>
      expectOneOf(
        resource.body,
        'encryption_configuration.encryption_type',
        ['KMS'],
        'AES256',
      ),
  },
];
