import { attr, block, expr, type HclBlock } from '../../hcl/hcl';
import { terraformOutput } from './terraformOutput';

/**
 * What the database role job of every cloud shares (gcpDatabaseRoleJob.ts, azureDatabaseRoleJob.ts):
 * the job that creates the application's PostgreSQL role where no cluster runs make
 * database-user's psql pod.
 */

/**
 * The psql image of the role jobs and of make database-user's pod: the Docker Official Image of
 * PostgreSQL, by its repository path on Docker Hub (`docker.io/library/postgres`) and its tag.
 * Each cloud pulls it through a mirror of its own, so the path is shared and the registry is not.
 */
export const PSQL_IMAGE = { repository: 'library/postgres', tag: '17-alpine' };

/** Shell lines of the job's script: wait for the server at $PGHOST to answer (60 tries, 2 s apart). */
export const WAIT_FOR_DATABASE = [
  'attempt=0',
  'until pg_isready -q -t 5; do',
  '  attempt=$((attempt + 1))',
  '  if [ "$attempt" -ge 60 ]; then',
  '    echo "The database at $PGHOST did not answer" >&2',
  '    exit 1',
  '  fi',
  '  sleep 2',
  'done',
];

/** One `env` entry of the job's container: a name and an HCL expression. */
export function roleJobEnv(name: string, value: string): HclBlock {
  return block('env', [], [attr('name', name), attr('value', expr(value))]);
}

/** The database module's output `role_job_name`: the job `product` runs (null without one). */
export function roleJobNameOutput(options: {
  product: string;
  value: string;
}): HclBlock {
  return terraformOutput({
    name: 'role_job_name',
    description: `${options.product} job that runs app_role.sql (make database-user), or null without one.`,
    value: options.value,
  });
}
