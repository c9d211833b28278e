import type { TerraformRule } from '../../types';
import { expectFalse, expectOneOf, expectTrue, lookup } from '../ruleHelpers';

/**
 * Elastic Load Balancing security policies that allow only TLS 1.2 and 1.3 ("Security policies
 * for your Application Load Balancer").
 */
const TLS12_POLICIES = [
  'ELBSecurityPolicy-TLS13-1-2-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06',
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06',
  'ELBSecurityPolicy-TLS13-1-3-2021-06',
  'ELBSecurityPolicy-TLS-1-2-2017-01',
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06',
  'ELBSecurityPolicy-FS-1-2-Res-2020-10',
];

/** The load balancer and ECS service of serverless environments. */
export const AWS_SERVERLESS_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AWS_131',
    title: 'ALB drops invalid HTTP headers',
    cloud: 'aws',
    resourceTypes: ['aws_lb'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'drop_invalid_header_fields', false),
  },
  {
    id: 'CKV_AWS_91',
    title: 'Load balancer access logging enabled',
    cloud: 'aws',
    resourceTypes: ['aws_lb'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'access_logs.enabled', false),
  },
  {
    id: 'CKV_AWS_103',
    title: 'HTTPS listeners allow TLS 1.2 or newer only',
    cloud: 'aws',
    resourceTypes: ['aws_lb_listener'],
    check: ({ resource }) => {
      const protocol = lookup(resource.body, 'protocol');
      if (protocol.state !== 'value' || protocol.value !== 'HTTPS')
        return undefined;
      // Without ssl_policy the listener uses ELBSecurityPolicy-2016-08, which allows TLS 1.0.
      return expectOneOf(resource.body, 'ssl_policy', TLS12_POLICIES);
    },
  },
  {
    id: 'CKV_AWS_333',
    title: 'ECS services do not give tasks public IPs',
    cloud: 'aws',
    resourceTypes: ['aws_ecs_service'],
    check: ({ resource }) =>
      expectFalse(
        resource.body,
        'network_configuration.assign_public_ip',
        false,
      ),
  },
];
