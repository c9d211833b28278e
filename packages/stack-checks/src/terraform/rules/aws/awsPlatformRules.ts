import type { TerraformRule } from '../../types';
import {
  expectCompanion,
  expectPresent,
  expectSetting,
  expectTrue,
  lookup,
} from '../ruleHelpers';

/** KMS, VPC flow logs and CloudWatch log groups. */
export const AWS_PLATFORM_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AWS_7',
    title: 'KMS key rotation enabled',
    cloud: 'aws',
    resourceTypes: ['aws_kms_key'],
    check: ({ resource }) => {
      // Only symmetric encryption keys can rotate.
      const spec = lookup(resource.body, 'customer_master_key_spec');
      const usage = lookup(resource.body, 'key_usage');
      const asymmetric =
        (spec.state === 'value' && spec.value !== 'SYMMETRIC_DEFAULT') ||
        (usage.state === 'value' && usage.value !== 'ENCRYPT_DECRYPT');
      return asymmetric
        ? undefined
        : expectTrue(resource.body, 'enable_key_rotation', false);
    },
  },
  {
    id: 'CKV2_AWS_11',
    title: 'VPC flow logs enabled',
    cloud: 'aws',
    resourceTypes: ['aws_vpc'],
    check: ({ resource, parsed }) =>
      expectCompanion({
        parsed,
        target: resource,
        type: 'aws_flow_log',
        attribute: 'vpc_id',
      }),
  },
  {
    id: 'CKV_AWS_158',
    title: 'CloudWatch log group encrypted with KMS',
    cloud: 'aws',
    resourceTypes: ['aws_cloudwatch_log_group'],
    check: ({ resource }) =>
      expectPresent(resource.body, 'kms_key_id', 'a KMS key ARN'),
  },
  {
    id: 'CKV_AWS_66',
    title: 'CloudWatch log group has a retention period',
    cloud: 'aws',
    resourceTypes: ['aws_cloudwatch_log_group'],
    // 0 (the default) keeps logs forever.
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'retention_in_days',
        whenAbsent: 0,
        expected: 'a number of days',
        accept: value => Number(value) > 0,
      }),
  },
];
