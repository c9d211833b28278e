import {
  comment,
  data,
  expr,
  type HclBody,
  type HclExpression,
} from '../../hcl/hcl';
import { AWS_PARTITION } from './awsContextData';
import { policyStatement } from './policyStatement';

const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

function arn(service: string, resourcePath: string): HclExpression {
  return expr(`"arn:\${${AWS_PARTITION}}:${service}:*:*:${resourcePath}"`);
}

const LOAD_BALANCERS = [
  arn('elasticloadbalancing', 'targetgroup/*/*'),
  arn('elasticloadbalancing', 'loadbalancer/net/*/*'),
  arn('elasticloadbalancing', 'loadbalancer/app/*/*'),
];

/** Only resources the controller tagged as its own (it tags everything it creates). */
const OWNED_BY_CONTROLLER = {
  test: 'Null',
  variable: `aws:ResourceTag/${CLUSTER_TAG}`,
  values: ['false'],
};

/**
 * The permissions of the AWS Load Balancer Controller
 * (`data.aws_iam_policy_document.load_balancer_controller`). Writes are limited to load balancers,
 * target groups and security groups that carry the controller's own cluster tag.
 */
export function loadBalancerControllerPolicy(): HclBody {
  return [
    comment(
      'The AWS Load Balancer Controller policy, following the one its project publishes for v2.',
    ),
    data('aws_iam_policy_document', 'load_balancer_controller', [
      policyStatement({
        sid: 'ServiceLinkedRole',
        actions: ['iam:CreateServiceLinkedRole'],
        resources: ['*'],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'iam:AWSServiceName',
            values: ['elasticloadbalancing.amazonaws.com'],
          },
        ],
      }),
      policyStatement({
        sid: 'Describe',
        actions: [
          'ec2:DescribeAccountAttributes',
          'ec2:DescribeAddresses',
          'ec2:DescribeAvailabilityZones',
          'ec2:DescribeCoipPools',
          'ec2:DescribeInstances',
          'ec2:DescribeInternetGateways',
          'ec2:DescribeIpamPools',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeRouteTables',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeTags',
          'ec2:DescribeVpcPeeringConnections',
          'ec2:DescribeVpcs',
          'ec2:GetCoipPoolUsage',
          'ec2:GetSecurityGroupsForVpc',
          'elasticloadbalancing:DescribeCapacityReservation',
          'elasticloadbalancing:DescribeListenerAttributes',
          'elasticloadbalancing:DescribeListenerCertificates',
          'elasticloadbalancing:DescribeListeners',
          'elasticloadbalancing:DescribeLoadBalancerAttributes',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeSSLPolicies',
          'elasticloadbalancing:DescribeTags',
          'elasticloadbalancing:DescribeTargetGroupAttributes',
          'elasticloadbalancing:DescribeTargetGroups',
          'elasticloadbalancing:DescribeTargetHealth',
          'elasticloadbalancing:DescribeTrustStores',
        ],
        resources: ['*'],
      }),
      policyStatement({
        sid: 'CertificatesAndFirewall',
        actions: [
          'acm:DescribeCertificate',
          'acm:ListCertificates',
          'cognito-idp:DescribeUserPoolClient',
          'iam:GetServerCertificate',
          'iam:ListServerCertificates',
          'shield:CreateProtection',
          'shield:DeleteProtection',
          'shield:DescribeProtection',
          'shield:GetSubscriptionState',
          'waf-regional:AssociateWebACL',
          'waf-regional:DisassociateWebACL',
          'waf-regional:GetWebACL',
          'waf-regional:GetWebACLForResource',
          'wafv2:AssociateWebACL',
          'wafv2:DisassociateWebACL',
          'wafv2:GetWebACL',
          'wafv2:GetWebACLForResource',
        ],
        resources: ['*'],
      }),
      policyStatement({
        sid: 'CreateSecurityGroups',
        actions: [
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateSecurityGroup',
          'ec2:RevokeSecurityGroupIngress',
        ],
        resources: ['*'],
      }),
      policyStatement({
        sid: 'TagNewSecurityGroups',
        actions: ['ec2:CreateTags'],
        resources: [arn('ec2', 'security-group/*')],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'ec2:CreateAction',
            values: ['CreateSecurityGroup'],
          },
          {
            test: 'Null',
            variable: `aws:RequestTag/${CLUSTER_TAG}`,
            values: ['false'],
          },
        ],
      }),
      policyStatement({
        sid: 'ManageOwnSecurityGroups',
        actions: [
          'ec2:AuthorizeSecurityGroupIngress',
          'ec2:CreateTags',
          'ec2:DeleteSecurityGroup',
          'ec2:DeleteTags',
          'ec2:RevokeSecurityGroupIngress',
        ],
        resources: [arn('ec2', 'security-group/*')],
        conditions: [OWNED_BY_CONTROLLER],
      }),
      policyStatement({
        sid: 'CreateLoadBalancers',
        actions: [
          'elasticloadbalancing:CreateLoadBalancer',
          'elasticloadbalancing:CreateTargetGroup',
        ],
        resources: ['*'],
        conditions: [
          {
            test: 'Null',
            variable: `aws:RequestTag/${CLUSTER_TAG}`,
            values: ['false'],
          },
        ],
      }),
      policyStatement({
        sid: 'TagNewLoadBalancers',
        actions: ['elasticloadbalancing:AddTags'],
        resources: LOAD_BALANCERS,
        conditions: [
          {
            test: 'StringEquals',
            variable: 'elasticloadbalancing:CreateAction',
            values: ['CreateLoadBalancer', 'CreateTargetGroup'],
          },
          {
            test: 'Null',
            variable: `aws:RequestTag/${CLUSTER_TAG}`,
            values: ['false'],
          },
        ],
      }),
      policyStatement({
        sid: 'ManageOwnLoadBalancers',
        actions: [
          'elasticloadbalancing:AddTags',
          'elasticloadbalancing:DeleteLoadBalancer',
          'elasticloadbalancing:DeleteTargetGroup',
          'elasticloadbalancing:ModifyCapacityReservation',
          'elasticloadbalancing:ModifyIpPools',
          'elasticloadbalancing:ModifyListenerAttributes',
          'elasticloadbalancing:ModifyLoadBalancerAttributes',
          'elasticloadbalancing:ModifyTargetGroup',
          'elasticloadbalancing:ModifyTargetGroupAttributes',
          'elasticloadbalancing:RemoveTags',
          'elasticloadbalancing:SetIpAddressType',
          'elasticloadbalancing:SetSecurityGroups',
          'elasticloadbalancing:SetSubnets',
        ],
        resources: LOAD_BALANCERS,
        conditions: [OWNED_BY_CONTROLLER],
      }),
      policyStatement({
        sid: 'ManageListenersAndRules',
        actions: [
          'elasticloadbalancing:AddListenerCertificates',
          'elasticloadbalancing:CreateListener',
          'elasticloadbalancing:CreateRule',
          'elasticloadbalancing:DeleteListener',
          'elasticloadbalancing:DeleteRule',
          'elasticloadbalancing:ModifyListener',
          'elasticloadbalancing:ModifyRule',
          'elasticloadbalancing:RemoveListenerCertificates',
          'elasticloadbalancing:SetRulePriorities',
          'elasticloadbalancing:SetWebAcl',
        ],
        resources: ['*'],
      }),
      policyStatement({
        sid: 'TagListenersAndRules',
        actions: [
          'elasticloadbalancing:AddTags',
          'elasticloadbalancing:RemoveTags',
        ],
        resources: [
          arn('elasticloadbalancing', 'listener/net/*/*/*'),
          arn('elasticloadbalancing', 'listener/app/*/*/*'),
          arn('elasticloadbalancing', 'listener-rule/net/*/*/*'),
          arn('elasticloadbalancing', 'listener-rule/app/*/*/*'),
        ],
      }),
      policyStatement({
        sid: 'RegisterTargets',
        actions: [
          'elasticloadbalancing:DeregisterTargets',
          'elasticloadbalancing:RegisterTargets',
        ],
        resources: [arn('elasticloadbalancing', 'targetgroup/*/*')],
      }),
    ]),
  ];
}
