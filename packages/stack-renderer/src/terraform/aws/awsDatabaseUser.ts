/** Where the AWS database module keeps the script `make database-user` runs. */
export const AWS_DATABASE_USER_SCRIPT =
  'infra/modules/database/aws/app_user.sql';

/** Local port `make database-user` forwards to the private RDS endpoint through the SSM relay. */
export const DATABASE_TUNNEL_PORT = 15432;

/**
 * The application's database role on RDS, as psql runs it with `-v app_user=… -v database=…`
 * signed in as the master user: created once, IAM-authenticated (rds_iam, so it has no password),
 * allowed to connect and to create its tables in the public schema. Every statement is safe to
 * run again, so the apply workflow runs it on every deploy.
 */
export function awsDatabaseUserScript(): string {
  return [
    "-- The application's database role, created by `make database-user` (the apply workflow runs it).",
    '-- psql variables: app_user (Terraform output database_user), database (database_name).',
    '-- It signs in with IAM auth tokens only: rds_iam turns password sign-in off for the role.',
    '-- Quiet on reruns ("already a member"); errors still stop the script (ON_ERROR_STOP).',
    'SET client_min_messages = warning;',
    "SELECT format('CREATE ROLE %I LOGIN', :'app_user')",
    "  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec",
    'GRANT rds_iam TO :"app_user";',
    'GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app_user";',
    '-- PostgreSQL 15+ no longer lets every role create objects in public: the application may.',
    'GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";',
    '',
  ].join('\n');
}
