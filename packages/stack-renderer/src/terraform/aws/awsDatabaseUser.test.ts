import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expectCreatesItsTables,
  expectRunsTwiceCleanly,
  testPsql as psql,
} from '../../testing/testPsql';
import { awsDatabaseUserScript } from './awsDatabaseUser';

/**
 * app_user.sql against a real PostgreSQL (the one scripts/with-postgres.sh starts for the suite),
 * set up the way RDS leaves a new instance: the built-in rds_iam role, a master user that may
 * create roles and owns the application database. The script runs as that master user, twice.
 */
describe('the RDS application role (app_user.sql on PostgreSQL)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `payments_api_${suffix}`;
  const admin = `postgres_admin_${suffix}`;
  const app = `payments_api_app_${suffix}`;
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'skyforge-app-user-'));
    writeFileSync(join(directory, 'app_user.sql'), awsDatabaseUserScript());
    const setup = psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam; END IF; END $$;",
        '-c',
        `CREATE ROLE ${admin} LOGIN CREATEROLE`,
        '-c',
        `GRANT rds_iam TO ${admin} WITH ADMIN OPTION`,
        '-c',
        `CREATE DATABASE ${database} OWNER ${admin}`,
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
        `DROP ROLE IF EXISTS ${app}`,
        '-c',
        `DROP ROLE IF EXISTS ${admin}`,
      ],
    });
    rmSync(directory, { recursive: true, force: true });
  });

  it('creates the IAM-authenticated role once, and it may create and use its tables', () => {
    expectRunsTwiceCleanly(() =>
      psql({
        user: admin,
        database,
        args: [
          '-v',
          `app_user=${app}`,
          '-v',
          `database=${database}`,
          '-f',
          join(directory, 'app_user.sql'),
        ],
      }),
    );
    const membership = psql({
      user: 'postgres',
      database,
      args: [
        '-c',
        `SELECT pg_has_role('${app}', 'rds_iam', 'member'), rolcanlogin FROM pg_roles WHERE rolname = '${app}'`,
      ],
    });
    expect(membership.stdout.trim()).toBe('t|t');
    expectCreatesItsTables({ user: app, database });
  });

  it('leaves the application no way to create roles or databases', () => {
    const escalated = psql({
      user: app,
      database,
      args: ['-c', 'CREATE ROLE intruder'],
    });
    expect(escalated.status).not.toBe(0);
    expect(escalated.stderr).toMatch(/permission denied/);
  });
});
