import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import {
  roleJobEnv,
  roleJobNameOutput,
  PSQL_IMAGE,
  WAIT_FOR_DATABASE,
} from '../common/databaseRoleJob';
import { terraformVariable } from '../common/terraformVariable';
import { placement } from './azureHclBlocks';

/** Where the Azure database module keeps the script its Container Apps job runs. */
export const AZURE_DATABASE_ROLE_JOB_SCRIPT =
  'infra/modules/database/azure/role-job.sh';

const { repository: PSQL_REPOSITORY, tag: PSQL_TAG } = PSQL_IMAGE;

/**
 * Where Azure pulls psql without a stack registry: the Docker Official Images that Amazon ECR
 * Public mirrors (the same image), whose anonymous pulls are limited per second (and 500 GB a
 * month), not per hours as Docker Hub's are from the NAT address the environment or cluster shares.
 */
const PUBLIC_MIRROR = 'public.ecr.aws/docker';

/** The psql image from {@link PUBLIC_MIRROR}, for the AKS pod of make database-user. */
export const AZURE_PUBLIC_PSQL_IMAGE = `${PUBLIC_MIRROR}/${PSQL_REPOSITORY}:${PSQL_TAG}`;

/** The Entra audience of Azure Database for PostgreSQL tokens (what `az account get-access-token --resource-type oss-rdbms` asks for). */
const POSTGRES_TOKEN_RESOURCE = 'https://ossrdbms-aad.database.windows.net';

/** The API version of the Container Apps managed identity endpoint (IDENTITY_ENDPOINT). */
const IDENTITY_API_VERSION = '2019-08-01';

/** Tries of one execution after the first: an Entra administrator of a first apply may take a moment to reach the server. */
const ROLE_JOB_RETRY_LIMIT = 2;

const ROLE_JOB = '[0]';
const ADMINISTRATOR = `azurerm_postgresql_flexible_server_active_directory_administrator.role_job${ROLE_JOB}`;

/**
 * The script of the database role job (`sh -c`): an access token for Azure Database for PostgreSQL of the
 * job's own user-assigned identity (AZURE_CLIENT_ID) from the Container Apps managed identity
 * endpoint (IDENTITY_ENDPOINT, asked with the IDENTITY_HEADER the platform sets; the token is never
 * in the job's spec, the execution or the logs), a wait for the server, app_role.sql (APP_ROLE_SQL)
 * through psql as that identity, an Entra administrator, with verify-full against the system CAs
 * (PGSSLMODE, PGSSLROOTCERT), then a check that the application's role exists and holds its grants
 * (PostgreSQL only warns on a GRANT it may not give).
 */
export function azureDatabaseRoleJobScript(): string {
  return [
    '# Runs in the Container Apps job of `make database-user` (Container Apps environments): app_role.sql',
    "# as the job's own identity, an Entra administrator of the server, signed in with its access token.",
    'set -eu',
    `token_url="\${IDENTITY_ENDPOINT}?resource=${POSTGRES_TOKEN_RESOURCE}&api-version=${IDENTITY_API_VERSION}&client_id=\${AZURE_CLIENT_ID}"`,
    'response="$(wget -q -O - --header "X-IDENTITY-HEADER: ${IDENTITY_HEADER}" "$token_url")" || {',
    '  echo "No access token from the managed identity endpoint" >&2',
    '  exit 1',
    '}',
    'PGPASSWORD="$(printf \'%s\' "$response" | sed -n \'s/.*"access_token" *: *"\\([^"]*\\)".*/\\1/p\')"',
    '[ -n "$PGPASSWORD" ] || {',
    '  echo "The managed identity endpoint answered without an access token" >&2',
    '  exit 1',
    '}',
    'export PGPASSWORD',
    ...WAIT_FOR_DATABASE,
    'printf \'%s\\n\' "$APP_ROLE_SQL" | psql -X -q -v ON_ERROR_STOP=1 -v app_user="$APP_USER" -v app_object_id="$APP_OBJECT_ID" -v database="$DATABASE" -f -',
    '# A GRANT without the right to grant only warns: check that the role exists and has its grants.',
    'granted="$(echo "SELECT has_database_privilege(oid, current_database(), \'CONNECT, TEMPORARY\') AND has_schema_privilege(oid, \'public\', \'CREATE\') FROM pg_roles WHERE rolname = :\'app_user\';" | psql -X -q -t -A -v ON_ERROR_STOP=1 -v app_user="$APP_USER" -d "$DATABASE" -f -)"',
    'if [ -z "$granted" ]; then',
    '  echo "The role $APP_USER does not exist after app_role.sql" >&2',
    '  exit 1',
    'fi',
    'if [ "$granted" != t ]; then',
    '  echo "$APP_USER still may not connect to $DATABASE or create tables in it: is $PGUSER an Entra administrator of the server (azure_pg_admin)?" >&2',
    '  exit 1',
    'fi',
    'echo "$APP_USER may connect to $DATABASE and create its tables."',
    '',
  ].join('\n');
}

/** The database module's variables of the database role job. */
export function azureDatabaseRoleJobVariables(): HclBody {
  return [
    terraformVariable({
      name: 'role_job',
      type: 'bool',
      description:
        "Run app_role.sql from a Container Apps job (Container Apps environments, which have no cluster for make database-user's psql pod). Known at plan time: it decides what exists.",
      default: false,
    }),
    terraformVariable({
      name: 'role_job_registry',
      type: 'object({\n    id           = string\n    login_server = string\n  })',
      description:
        "The stack's container registry: the role job pulls psql through its artifact cache of Docker Hub, with its own identity (AcrPull). Null for Docker Hub itself.",
      default: expr('null'),
    }),
    terraformVariable({
      name: 'role_job_environment_id',
      type: 'string',
      description:
        'Container Apps environment the database role job runs in (VNet-integrated: it reaches the server).',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'app_identity',
      type: 'object({\n    name         = string\n    principal_id = string\n  })',
      description:
        "The application's identity, whose PostgreSQL role the database role job creates (name and object ID).",
      default: expr('null'),
    }),
  ];
}

/**
 * The database role job of a Container Apps environment: its own user-assigned identity, made an Entra
 * administrator of the server, and the manually triggered Container Apps job running
 * {@link azureDatabaseRoleJobScript} in the environment. Nothing in the job is secret: the SQL, the
 * names and the client ID are plain; the token comes at run time.
 */
export function azureDatabaseRoleJobBlocks(): HclBody {
  const count = attr('count', expr('var.role_job ? 1 : 0'));
  const registryCount = attr(
    'count',
    expr('var.role_job && var.role_job_registry != null ? 1 : 0'),
  );
  return [
    comment(
      [
        'Container Apps environments: a Container Apps job runs app_role.sql (make database-user starts it).',
        "It runs as its own identity, not CI's, so the psql image never holds a token of the identity",
        'that manages the environment. That identity is an Entra administrator of this server (and of no',
        'other resource): Entra administrators are azure_pg_admin members, and only they may call',
        "pgaadauth_create_principal_with_oid, which maps the application's identity to a role.",
      ].join('\n'),
    ),
    resource('azurerm_user_assigned_identity', 'role_job', [
      count,
      attr('name', expr('"${var.name_prefix}-db-role"')),
      placement(),
      attr('tags', expr('var.tags')),
    ]),
    resource(
      'azurerm_postgresql_flexible_server_active_directory_administrator',
      'role_job',
      [
        count,
        attr(
          'server_name',
          expr('azurerm_postgresql_flexible_server.this.name'),
        ),
        attr('resource_group_name', expr('var.resource_group_name')),
        attr('tenant_id', expr('data.azurerm_client_config.current.tenant_id')),
        attr(
          'object_id',
          expr(
            `azurerm_user_assigned_identity.role_job${ROLE_JOB}.principal_id`,
          ),
        ),
        attr(
          'principal_name',
          expr(`azurerm_user_assigned_identity.role_job${ROLE_JOB}.name`),
        ),
        attr('principal_type', 'ServicePrincipal'),
      ],
    ),
    comment(
      [
        'With the stack registry the job pulls psql through its artifact cache of Docker Hub: the',
        'registry fetches the image once (not from the NAT address the environment shares, under',
        "Docker Hub's anonymous pull limit) and serves its copy to every execution, to the job's",
        'identity only (AcrPull).',
      ].join('\n'),
    ),
    resource('azurerm_container_registry_cache_rule', 'psql', [
      registryCount,
      attr('name', 'docker-hub-postgres'),
      attr('container_registry_id', expr('var.role_job_registry.id')),
      attr('source_repo', `docker.io/${PSQL_REPOSITORY}`),
      attr('target_repo', PSQL_REPOSITORY),
    ]),
    resource('azurerm_role_assignment', 'role_job_pull', [
      registryCount,
      attr('scope', expr('var.role_job_registry.id')),
      attr('role_definition_name', 'AcrPull'),
      attr(
        'principal_id',
        expr(`azurerm_user_assigned_identity.role_job${ROLE_JOB}.principal_id`),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    resource('azurerm_container_app_job', 'role_job', [
      count,
      comment('Container Apps job names take fewer than 32 characters.'),
      attr(
        'name',
        expr('"${trimsuffix(substr(var.name_prefix, 0, 23), "-")}-db-role"'),
      ),
      placement(),
      attr('container_app_environment_id', expr('var.role_job_environment_id')),
      attr('workload_profile_name', 'Consumption'),
      attr('replica_timeout_in_seconds', 600),
      attr('replica_retry_limit', ROLE_JOB_RETRY_LIMIT),
      blank(),
      block(
        'manual_trigger_config',
        [],
        [attr('parallelism', 1), attr('replica_completion_count', 1)],
      ),
      blank(),
      block(
        'identity',
        [],
        [
          attr('type', 'UserAssigned'),
          attr('identity_ids', [
            expr(`azurerm_user_assigned_identity.role_job${ROLE_JOB}.id`),
          ]),
        ],
      ),
      block(
        'dynamic',
        ['registry'],
        [
          attr(
            'for_each',
            expr(
              'var.role_job_registry == null ? [] : [var.role_job_registry.login_server]',
            ),
          ),
          block(
            'content',
            [],
            [
              attr('server', expr('registry.value')),
              attr(
                'identity',
                expr(`azurerm_user_assigned_identity.role_job${ROLE_JOB}.id`),
              ),
            ],
          ),
        ],
      ),
      blank(),
      block(
        'template',
        [],
        [
          block(
            'container',
            [],
            [
              attr('name', 'psql'),
              attr(
                'image',
                expr(
                  `"\${var.role_job_registry == null ? "${PUBLIC_MIRROR}" : var.role_job_registry.login_server}/${PSQL_REPOSITORY}:${PSQL_TAG}"`,
                ),
              ),
              attr('cpu', 0.25),
              attr('memory', '0.5Gi'),
              attr('command', ['/bin/sh', '-c']),
              attr('args', [expr('file("${path.module}/role-job.sh")')]),
              roleJobEnv(
                'PGHOST',
                'azurerm_postgresql_flexible_server.this.fqdn',
              ),
              roleJobEnv('PGDATABASE', '"postgres"'),
              roleJobEnv('PGUSER', `${ADMINISTRATOR}.principal_name`),
              comment(
                'The server certificate names its FQDN and chains to a public root: verify-full against the system CAs.',
              ),
              roleJobEnv('PGSSLMODE', '"verify-full"'),
              roleJobEnv('PGSSLROOTCERT', '"system"'),
              comment(
                'Which of the identities the managed identity endpoint signs a token for.',
              ),
              roleJobEnv(
                'AZURE_CLIENT_ID',
                `azurerm_user_assigned_identity.role_job${ROLE_JOB}.client_id`,
              ),
              roleJobEnv('APP_USER', 'var.app_identity.name'),
              roleJobEnv('APP_OBJECT_ID', 'var.app_identity.principal_id'),
              roleJobEnv(
                'DATABASE',
                'azurerm_postgresql_flexible_server_database.app.name',
              ),
              roleJobEnv('APP_ROLE_SQL', 'file("${path.module}/app_role.sql")'),
            ],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
      blank(),
      comment(
        'The pull through the cache needs the rule and the AcrPull grant first.',
      ),
      attr('depends_on', [
        expr('azurerm_container_registry_cache_rule.psql'),
        expr('azurerm_role_assignment.role_job_pull'),
      ]),
    ]),
  ];
}

/** The database module's outputs of the database role job (null without it). */
export function azureDatabaseRoleJobOutputs(): HclBody {
  return [
    roleJobNameOutput({
      product: 'Container Apps',
      value: 'one(azurerm_container_app_job.role_job[*].name)',
    }),
  ];
}
