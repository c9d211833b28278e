import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  writeHcl,
  type HclBody,
} from '../../hcl/hcl';
import { CAPABILITY_TAG, CLUSTER_TAG, TAG_KEYS } from '../../tags';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { AWS_ACCOUNT_ID, AWS_PARTITION } from './awsContextData';
import { kmsKey } from './kmsKey';
import { policyStatement } from './policyStatement';
import { noncurrentVersionExpiration, s3Lifecycle } from './s3Lifecycle';
import { s3AccessLogBucket } from './s3AccessLogBucket';
import { s3BucketBaseline } from './s3BucketBaseline';
import { s3KmsEncryption } from './s3KmsEncryption';

/** File of the AWS bootstrap that sets up the billing side of cost attribution. */
export const AWS_BILLING_FILE = 'billing.tf';

/** Folder of the FOCUS export in the billing bucket (the export's own folder is below it). */
export const AWS_FOCUS_PREFIX = 'focus';

/**
 * The tag keys activated as cost allocation tags: the attribution contract's, without
 * `managed-by`, which attributes nothing. Only activated keys reach the exports' `Tags` column.
 */
export const AWS_COST_ALLOCATION_TAGS: readonly string[] = [
  ...TAG_KEYS.filter(key => key !== 'managed-by'),
  CAPABILITY_TAG,
  CLUSTER_TAG,
];

/**
 * The columns of the FOCUS 1.0 table of AWS Data Exports (`FOCUS_1_0_AWS`; AWS Data Exports User
 * Guide, "FOCUS 1.0 with AWS columns"): the FOCUS columns and AWS's `x_` extensions. An export's
 * query names its columns; `SELECT *` is not accepted.
 */
export const FOCUS_1_0_AWS_COLUMNS: readonly string[] = [
  'AvailabilityZone',
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SkuId',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_CostCategories',
  'x_Discounts',
  'x_Operation',
  'x_ServiceCode',
  'x_UsageType',
];

const DATA_EXPORTS_SERVICE = 'bcm-data-exports.amazonaws.com';

/** Data Exports runs in us-east-1 whatever the bucket's region; its ARNs say so. */
const EXPORT_ARNS = expr(
  `"arn:\${${AWS_PARTITION}}:bcm-data-exports:us-east-1:\${${AWS_ACCOUNT_ID}}:export/*"`,
);

const variables: HclBody = [
  terraformVariable({
    name: 'activate_cost_allocation_tags',
    type: 'bool',
    description:
      "Activate the attribution tags as cost allocation tags (in the organization's management account). AWS accepts a key only once billing has seen it on a resource, up to a day after the first environment's apply: set true then and apply again.",
    default: false,
  }),
  terraformVariable({
    name: 'backstage_principal_arns',
    type: 'list(string)',
    description:
      "IAM roles Backstage's backend runs as, allowed to read the FOCUS export (and to decrypt it).",
    default: [],
    validations: [
      {
        condition:
          'alltrue([for arn in var.backstage_principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/", arn))])',
        message: 'backstage_principal_arns must be IAM role ARNs.',
      },
    ],
  }),
];

function bucketPolicy(): HclBody {
  return [
    comment(
      'Data Exports delivers only for exports of this account (AWS Data Exports User Guide, "Setting up an Amazon S3 bucket for data exports").',
    ),
    policyStatement({
      sid: 'DataExportsDelivery',
      actions: ['s3:PutObject', 's3:GetBucketPolicy'],
      resources: [
        expr('aws_s3_bucket.billing.arn'),
        expr('"${aws_s3_bucket.billing.arn}/*"'),
      ],
      principals: [{ type: 'Service', identifiers: [DATA_EXPORTS_SERVICE] }],
      conditions: [
        {
          test: 'StringEquals',
          variable: 'aws:SourceAccount',
          values: [expr(AWS_ACCOUNT_ID)],
        },
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [EXPORT_ARNS] },
      ],
    }),
    block(
      'dynamic',
      ['statement'],
      [
        attr(
          'for_each',
          expr('length(var.backstage_principal_arns) > 0 ? [1] : []'),
        ),
        blank(),
        block(
          'content',
          [],
          [
            attr('sid', 'BackstageReadsExports'),
            attr('actions', ['s3:GetObject', 's3:ListBucket']),
            attr('resources', [
              expr('aws_s3_bucket.billing.arn'),
              expr('"${aws_s3_bucket.billing.arn}/*"'),
            ]),
            blank(),
            block(
              'principals',
              [],
              [
                attr('type', 'AWS'),
                attr('identifiers', expr('var.backstage_principal_arns')),
              ],
            ),
          ],
        ),
      ],
    ),
  ];
}

function focusExport(): HclBody {
  return [
    comment(
      [
        'FOCUS 1.0 as Parquet, refreshed by AWS up to three times a day; each billing period is',
        'overwritten in place, and Skyforge reads the files its Manifest.json lists.',
      ].join('\n'),
    ),
    resource('aws_bcmdataexports_export', 'focus', [
      block(
        'export',
        [],
        [
          attr('name', expr('"${local.name}-focus"')),
          attr(
            'description',
            'FOCUS 1.0 cost and usage for Backstage (Skyforge cost)',
          ),
          blank(),
          block(
            'data_query',
            [],
            [
              attr(
                'query_statement',
                `SELECT ${FOCUS_1_0_AWS_COLUMNS.join(', ')} FROM FOCUS_1_0_AWS`,
              ),
              attr('table_configurations', { FOCUS_1_0_AWS: {} }),
            ],
          ),
          blank(),
          block(
            'destination_configurations',
            [],
            [
              block(
                's3_destination',
                [],
                [
                  attr('s3_bucket', expr('aws_s3_bucket.billing.bucket')),
                  attr('s3_prefix', AWS_FOCUS_PREFIX),
                  attr('s3_region', expr('var.region')),
                  blank(),
                  block(
                    's3_output_configurations',
                    [],
                    [
                      attr('overwrite', 'OVERWRITE_REPORT'),
                      attr('format', 'PARQUET'),
                      attr('compression', 'PARQUET'),
                      attr('output_type', 'CUSTOM'),
                    ],
                  ),
                ],
              ),
            ],
          ),
          blank(),
          block('refresh_cadence', [], [attr('frequency', 'SYNCHRONOUS')]),
        ],
      ),
      blank(),
      attr('depends_on', [
        expr('aws_s3_bucket_policy.billing'),
        expr('aws_s3_bucket_server_side_encryption_configuration.billing'),
      ]),
    ]),
  ];
}

function main(): HclBody {
  return [
    comment(
      [
        'The billing side of cost attribution: a FOCUS export that Backstage reads (the',
        'skyforge.cost.sources entry in the README) and the cost allocation tags that put the',
        'attribution tags into it. Both are account-wide: in an AWS Organization, activate the tags',
        "in the management account, and create the export where the member account's data is allowed.",
      ].join('\n'),
    ),
    kmsKey({
      id: 'billing',
      description: 'FOCUS exports of ${local.name}',
      alias: '${local.name}-billing',
      servicePrincipals: [DATA_EXPORTS_SERVICE],
    }),
    resource('aws_s3_bucket', 'billing', [
      attr('bucket', expr(`"\${local.name}-billing-\${${AWS_ACCOUNT_ID}}"`)),
      attr('force_destroy', expr('var.teardown')),
    ]),
    s3BucketBaseline({ id: 'billing', extraPolicy: bucketPolicy() }),
    s3KmsEncryption({ id: 'billing', keyId: 'billing' }),
    comment(
      'Each period is overwritten in place: older versions of a file go after 30 days.',
    ),
    s3Lifecycle({
      id: 'billing',
      ruleId: 'replaced-exports',
      actions: [noncurrentVersionExpiration(30)],
    }),
    resource('aws_s3_bucket_logging', 'billing', [
      attr('bucket', expr('aws_s3_bucket.billing.id')),
      attr('target_bucket', expr('aws_s3_bucket.billing_access_logs.id')),
      attr('target_prefix', 'billing/'),
    ]),
    s3AccessLogBucket({
      id: 'billing_access_logs',
      bucketName: `\${local.name}-billing-logs-\${${AWS_ACCOUNT_ID}}`,
      sourceBucket: 'billing',
      sourceDescription: 'billing bucket',
      retentionDays: expr('var.access_log_retention_days'),
      forceDestroy: expr('var.teardown'),
    }),
    focusExport(),
    comment(
      'Cost allocation tags (Billing and Cost Management User Guide, "Activating user-defined cost allocation tags").',
    ),
    resource('aws_ce_cost_allocation_tag', 'attribution', [
      attr(
        'for_each',
        expr(
          `var.activate_cost_allocation_tags ? toset(${JSON.stringify(
            AWS_COST_ALLOCATION_TAGS,
          ).replaceAll(',', ', ')}) : toset([])`,
        ),
      ),
      blank(),
      attr('tag_key', expr('each.value')),
      attr('status', 'Active'),
    ]),
  ];
}

const outputs: HclBody = [
  terraformOutput({
    name: 'focus_export_location',
    description:
      'Where the FOCUS export lands: the location of the skyforge.cost.sources entry (layout aws-data-exports).',
    value: `"s3://\${aws_s3_bucket.billing.id}/${AWS_FOCUS_PREFIX}/\${aws_bcmdataexports_export.focus.export[0].name}"`,
  }),
  terraformOutput({
    name: 'billing_kms_key_arn',
    description:
      'KMS key of the billing bucket; Backstage needs kms:Decrypt on it (the key policy delegates to IAM).',
    value: 'aws_kms_key.billing.arn',
  }),
];

/** `infra/bootstrap/aws/billing.tf`: its variables, resources and outputs in one file. */
export function awsBillingFile(): string {
  return writeHcl([variables, main(), outputs]);
}
