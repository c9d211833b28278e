import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { cloudSqlInstanceCondition } from './cloudSqlInstanceCondition';
import {
  PSQL_IMAGE,
  roleJobEnv,
  roleJobNameOutput,
  WAIT_FOR_DATABASE,
} from '../common/databaseRoleJob';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { CLOUD_RUN_EGRESS } from './gcpServerlessModule';

/** Where the GCP database module keeps the script its Cloud Run job runs. */
export const GCP_DATABASE_ROLE_JOB_SCRIPT =
  'infra/modules/database/gcp/role-job.sh';

/**
 * The psql image of the job, the one the GKE path runs as a pod (docker.io/library/postgres), by
 * its path in the Docker Hub remote repository of {@link gcpDatabaseRoleJobBlocks}.
 */
const PSQL_IMAGE_PATH = `${PSQL_IMAGE.repository}:${PSQL_IMAGE.tag}`;

/**
 * The OAuth scope of the job's access token: Cloud SQL login only (what `gcloud sql
 * generate-login-token` asks for), so the token psql holds can call no other Google API.
 */
const LOGIN_SCOPE = 'https://www.googleapis.com/auth/sqlservice.login';

/** Tries of one execution: the IAM grant of a first apply may take a moment to reach Cloud SQL. */
const ROLE_JOB_MAX_RETRIES = 3;

/**
 * The script of the database role job (`sh -c`): an access token of the job's own service account from
 * the metadata server (never in the job's spec, the execution or the logs), the server CA written
 * for verify-ca, a wait for the database (direct VPC egress may take a minute to connect after
 * start), then app_role.sql (from APP_ROLE_SQL) through psql as the IAM database user of that
 * service account, and the extensions in EXTENSIONS (pgAudit) in the application's database. GCE_METADATA_HOST, the variable Google's client libraries honour, points it
 * at another metadata server (the tests' stand-in).
 */
export function gcpDatabaseRoleJobScript(): string {
  return [
    '# Runs in the Cloud Run job of `make database-user` (serverless environments): app_role.sql as',
    "# the job's own IAM database user, signed in with an access token of its service account.",
    'set -eu',
    `token_url="http://\${GCE_METADATA_HOST:-metadata.google.internal}/computeMetadata/v1/instance/service-accounts/default/token?scopes=${LOGIN_SCOPE}"`,
    'response="$(wget -q -O - --header \'Metadata-Flavor: Google\' "$token_url")" || {',
    '  echo "No access token from the metadata server" >&2',
    '  exit 1',
    '}',
    'PGPASSWORD="$(printf \'%s\' "$response" | sed -n \'s/.*"access_token" *: *"\\([^"]*\\)".*/\\1/p\')"',
    '[ -n "$PGPASSWORD" ] || {',
    '  echo "The metadata server answered without an access token" >&2',
    '  exit 1',
    '}',
    'export PGPASSWORD',
    'if [ -n "${SERVER_CA:-}" ]; then',
    '  PGSSLROOTCERT="${TMPDIR:-/tmp}/server-ca.pem"',
    '  printf \'%s\\n\' "$SERVER_CA" > "$PGSSLROOTCERT"',
    '  export PGSSLROOTCERT',
    'fi',
    ...WAIT_FOR_DATABASE,
    'printf \'%s\\n\' "$APP_ROLE_SQL" | psql -X -q -v ON_ERROR_STOP=1 -v app_user="$APP_USER" -v database="$DATABASE" -f -',
    '# A GRANT without the right to grant only warns: check that it took.',
    'granted="$(echo "SELECT has_schema_privilege(:\'app_user\', \'public\', \'CREATE\');" | psql -X -q -t -A -v ON_ERROR_STOP=1 -v app_user="$APP_USER" -d "$DATABASE" -f -)"',
    'if [ "$granted" != t ]; then',
    '  echo "$APP_USER still may not create tables in $DATABASE: is $PGUSER a member of cloudsqlsuperuser (make database-user assigns it)?" >&2',
    '  exit 1',
    'fi',
    '# The extensions the instance loads (pgAudit): created in the database, as cloudsqlsuperuser.',
    'for extension in ${EXTENSIONS:-}; do',
    '  printf \'SET client_min_messages = warning;\\nCREATE EXTENSION IF NOT EXISTS "%s";\\n\' "$extension" | psql -X -q -v ON_ERROR_STOP=1 -d "$DATABASE" -f -',
    'done',
    '',
  ].join('\n');
}

/** The database module's variables of the database role job. */
export function gcpDatabaseRoleJobVariables(): HclBody {
  return [
    terraformVariable({
      name: 'role_job',
      type: 'bool',
      description:
        "Run app_role.sql from a Cloud Run job (serverless environments, which have no cluster for make database-user's psql pod). Known at plan time: it decides what exists.",
      default: false,
    }),
    terraformVariable({
      name: 'role_job_subnetwork_id',
      type: 'string',
      description:
        'Subnet the database role job sends its traffic into (direct VPC egress to the private IP); the Cloud Run service uses the same.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'role_job_service_account_id',
      type: 'string',
      description:
        'Account ID of the service account the database role job runs as (6 to 30 characters).',
      default: expr('null'),
    }),
  ];
}

const ROLE_JOB = '[0]';

/** The resource types of the database role job, each named `role_job`. */
const ROLE_JOB_RESOURCES = [
  'google_service_account',
  'google_sql_user',
  'google_project_iam_member',
  'google_cloud_run_v2_job',
];

/**
 * The database role job of a serverless environment: its own service account, an IAM database user of
 * it (`make database-user` makes that user a member of cloudsqlsuperuser through the Cloud SQL
 * Admin API, as CI), the right to sign in to this instance only, and the Cloud Run job running
 * {@link gcpDatabaseRoleJobScript} with direct VPC egress into the service's subnet. Nothing in
 * the job is secret: the SQL, the names and the server CA are plain; the token comes at run time.
 */
export function gcpDatabaseRoleJobBlocks(): HclBody {
  const count = attr('count', expr('var.role_job ? 1 : 0'));
  return [
    comment(
      [
        'Serverless environments: a Cloud Run job runs app_role.sql (make database-user executes it).',
        'It runs as its own service account, which can sign in to this instance and nothing else: not',
        "CI's identity, so the psql image never holds a token of the account that administers the project.",
      ].join('\n'),
    ),
    resource('google_service_account', 'role_job', [
      count,
      attr('project', expr('var.project_id')),
      attr('account_id', expr('var.role_job_service_account_id')),
      attr('display_name', expr('"Database role job ${var.name}"')),
    ]),
    resource('google_sql_user', 'role_job', [
      count,
      attr('project', expr('var.project_id')),
      attr('instance', expr('google_sql_database_instance.this.name')),
      attr(
        'name',
        expr(
          `trimsuffix(google_service_account.role_job${ROLE_JOB}.email, ".gserviceaccount.com")`,
        ),
      ),
      attr('type', 'CLOUD_IAM_SERVICE_ACCOUNT'),
      comment(
        [
          'Cloud SQL cannot delete a PostgreSQL user that holds SQL roles (make database-user makes it a',
          'cloudsqlsuperuser member) or owns objects (the pgAudit extension): once the job goes (the',
          'environment moves to Kubernetes), its user stays in the instance, unable to sign in without',
          'its deleted service account, rather than failing the apply.',
        ].join('\n'),
      ),
      attr('deletion_policy', 'ABANDON'),
    ]),
    resource('google_project_iam_member', 'role_job', [
      count,
      attr('project', expr('var.project_id')),
      comment(
        'Sign in with IAM database authentication (direct to the private IP: no connector, so no cloudsql.client).',
      ),
      attr('role', 'roles/cloudsql.instanceUser'),
      attr(
        'member',
        expr(
          `"serviceAccount:\${google_service_account.role_job${ROLE_JOB}.email}"`,
        ),
      ),
      blank(),
      cloudSqlInstanceCondition(),
    ]),
    comment(
      [
        'Docker Hub through an Artifact Registry remote repository: Cloud Run deploys images from Artifact',
        'Registry (Docker Hub directly only anonymously, under its pull rate limit), and the remote',
        'repository pulls the psql image once and serves its cached copy to every later deploy of the job.',
      ].join('\n'),
    ),
    resource('google_artifact_registry_repository', 'docker_hub', [
      count,
      attr('project', expr('var.project_id')),
      attr('location', expr('var.region')),
      attr('repository_id', expr('"${var.name}-docker-hub"')),
      attr('description', 'Docker Hub images of the database role job'),
      attr('format', 'DOCKER'),
      attr('mode', 'REMOTE_REPOSITORY'),
      attr('labels', expr('var.labels')),
      blank(),
      block(
        'remote_repository_config',
        [],
        [
          attr('description', 'Docker Hub'),
          block(
            'docker_repository',
            [],
            [attr('public_repository', 'DOCKER_HUB')],
          ),
        ],
      ),
    ]),
    resource('google_cloud_run_v2_job', 'role_job', [
      count,
      attr('project', expr('var.project_id')),
      attr('location', expr('var.region')),
      attr('name', expr('"${var.name}-db-role"')),
      attr('labels', expr('var.labels')),
      attr('deletion_protection', false),
      blank(),
      block(
        'template',
        [],
        [
          attr('task_count', 1),
          block(
            'template',
            [],
            [
              attr(
                'service_account',
                expr(`google_service_account.role_job${ROLE_JOB}.email`),
              ),
              attr('max_retries', ROLE_JOB_MAX_RETRIES),
              attr('timeout', '600s'),
              blank(),
              comment(
                'Direct VPC egress into the subnet of the Cloud Run service: the private IP of the instance.',
              ),
              block(
                'vpc_access',
                [],
                [
                  attr('egress', CLOUD_RUN_EGRESS),
                  block(
                    'network_interfaces',
                    [],
                    [
                      attr('network', expr('var.network_id')),
                      attr('subnetwork', expr('var.role_job_subnetwork_id')),
                    ],
                  ),
                ],
              ),
              blank(),
              block(
                'containers',
                [],
                [
                  attr(
                    'image',
                    expr(
                      `"\${google_artifact_registry_repository.docker_hub${ROLE_JOB}.location}-docker.pkg.dev/\${var.project_id}/\${google_artifact_registry_repository.docker_hub${ROLE_JOB}.repository_id}/${PSQL_IMAGE_PATH}"`,
                    ),
                  ),
                  attr('command', ['/bin/sh', '-c']),
                  attr('args', [expr('file("${path.module}/role-job.sh")')]),
                  roleJobEnv(
                    'PGHOST',
                    'google_sql_database_instance.this.private_ip_address',
                  ),
                  roleJobEnv('PGDATABASE', '"postgres"'),
                  roleJobEnv(
                    'PGUSER',
                    `google_sql_user.role_job${ROLE_JOB}.name`,
                  ),
                  comment(
                    'Cloud SQL server certificates name the instance, not its IP: verify-ca, not verify-full.',
                  ),
                  roleJobEnv('PGSSLMODE', '"verify-ca"'),
                  roleJobEnv(
                    'SERVER_CA',
                    'google_sql_database_instance.this.server_ca_cert[0].cert',
                  ),
                  roleJobEnv('APP_USER', 'google_sql_user.app.name'),
                  roleJobEnv('DATABASE', 'google_sql_database.app.name'),
                  comment(
                    'cloudsql.enable_pgaudit loads pgAudit; it logs (pgaudit.log) once the extension exists.',
                  ),
                  roleJobEnv('EXTENSIONS', '"pgaudit"'),
                  roleJobEnv(
                    'APP_ROLE_SQL',
                    'file("${path.module}/app_role.sql")',
                  ),
                ],
              ),
            ],
          ),
        ],
      ),
    ]),
    comment(
      'Named "grants" before: the addresses move; the new job name replaces the job (it runs on demand).',
    ),
    ...ROLE_JOB_RESOURCES.map(type =>
      block(
        'moved',
        [],
        [
          attr('from', expr(`${type}.grants`)),
          attr('to', expr(`${type}.role_job`)),
        ],
      ),
    ),
  ];
}

/** The database module's outputs of the database role job (null without it). */
export function gcpDatabaseRoleJobOutputs(): HclBody {
  return [
    roleJobNameOutput({
      product: 'Cloud Run',
      value: `one(google_cloud_run_v2_job.role_job[*].name)`,
    }),
    terraformOutput({
      name: 'role_job_user',
      description:
        "IAM database user of the database role job's service account, or null without one.",
      value: `one(google_sql_user.role_job[*].name)`,
    }),
  ];
}
