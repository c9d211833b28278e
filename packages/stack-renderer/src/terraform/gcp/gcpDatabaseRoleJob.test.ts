import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../../renderStack';
import { parseStackSpec } from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import { startMetadataServerStandIn } from '../../testing/metadataServerStandIn';
import {
  expectCreatesItsTables,
  expectRunsTwiceCleanly,
  testPsql as psql,
} from '../../testing/testPsql';
import { GCP_DATABASE_ROLE_JOB_SCRIPT } from './gcpDatabaseRoleJob';
import { GCP_DATABASE_USER_SCRIPT } from './gcpDatabaseUser';

const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBstandin\n-----END CERTIFICATE-----';
const TOKEN = 'ya29.stand-in-login-token';
const TOKEN_REQUEST = `GET /computeMetadata/v1/instance/service-accounts/default/token?scopes=https://www.googleapis.com/auth/sqlservice.login Google`;

/** The names of the `env` blocks of the database role job in the rendered database module. */
function jobEnvironmentNames(main: string): string[] {
  const job = main.slice(
    main.indexOf('resource "google_cloud_run_v2_job" "role_job"'),
  );
  return [...job.matchAll(/name\s+=\s+"([A-Z_]+)"/g)]
    .map(match => match[1]!)
    .sort();
}

/**
 * The database role job of a serverless GCP environment (dev-lab), its rendered script run by `sh` the
 * way the job's container runs it, against a real PostgreSQL (scripts/with-postgres.sh) set up as
 * Cloud SQL leaves an instance: `cloudsqlsuperuser` (here `<name>_cloudsqlsuperuser`) owns the
 * databases, the job's and the application's IAM database users are login roles named after their
 * service accounts. The metadata server is a stand-in process (GCE_METADATA_HOST). The local
 * server trusts local connections and has no TLS: the token is not checked by the server here,
 * and the job's verify-ca is replaced by sslmode=disable (the CA file is still written and read back).
 */
describe('the GCP database role job (its rendered script on PostgreSQL, stand-in metadata server)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `lab_${suffix}`;
  const postgres = `postgres_${suffix}`;
  const superuser = `cloudsqlsuperuser_${suffix}`;
  const roleJob = `lab-dev-grants-${suffix}@demo-project.iam`;
  const app = `lab-dev-${suffix}@demo-project.iam`;
  const work = mkdtempSync(join(tmpdir(), 'skyforge-role-job-'));
  const files = renderStack(parseStackSpec(exampleSpecs['dev-lab']!)).files;
  const script = files[GCP_DATABASE_ROLE_JOB_SCRIPT]!;
  const servers: Array<{ stop(): void }> = [];

  /** The job's environment as Terraform sets it, pointed at the local server and stand-in. */
  const jobEnvironment = (metadataHost: string) => {
    const url = new URL(process.env.SKYFORGE_TEST_POSTGRES_URL ?? 'x://');
    return {
      PGHOST: url.hostname,
      PGDATABASE: postgres,
      PGUSER: roleJob,
      PGSSLMODE: 'disable',
      SERVER_CA: CA_PEM,
      APP_USER: app,
      DATABASE: database,
      APP_ROLE_SQL: files[GCP_DATABASE_USER_SCRIPT]!,
      // pgAudit is Cloud SQL's; pgcrypto is a trusted extension this server has.
      EXTENSIONS: 'pgcrypto',
      // Not the job's: where this machine's server, stand-in and temporary files are.
      PGPORT: url.port,
      GCE_METADATA_HOST: metadataHost,
      TMPDIR: work,
      PATH: process.env.PATH,
    };
  };
  const runJob = (metadataHost: string) => {
    const ran = spawnSync('sh', ['-c', script], {
      env: jobEnvironment(metadataHost),
      encoding: 'utf8',
    });
    return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
  };
  const startStandIn = async (
    name: string,
    answer: { token: string } | { status: number },
  ) => {
    const server = await startMetadataServerStandIn({
      log: join(work, `${name}.log`),
      answer,
    });
    servers.push(server);
    return server;
  };
  const appCreatesTable = () =>
    psql({ user: app, database, args: ['-c', 'CREATE TABLE early (id int)'] });

  beforeAll(() => {
    const setup = psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        `CREATE ROLE ${superuser} NOLOGIN CREATEROLE CREATEDB`,
        '-c',
        `CREATE ROLE "${roleJob}" LOGIN`,
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
    for (const server of servers) server.stop();
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
        `DROP ROLE IF EXISTS "${roleJob}"`,
        '-c',
        `DROP ROLE IF EXISTS ${superuser}`,
      ],
    });
    rmSync(work, { recursive: true, force: true });
  });

  it('sets in the rendered Cloud Run job exactly the variables the script is given here', () => {
    const own = ['PGPORT', 'GCE_METADATA_HOST', 'TMPDIR', 'PATH'];
    expect(
      jobEnvironmentNames(files['infra/modules/database/gcp/main.tf']!),
    ).toEqual(
      Object.keys(jobEnvironment(''))
        .filter(name => !own.includes(name))
        .sort(),
    );
  });

  it('stops with a clear error and grants nothing when the metadata server gives no token', async () => {
    const refusing = await startStandIn('refusing', { status: 500 });
    const failed = runJob(refusing.host);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain('No access token from the metadata server');
    const empty = await startStandIn('empty', { token: '' });
    expect(runJob(empty.host).stderr).toContain(
      'The metadata server answered without an access token',
    );
    expect(appCreatesTable().stderr).toMatch(
      /permission denied for schema public/,
    );
  });

  it('fails, naming the missing membership, while its user is not in cloudsqlsuperuser (PostgreSQL only warns on a GRANT without the right to grant)', async () => {
    const metadata = await startStandIn('early', { token: TOKEN });
    const failed = runJob(metadata.host);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/WARNING: {2}no privileges were granted/);
    expect(failed.stderr).toContain(
      `${app} still may not create tables in ${database}: is ${roleJob} a member of cloudsqlsuperuser`,
    );
    expect(failed.stderr).not.toContain(TOKEN);
    expect(appCreatesTable().stderr).toMatch(
      /permission denied for schema public/,
    );
  });

  it('signs in with a Cloud SQL login token from the metadata server, grants twice cleanly, and the application may then create its tables', async () => {
    const metadata = await startStandIn('granting', { token: TOKEN });
    // What `gcloud sql users assign-roles … --database-roles cloudsqlsuperuser` does on Cloud SQL.
    const assigned = psql({
      user: 'postgres',
      database: 'postgres',
      args: ['-c', `GRANT ${superuser} TO "${roleJob}"`],
    });
    expect(assigned.stderr).toBe('');

    const runs: Array<ReturnType<typeof runJob>> = [];
    expectRunsTwiceCleanly(() => {
      const ran = runJob(metadata.host);
      runs.push(ran);
      return ran;
    });
    for (const ran of runs) {
      expect(`${ran.stdout}${ran.stderr}`).not.toContain(TOKEN);
    }
    expect(metadata.requests()).toEqual([TOKEN_REQUEST, TOKEN_REQUEST]);
    expect(readFileSync(join(work, 'server-ca.pem'), 'utf8').trim()).toBe(
      CA_PEM,
    );
    expectCreatesItsTables({
      user: app,
      database,
      alsoRun: ['CREATE TEMPORARY TABLE scratch (id bigint)'],
    });
    expect(
      psql({
        user: 'postgres',
        database,
        args: [
          '-c',
          "SELECT extname FROM pg_extension WHERE extname = 'pgcrypto'",
        ],
      }).stdout.trim(),
    ).toBe('pgcrypto');
  });

  it('asks for pgAudit in the rendered job', () => {
    expect(files['infra/modules/database/gcp/main.tf']).toMatch(
      /name\s+= "EXTENSIONS"\n\s+value = "pgaudit"/,
    );
  });
});
