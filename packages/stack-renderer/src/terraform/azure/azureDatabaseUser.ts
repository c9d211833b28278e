/** Where the Azure database module keeps the script `make database-user` runs. */
export const AZURE_DATABASE_USER_SCRIPT =
  'infra/modules/database/azure/app_role.sql';

/**
 * The application's database role on Azure Database for PostgreSQL, as psql runs it signed in to
 * the `postgres` database as an Entra administrator, with `-v app_user=… -v app_object_id=…
 * -v database=…`: the role of the application's managed identity, created once by Azure's
 * `pgaadauth_create_principal_with_oid` (it signs in with Entra tokens only, no password, not an
 * administrator), allowed to connect and to create its tables in the public schema of its
 * database. Every statement is safe to run again, so the apply workflow runs it on every deploy.
 */
export function azureDatabaseUserScript(): string {
  return [
    "-- The application's database role, created by `make database-user` (the apply workflow runs it)",
    '-- in the postgres database, signed in as an Entra administrator of the server.',
    '-- psql variables: app_user (Terraform output app_identity_name), app_object_id',
    '-- (app_identity_principal_id) and database (database_name).',
    'SET client_min_messages = warning;',
    "SELECT format('SELECT * FROM pgaadauth_create_principal_with_oid(%L, %L, %L, false, false)',",
    "              :'app_user', :'app_object_id', 'service')",
    "  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \\gexec",
    'GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"app_user";',
    '\\connect :"database"',
    'SET client_min_messages = warning;',
    '-- PostgreSQL 15+ no longer lets every role create objects in public: the application may.',
    'GRANT USAGE, CREATE ON SCHEMA public TO :"app_user";',
    '',
  ].join('\n');
}
