/** Where the GCP database module keeps the script `make database-user` runs. */
export const GCP_DATABASE_USER_SCRIPT =
  'infra/modules/database/gcp/app_role.sql';

/**
 * The Cloud SQL built-in user `make database-user` signs in as. Cloud SQL makes every user it
 * creates through its API a member of `cloudsqlsuperuser`, which owns the databases the API
 * creates (so their `public` schema), and IAM users get no privileges at all: granting the
 * application's IAM user anything needs a member of it. On GKE that is this built-in user, on
 * which CI sets a fresh random password on every run and keeps it nowhere; on Cloud Run it is
 * the database role job's IAM user, made a member through the Admin API (gcloud sql users assign-roles).
 */
export const GCP_DATABASE_CI_USER = 'skyforge_ci';

/**
 * The application's privileges on Cloud SQL for PostgreSQL, as psql runs it signed in to the
 * `postgres` database as {@link GCP_DATABASE_CI_USER}, with `-v app_user=… -v database=…`.
 * Terraform creates the application's IAM database user (google_sql_user, its service account
 * e-mail without `.gserviceaccount.com`) with no privileges; PostgreSQL 15+ no longer lets every
 * role create objects in `public`. Every statement is safe to run again, so the apply workflow
 * runs it on every deploy.
 */
export function gcpDatabaseUserScript(): string {
  return [
    "-- The application's privileges, granted by `make database-user` (the apply workflow runs it)",
    `-- in the postgres database, signed in as the Cloud SQL built-in user ${GCP_DATABASE_CI_USER} (cloudsqlsuperuser).`,
    '-- psql variables: app_user (Terraform output database_user: the IAM database user Terraform',
    '-- creates) and database (database_name).',
    'SET client_min_messages = warning;',
    'GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app_user";',
    '\\connect :"database"',
    'SET client_min_messages = warning;',
    '-- PostgreSQL 15+ no longer lets every role create objects in public: the application may.',
    'GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";',
    '',
  ].join('\n');
}
