import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { violationsOf } from './ruleTesting';

/**
 * Each rule added for a finding of the production review (2026-12-03) fails on the rendering
 * that review judged. The fixtures are verbatim excerpts of the all-clouds-gpu golden before issue
 * #12, so this holds without git history.
 */
const FIXTURES = join(__dirname, '__fixtures__', 'previous-golden');

const EXPECTED: ReadonlyArray<[fixture: string, rules: string[]]> = [
  [
    'gcp-bootstrap.tf',
    [
      'SKYFORGE_GCP_PROJECT_PER_ENVIRONMENT',
      'SKYFORGE_GCP_PLAN_READS_REDIS_AUTH',
      'SKYFORGE_GCP_CONDITIONAL_IAM_ADMIN',
    ],
  ],
  [
    'gcp-cluster.tf',
    [
      'SKYFORGE_GCP_VERSION_OFFERED',
      'SKYFORGE_GCP_INGRESS_TLS',
      'SKYFORGE_GCP_WORKLOAD_IDENTITY_MEMBER',
    ],
  ],
  ['gcp-database.tf', ['SKYFORGE_GCP_CLOUD_SQL_PGAUDIT']],
  [
    'azure-bootstrap.tf',
    [
      'SKYFORGE_AZURE_PLAN_READ_ONLY',
      'SKYFORGE_AZURE_PLAN_READS_CLUSTERS',
      'SKYFORGE_AZURE_ENVIRONMENT_SCOPE',
    ],
  ],
  [
    'azure-cluster.tf',
    ['SKYFORGE_AZURE_CLUSTER_ACCESS', 'SKYFORGE_AZURE_APP_ROUTING_CERTIFICATE'],
  ],
  [
    'azure-database.tf',
    ['SKYFORGE_AZURE_DATABASE_ADMIN_NOT_APP', 'SKYFORGE_AZURE_MANAGED_REDIS'],
  ],
  [
    'azure-network.tf',
    [
      'SKYFORGE_AZURE_STORAGE_DATA_PLANE',
      'SKYFORGE_AZURE_POSTGRES_HA_TRAFFIC',
      'SKYFORGE_AZURE_NETWORK_WATCHER_LOOKUP',
    ],
  ],
];

describe('the review rules on the previous golden render', () => {
  it.each(EXPECTED)('%s fails %j', async (fixture, rules) => {
    const violations = await violationsOf(
      readFileSync(join(FIXTURES, fixture), 'utf8'),
    );
    const ids = violations.map(violation => violation.ruleId);
    for (const rule of rules) expect(ids).toContain(rule);
  });

  it('covers every rule added for the review', () => {
    const covered = EXPECTED.flatMap(([, rules]) => rules).sort();
    expect(covered).toEqual([...new Set(covered)]);
    expect(covered).toHaveLength(17);
  });
});
