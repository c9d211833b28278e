import {
  expectCreatesItsTables,
  expectRunsTwiceCleanly,
  testPsql as psql,
} from '../../testing/testPsql';
import { azureDatabaseUserScript } from './azureDatabaseUser';

/**
 * app_role.sql against a real PostgreSQL (the one scripts/with-postgres.sh starts for the suite),
 * set up the way Azure Database for PostgreSQL leaves a server for its Entra administrator: an
 * administrator that may create roles and owns the application database, and a `postgres`
 * database (here `<name>_postgres`). Azure's pgaadauth extension does not exist outside Azure, so
 * `pgaadauth_create_principal_with_oid` is a stand-in with its signature that creates a login role
 * (what the real one does, plus the Entra security label); everything else is the script as
 * rendered, fed to psql on standard input the way `make database-user` feeds the pod.
 */
describe('the Azure application role (app_role.sql on PostgreSQL, pgaadauth stand-in)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `checkout_${suffix}`;
  const postgres = `postgres_${suffix}`;
  const admin = `ci_admin_${suffix}`;
  const app = `checkout_app_${suffix}`;
  const calls = `pgaadauth_calls_${suffix}`;

  const run = () =>
    psql({
      user: admin,
      database: postgres,
      args: ['-f', '-'],
      input: [
        `\\set app_user '${app}'`,
        "\\set app_object_id '00000000-0000-0000-0000-000000000001'",
        `\\set database '${database}'`,
        azureDatabaseUserScript(),
      ].join('\n'),
    });

  beforeAll(() => {
    const setup = psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        `CREATE ROLE ${admin} LOGIN CREATEROLE`,
        '-c',
        `CREATE DATABASE ${postgres} OWNER ${admin}`,
        '-c',
        `CREATE DATABASE ${database} OWNER ${admin}`,
      ],
    });
    if (setup.status !== 0) throw new Error(setup.stderr);
    const standIn = psql({
      user: admin,
      database: postgres,
      args: [
        '-c',
        `CREATE TABLE ${calls} (role_name text, object_id text, object_type text, is_admin boolean, is_mfa boolean)`,
        '-c',
        `CREATE FUNCTION pgaadauth_create_principal_with_oid(role_name text, object_id text, object_type text, is_admin boolean, is_mfa boolean) RETURNS text LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ${calls} VALUES (role_name, object_id, object_type, is_admin, is_mfa); EXECUTE format('CREATE ROLE %I LOGIN', role_name); RETURN format('Created role for %s', role_name); END $$`,
      ],
    });
    if (standIn.status !== 0) throw new Error(standIn.stderr);
  });

  afterAll(() => {
    psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        `DROP DATABASE IF EXISTS ${database}`,
        '-c',
        `DROP DATABASE IF EXISTS ${postgres}`,
        '-c',
        `DROP ROLE IF EXISTS ${app}`,
        '-c',
        `DROP ROLE IF EXISTS ${admin}`,
      ],
    });
  });

  it('creates the Entra role once (a service principal, not an administrator), and it may create and use its tables', () => {
    expectRunsTwiceCleanly(run);
    const created = psql({
      user: admin,
      database: postgres,
      args: ['-c', `SELECT * FROM ${calls}`],
    });
    expect(created.stdout.trim()).toBe(
      `${app}|00000000-0000-0000-0000-000000000001|service|f|f`,
    );
    expectCreatesItsTables({ user: app, database });
  });

  it('leaves the application no way to create roles', () => {
    const escalated = psql({
      user: app,
      database,
      args: ['-c', 'CREATE ROLE intruder'],
    });
    expect(escalated.status).not.toBe(0);
    expect(escalated.stderr).toMatch(/permission denied/);
  });
});
