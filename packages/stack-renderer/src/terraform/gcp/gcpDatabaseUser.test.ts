import {
  expectCreatesItsTables,
  expectRunsTwiceCleanly,
  testPsql as psql,
} from '../../testing/testPsql';
import { gcpDatabaseUserScript } from './gcpDatabaseUser';

/**
 * app_role.sql against a real PostgreSQL (the one scripts/with-postgres.sh starts for the suite),
 * set up the way Cloud SQL leaves an instance: `cloudsqlsuperuser` (here `<name>_cloudsqlsuperuser`)
 * owns the database the API created, the built-in user CI signs in as is a member of it, and the
 * application's IAM database user is a login role with no privileges and a name with `@` and `.`
 * (its service account e-mail without `.gserviceaccount.com`). The script is fed to psql on
 * standard input the way `make database-user` feeds the pod.
 */
describe('the GCP application grants (app_role.sql on PostgreSQL, Cloud SQL roles recreated)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `checkout_${suffix}`;
  const postgres = `postgres_${suffix}`;
  const superuser = `cloudsqlsuperuser_${suffix}`;
  const admin = `skyforge_ci_${suffix}`;
  const app = `checkout-app-${suffix}@demo-project.iam`;

  const run = () =>
    psql({
      user: admin,
      database: postgres,
      args: ['-f', '-'],
      input: [
        `\\set app_user '${app}'`,
        `\\set database '${database}'`,
        gcpDatabaseUserScript(),
      ].join('\n'),
    });

  beforeAll(() => {
    const setup = psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        `CREATE ROLE ${superuser} NOLOGIN CREATEROLE CREATEDB`,
        '-c',
        `CREATE ROLE ${admin} LOGIN IN ROLE ${superuser}`,
        '-c',
        `CREATE ROLE "${app}" LOGIN`,
        '-c',
        `CREATE DATABASE ${postgres} OWNER ${superuser}`,
        '-c',
        `CREATE DATABASE ${database} OWNER ${superuser}`,
      ],
    });
    if (setup.status !== 0) throw new Error(setup.stderr);
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
        `DROP ROLE IF EXISTS "${app}"`,
        '-c',
        `DROP ROLE IF EXISTS ${admin}`,
        '-c',
        `DROP ROLE IF EXISTS ${superuser}`,
      ],
    });
  });

  it('cannot create a table before the script ran (PostgreSQL 15+ public schema)', () => {
    const refused = psql({
      user: app,
      database,
      args: ['-c', 'CREATE TABLE early (id bigint)'],
    });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/permission denied for schema public/);
  });

  it('grants twice without error, and the IAM user may then create and use its tables', () => {
    expectRunsTwiceCleanly(run);
    expectCreatesItsTables({
      user: app,
      database,
      alsoRun: ['CREATE TEMPORARY TABLE scratch (id bigint)'],
    });
  });

  it('leaves the application no way to create roles or databases', () => {
    for (const statement of ['CREATE ROLE intruder', 'CREATE DATABASE other']) {
      const escalated = psql({ user: app, database, args: ['-c', statement] });
      expect({ statement, status: escalated.status }).not.toEqual({
        statement,
        status: 0,
      });
      expect(escalated.stderr).toMatch(/permission denied/);
    }
  });
});
