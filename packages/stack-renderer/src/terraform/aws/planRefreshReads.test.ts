import { renderStack } from '../../renderStack';
import { exampleSpecs } from '../../testing/exampleSpecs';
import {
  PLAN_DENIED_ACTIONS,
  PLAN_PUBLIC_PARAMETER_ACTIONS,
  planReadActions,
} from './awsCiPolicies';
import { AWS_SERVICES } from './awsServices';
import {
  iamActionMatches,
  planRefreshReadGaps,
  planRefreshReads,
} from './planRefreshReads';
import { VIEW_ONLY_ACCESS } from './viewOnlyAccess';

const PLAN_REFRESH_READS = planRefreshReads(Object.values(AWS_SERVICES));
const PLAN_READ_ACTIONS = planReadActions();
const PLAN_ROLE_ALLOWS = [
  ...VIEW_ONLY_ACCESS.actions,
  ...PLAN_READ_ACTIONS,
  ...PLAN_PUBLIC_PARAMETER_ACTIONS,
];

const DECLARATION = /^(resource|data)\s+"(aws_[a-z0-9_]+)"/gm;

/** `resource <type>` / `data <type>` of every AWS declaration the plan role refreshes. */
function environmentRootTypes(): Map<string, string> {
  const types = new Map<string, string>();
  for (const [name, spec] of Object.entries(exampleSpecs)) {
    const { files } = renderStack(spec);
    for (const [path, content] of Object.entries(files)) {
      if (!/^infra\/(envs|modules)\/.*\.tf$/.test(path)) continue;
      for (const [, kind, type] of content.matchAll(DECLARATION)) {
        const key = `${kind} ${type}`;
        if (!types.has(key)) types.set(key, `${name}: ${path}`);
      }
    }
  }
  return types;
}

describe('the refresh reads of the AWS plan role', () => {
  const rendered = environmentRootTypes();

  it('lists every AWS resource and data type the environment roots and their modules declare', () => {
    const unlisted = [...rendered]
      .filter(([type]) => !(type in PLAN_REFRESH_READS))
      .map(([type, where]) => `${type} (first in ${where})`);
    expect(unlisted).toEqual([]);
    expect(rendered.size).toBeGreaterThan(60);
  });

  it('lists no type the roots no longer declare', () => {
    expect(
      Object.keys(PLAN_REFRESH_READS).filter(type => !rendered.has(type)),
    ).toEqual([]);
  });

  it('grants each read through ViewOnlyAccess or the plan policy, and denies none of them', () => {
    expect(
      planRefreshReadGaps(
        PLAN_REFRESH_READS,
        PLAN_ROLE_ALLOWS,
        PLAN_DENIED_ACTIONS,
      ),
    ).toEqual([]);
  });

  it('names the type and provider source when a read is missing or denied', () => {
    const withoutGrafana = PLAN_ROLE_ALLOWS.filter(
      action => action !== 'grafana:DescribeWorkspaceConfiguration',
    );
    expect(
      planRefreshReadGaps(
        PLAN_REFRESH_READS,
        withoutGrafana,
        PLAN_DENIED_ACTIONS,
      ),
    ).toEqual([
      'resource aws_grafana_workspace (grafana/workspace.go): grafana:DescribeWorkspaceConfiguration is not allowed',
    ]);
    expect(
      planRefreshReadGaps(PLAN_REFRESH_READS, PLAN_ROLE_ALLOWS, [
        ...PLAN_DENIED_ACTIONS,
        'secretsmanager:Describe*',
      ]),
    ).toEqual([
      'data aws_secretsmanager_secret (secretsmanager/secret_data_source.go): secretsmanager:DescribeSecret is explicitly denied',
    ]);
  });

  it('lists concrete actions only, so that the check is exact', () => {
    const patterns = Object.entries(PLAN_REFRESH_READS).flatMap(
      ([type, read]) =>
        read.actions.filter(a => /[*?]/.test(a)).map(a => `${type}: ${a}`),
    );
    expect(patterns).toEqual([]);
  });

  it('never lets the plan role read a secret value, an object or a log event', () => {
    for (const action of [
      'secretsmanager:GetSecretValue',
      'logs:GetLogEvents',
      'ecr:BatchGetImage',
    ]) {
      expect(
        PLAN_DENIED_ACTIONS.some(pattern => iamActionMatches(pattern, action)),
      ).toBe(true);
    }
    expect(
      PLAN_READ_ACTIONS.some(pattern =>
        iamActionMatches(pattern, 'secretsmanager:GetSecretValue'),
      ),
    ).toBe(false);
  });
});

describe('iamActionMatches', () => {
  it.each([
    ['kafka:DescribeCluster*', 'kafka:DescribeClusterV2', true],
    ['kafka:DescribeCluster*', 'kafka:describeclusterv2', true],
    ['kafka:DescribeCluster*', 'kafka:GetBootstrapBrokers', false],
    ['s3:GetBucket*', 's3:GetBucketPolicy', true],
    ['s3:GetBucket*', 's3:GetObject', false],
    ['iam:List*', 'iam:ListRolePolicies', true],
    ['ec2:Describe?pcs', 'ec2:DescribeVpcs', true],
    ['ecs:Describe*', 'ecr:DescribeRepositories', false],
    ['sns:GetTopicAttributes', 'sns:GetTopicAttributesX', false],
  ])('%s covers %s: %s', (pattern, action, expected) => {
    expect(iamActionMatches(pattern, action)).toBe(expected);
  });
});
