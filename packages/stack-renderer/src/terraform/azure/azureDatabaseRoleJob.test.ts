import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../../renderStack';
import { parseStackSpec } from '../../spec/stackSpec';
import { exampleSpecs } from '../../testing/exampleSpecs';
import {
  startIdentityEndpointStandIn,
  type MetadataAnswer,
} from '../../testing/metadataServerStandIn';
import {
  expectCreatesItsTables,
  expectRunsTwiceCleanly,
  testPsql as psql,
} from '../../testing/testPsql';
import { AZURE_DATABASE_ROLE_JOB_SCRIPT } from './azureDatabaseRoleJob';
import { AZURE_DATABASE_USER_SCRIPT } from './azureDatabaseUser';

const TOKEN = 'eyJ0eXAiOiJKV1Qi.stand-in-entra-token';
const IDENTITY_HEADER = 'stand-in-identity-header';
const CLIENT_ID = '00000000-0000-0000-0000-0000000000c1';
const APP_OBJECT_ID = '00000000-0000-0000-0000-0000000000a1';
const TOKEN_REQUEST = `GET /msi/token?resource=https://ossrdbms-aad.database.windows.net&api-version=2019-08-01&client_id=${CLIENT_ID} identity-header`;
const DATABASE_MODULE = 'infra/modules/database/azure/main.tf';

/** The `env` blocks of the database role job in the rendered database module: name → value expression. */
function jobEnvironment(main: string): Record<string, string> {
  const job = main.slice(
    main.indexOf('resource "azurerm_container_app_job" "role_job"'),
  );
  return Object.fromEntries(
    [...job.matchAll(/env \{\s+name\s+= "([A-Z_]+)"\s+value = (.+)\n/g)].map(
      match => [match[1]!, match[2]!],
    ),
  );
}

/**
 * The database role job of a Container Apps environment (lab-azure), its rendered script run by `sh` the
 * way the job's container runs it, against a real PostgreSQL (scripts/with-postgres.sh) set up as
 * Azure Database for PostgreSQL leaves a server: `azure_pg_admin` (here `<name>_azure_pg_admin`)
 * owns the databases, the job's identity is a login role that may create roles and becomes an
 * Entra administrator by joining it. Azure's `pgaadauth_create_principal_with_oid` is a stand-in
 * with its signature that creates a login role. The Container Apps managed identity endpoint is a
 * stand-in process (IDENTITY_ENDPOINT, IDENTITY_HEADER). The local server trusts local connections
 * and has no TLS: the token is not checked by the server here, and the job's verify-full (system
 * CAs) is replaced by sslmode=disable.
 */
describe('the Azure database role job (its rendered script on PostgreSQL, stand-in managed identity endpoint)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `lab_${suffix}`;
  const postgres = `postgres_${suffix}`;
  const pgAdmin = `azure_pg_admin_${suffix}`;
  const job = `lab-azure-dev-db-role-${suffix}`;
  const app = `lab-azure-dev-app-${suffix}`;
  const work = mkdtempSync(join(tmpdir(), 'skyforge-role-job-'));
  const files = renderStack(parseStackSpec(exampleSpecs['lab-azure']!)).files;
  const script = files[AZURE_DATABASE_ROLE_JOB_SCRIPT]!;
  const servers: Array<{ stop(): void }> = [];

  /** The job's environment as Terraform and Container Apps set it, pointed at the local server and stand-in. */
  const environment = (identity: { endpoint: string; header: string }) => {
    const url = new URL(process.env.SKYFORGE_TEST_POSTGRES_URL ?? 'x://');
    return {
      PGHOST: url.hostname,
      PGDATABASE: postgres,
      PGUSER: job,
      PGSSLMODE: 'disable',
      AZURE_CLIENT_ID: CLIENT_ID,
      APP_USER: app,
      APP_OBJECT_ID,
      DATABASE: database,
      APP_ROLE_SQL: files[AZURE_DATABASE_USER_SCRIPT]!,
      // Set by Container Apps in every replica of a job with a managed identity.
      IDENTITY_ENDPOINT: identity.endpoint,
      IDENTITY_HEADER: identity.header,
      // Not the job's: where this machine's server and tools are.
      PGPORT: url.port,
      PATH: process.env.PATH,
    };
  };
  const runJob = (identity: { endpoint: string; header: string }) => {
    const ran = spawnSync('sh', ['-c', script], {
      env: environment(identity),
      encoding: 'utf8',
    });
    return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
  };
  const startStandIn = async (name: string, answer: MetadataAnswer) => {
    const server = await startIdentityEndpointStandIn({
      log: join(work, `${name}.log`),
      identityHeader: IDENTITY_HEADER,
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
        `CREATE ROLE ${pgAdmin} NOLOGIN CREATEROLE CREATEDB`,
        '-c',
        `CREATE ROLE "${job}" LOGIN CREATEROLE`,
        '-c',
        `CREATE DATABASE ${postgres} OWNER ${pgAdmin}`,
        '-c',
        `CREATE DATABASE ${database} OWNER ${pgAdmin}`,
      ],
    });
    if (setup.status !== 0) throw new Error(setup.stderr);
    const standIn = psql({
      user: 'postgres',
      database: postgres,
      args: [
        '-c',
        "CREATE FUNCTION pgaadauth_create_principal_with_oid(role_name text, object_id text, object_type text, is_admin boolean, is_mfa boolean) RETURNS text LANGUAGE plpgsql AS $$ BEGIN EXECUTE format('CREATE ROLE %I LOGIN', role_name); RETURN format('Created role for %s', role_name); END $$",
      ],
    });
    if (standIn.status !== 0) throw new Error(standIn.stderr);
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
        `DROP ROLE IF EXISTS "${job}"`,
        '-c',
        `DROP ROLE IF EXISTS ${pgAdmin}`,
      ],
    });
    rmSync(work, { recursive: true, force: true });
  });

  it('sets in the rendered Container Apps job the variables the script is given here, verify-full against the system CAs', () => {
    const rendered = jobEnvironment(files[DATABASE_MODULE]!);
    const platform = ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER'];
    const own = ['PGPORT', 'PATH'];
    expect(Object.keys(rendered).sort()).toEqual(
      [
        ...Object.keys(environment({ endpoint: '', header: '' })).filter(
          name => !platform.includes(name) && !own.includes(name),
        ),
        'PGSSLROOTCERT',
      ].sort(),
    );
    expect(rendered.PGSSLMODE).toBe('"verify-full"');
    expect(rendered.PGSSLROOTCERT).toBe('"system"');
    expect(rendered.AZURE_CLIENT_ID).toBe(
      'azurerm_user_assigned_identity.role_job[0].client_id',
    );
  });

  it('stops with a clear error and grants nothing without a token (endpoint failure, wrong IDENTITY_HEADER, empty answer)', async () => {
    const refusing = await startStandIn('refusing', { status: 500 });
    const failed = runJob({
      endpoint: refusing.endpoint,
      header: IDENTITY_HEADER,
    });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain(
      'No access token from the managed identity endpoint',
    );
    const granting = await startStandIn('wrong-header', { token: TOKEN });
    const unheaded = runJob({
      endpoint: granting.endpoint,
      header: 'not-the-header',
    });
    expect(unheaded.status).not.toBe(0);
    expect(unheaded.stderr).toContain(
      'No access token from the managed identity endpoint',
    );
    expect(granting.requests()).toEqual([
      TOKEN_REQUEST.replace('identity-header', 'no-identity-header'),
    ]);
    const empty = await startStandIn('empty', { token: '' });
    expect(
      runJob({ endpoint: empty.endpoint, header: IDENTITY_HEADER }).stderr,
    ).toContain(
      'The managed identity endpoint answered without an access token',
    );
    expect(appCreatesTable().status).not.toBe(0);
  });

  it('fails, naming the missing administrator, while its identity is not in azure_pg_admin (PostgreSQL only warns on a GRANT without the right to grant)', async () => {
    const identity = await startStandIn('early', { token: TOKEN });
    const failed = runJob({
      endpoint: identity.endpoint,
      header: IDENTITY_HEADER,
    });
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/WARNING: {2}no privileges were granted/);
    expect(failed.stderr).toContain(
      `${app} still may not connect to ${database} or create tables in it: is ${job} an Entra administrator of the server (azure_pg_admin)?`,
    );
    expect(`${failed.stdout}${failed.stderr}`).not.toContain(TOKEN);
    expect(appCreatesTable().stderr).toMatch(
      /permission denied for schema public/,
    );
  });

  it("signs in with an Entra token from the managed identity endpoint, creates the app identity's role and grants twice cleanly, and the application may then create its tables", async () => {
    const identity = await startStandIn('granting', { token: TOKEN });
    // What making the job's identity an Entra administrator of the server does on Azure.
    const administrator = psql({
      user: 'postgres',
      database: 'postgres',
      args: ['-c', `GRANT ${pgAdmin} TO "${job}"`],
    });
    expect(administrator.stderr).toBe('');

    const runs: Array<ReturnType<typeof runJob>> = [];
    expectRunsTwiceCleanly(() => {
      const ran = runJob({
        endpoint: identity.endpoint,
        header: IDENTITY_HEADER,
      });
      runs.push(ran);
      return ran;
    });
    for (const ran of runs) {
      expect(`${ran.stdout}${ran.stderr}`).not.toContain(TOKEN);
      expect(ran.stdout).toContain(
        `${app} may connect to ${database} and create its tables.`,
      );
    }
    expect(identity.requests()).toEqual([TOKEN_REQUEST, TOKEN_REQUEST]);
    expectCreatesItsTables({
      user: app,
      database,
      alsoRun: ['CREATE TEMPORARY TABLE scratch (id bigint)'],
    });
  });

  it('is an Entra administrator of ServicePrincipal type with its own identity, and runs only on Container Apps environments', () => {
    const main = files[DATABASE_MODULE]!;
    expect(main).toMatch(
      /resource "azurerm_postgresql_flexible_server_active_directory_administrator" "role_job" \{\n\s+count\s+= var.role_job \? 1 : 0\n[\s\S]*?object_id\s+= azurerm_user_assigned_identity.role_job\[0\].principal_id\n\s+principal_name\s+= azurerm_user_assigned_identity.role_job\[0\].name\n\s+principal_type\s+= "ServicePrincipal"/,
    );
    expect(main).toMatch(
      /identity \{\n\s+type\s+= "UserAssigned"\n\s+identity_ids = \[azurerm_user_assigned_identity.role_job\[0\].id\]/,
    );
    expect(main).toMatch(/manual_trigger_config \{/);
    const root = files['infra/envs/dev/azure/main.tf']!;
    expect(root).toMatch(/role_job\s+= true/);
    expect(root).toMatch(
      /role_job_environment_id\s+= module.serverless.environment_id/,
    );
    // An AKS stack renders the module with the job off.
    const aks = renderStack(parseStackSpec(exampleSpecs['azure-small']!)).files[
      'infra/envs/dev/azure/main.tf'
    ];
    expect(aks).not.toMatch(/role_job/);
  });
});
