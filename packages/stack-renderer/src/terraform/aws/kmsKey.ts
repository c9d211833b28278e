import { attr, data, expr, resource, type HclBody } from '../../hcl/hcl';
import { AWS_ACCOUNT_ID, AWS_PARTITION, AWS_REGION } from './awsContextData';
import { policyStatement } from './policyStatement';

/**
 * A customer managed KMS key with yearly rotation, an alias and a key policy. The policy delegates
 * to IAM (the account root statement) and, where asked, lets CloudWatch Logs or another AWS service
 * use the key, because those services encrypt with their own principal rather than the caller's.
 *
 * Expects {@link awsContextData} in the same module. The key is `aws_kms_key.<id>`.
 */
export function kmsKey(options: {
  id: string;
  description: string;
  /** The alias suffix, an HCL template body such as `${var.name}-logs`. */
  alias: string;
  /** Let CloudWatch Logs encrypt log groups of this account and region with the key. */
  cloudwatchLogs?: boolean;
  /** Other service principals that encrypt with the key (e.g. `cloudwatch.amazonaws.com` for SNS). */
  servicePrincipals?: readonly string[];
}): HclBody {
  const { id } = options;
  const services = options.servicePrincipals ?? [];
  return [
    data('aws_iam_policy_document', `${id}_key`, [
      policyStatement({
        sid: 'AccountAdministration',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [
          {
            type: 'AWS',
            identifiers: [
              expr(
                `"arn:\${${AWS_PARTITION}}:iam::\${${AWS_ACCOUNT_ID}}:root"`,
              ),
            ],
          },
        ],
      }),
      options.cloudwatchLogs &&
        policyStatement({
          sid: 'CloudWatchLogs',
          actions: [
            'kms:Decrypt*',
            'kms:Describe*',
            'kms:Encrypt*',
            'kms:GenerateDataKey*',
            'kms:ReEncrypt*',
          ],
          resources: ['*'],
          principals: [
            {
              type: 'Service',
              identifiers: [expr(`"logs.\${${AWS_REGION}}.amazonaws.com"`)],
            },
          ],
          conditions: [
            {
              test: 'ArnLike',
              variable: 'kms:EncryptionContext:aws:logs:arn',
              values: [
                expr(
                  `"arn:\${${AWS_PARTITION}}:logs:\${${AWS_REGION}}:\${${AWS_ACCOUNT_ID}}:log-group:*"`,
                ),
              ],
            },
          ],
        }),
      services.length > 0 &&
        policyStatement({
          sid: 'ServiceEncryption',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          principals: [{ type: 'Service', identifiers: [...services] }],
        }),
    ]),
    resource('aws_kms_key', id, [
      attr('description', expr(`"${options.description}"`)),
      attr('enable_key_rotation', true),
      attr('deletion_window_in_days', 30),
      attr('policy', expr(`data.aws_iam_policy_document.${id}_key.json`)),
    ]),
    resource('aws_kms_alias', id, [
      attr('name', expr(`"alias/${options.alias}"`)),
      attr('target_key_id', expr(`aws_kms_key.${id}.key_id`)),
    ]),
  ];
}
