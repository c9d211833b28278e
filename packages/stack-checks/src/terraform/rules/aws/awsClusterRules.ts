import type { TerraformRule } from '../../types';
import {
  asBoolean,
  blocks,
  expectFalse,
  expectOneOf,
  expectSetting,
  firstFailure,
  literalStrings,
  lookup,
  OPEN_CIDRS,
} from '../ruleHelpers';

/** Every EKS control-plane log type; CKV_AWS_37 wants all of them. */
const EKS_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
];

/** EKS control plane and nodes (see ruleHelpers.ts for how expressions are judged). */
export const AWS_CLUSTER_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AWS_39',
    title: 'EKS public endpoint disabled',
    cloud: 'aws',
    resourceTypes: ['aws_eks_cluster'],
    // The provider default is a public endpoint.
    check: ({ resource }) =>
      expectFalse(resource.body, 'vpc_config.endpoint_public_access', true),
  },
  {
    id: 'CKV_AWS_38',
    title: 'EKS public endpoint, if enabled, not open to 0.0.0.0/0',
    cloud: 'aws',
    resourceTypes: ['aws_eks_cluster'],
    check: ({ resource }) => {
      const publicAccess = lookup(
        resource.body,
        'vpc_config.endpoint_public_access',
      );
      if (publicAccess.state === 'unknown') return undefined;
      if (
        publicAccess.state === 'value' &&
        asBoolean(publicAccess.value) === false
      )
        return undefined;
      // An omitted public_access_cidrs means 0.0.0.0/0.
      return expectSetting({
        body: resource.body,
        path: 'vpc_config.public_access_cidrs',
        expected: 'a list of CIDRs without 0.0.0.0/0',
        accept: value =>
          Array.isArray(value) &&
          value.length > 0 &&
          !value.some(
            cidr => typeof cidr === 'string' && OPEN_CIDRS.includes(cidr),
          ),
      });
    },
  },
  {
    id: 'CKV_AWS_58',
    title: 'EKS secrets encryption with KMS',
    cloud: 'aws',
    resourceTypes: ['aws_eks_cluster'],
    check: ({ resource }) => {
      const [encryption] = blocks(resource.body, 'encryption_config');
      if (!encryption)
        return 'encryption_config is not set; expected secrets encrypted with a KMS key';
      const resources = literalStrings(encryption, 'resources');
      return firstFailure(
        resources && !resources.includes('secrets')
          ? 'encryption_config.resources does not include "secrets"'
          : undefined,
        expectSetting({
          body: encryption,
          path: 'provider.key_arn',
          expected: 'a KMS key ARN',
          accept: value => typeof value === 'string' && value !== '',
        }),
      );
    },
  },
  {
    id: 'CKV_AWS_37',
    title: 'EKS control-plane logging for all log types',
    cloud: 'aws',
    resourceTypes: ['aws_eks_cluster'],
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'enabled_cluster_log_types',
        expected: JSON.stringify(EKS_LOG_TYPES),
        accept: value =>
          Array.isArray(value) &&
          EKS_LOG_TYPES.every(type => value.includes(type)),
      }),
  },
  {
    id: 'CKV_AWS_100',
    title: 'EKS node group has no SSH from 0.0.0.0/0',
    cloud: 'aws',
    resourceTypes: ['aws_eks_node_group'],
    check: ({ resource }) => {
      const [remoteAccess] = blocks(resource.body, 'remote_access');
      if (
        !remoteAccess ||
        lookup(remoteAccess, 'ec2_ssh_key').state === 'absent'
      )
        return undefined;
      // With a key but no source security groups, EKS opens port 22 to 0.0.0.0/0.
      return lookup(remoteAccess, 'source_security_group_ids').state ===
        'absent'
        ? 'remote_access has an SSH key but no source_security_group_ids, which opens SSH to 0.0.0.0/0'
        : undefined;
    },
  },
  {
    id: 'CKV_AWS_79',
    title: 'Instance metadata service v1 disabled (IMDSv2 tokens required)',
    cloud: 'aws',
    resourceTypes: ['aws_launch_template', 'aws_instance'],
    check: ({ resource }) => {
      const endpoint = lookup(resource.body, 'metadata_options.http_endpoint');
      if (endpoint.state === 'value' && endpoint.value === 'disabled')
        return undefined;
      return expectOneOf(
        resource.body,
        'metadata_options.http_tokens',
        ['required'],
        'optional',
      );
    },
  },
  {
    id: 'CKV_AWS_341',
    title: 'Launch template metadata hop limit is 1',
    cloud: 'aws',
    resourceTypes: ['aws_launch_template'],
    // Must be explicit: the EKS AL2023 AMIs default to 2, which lets pods reach node credentials.
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'metadata_options.http_put_response_hop_limit',
        expected: '1',
        accept: value => Number(value) === 1,
      }),
  },
];
