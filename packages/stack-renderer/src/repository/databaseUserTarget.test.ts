import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderStack } from '../renderStack';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs, mixedComputeSpec } from '../testing/exampleSpecs';
import { testPsql as psql } from '../testing/testPsql';
import { writeFileTree } from '../testing/writeFileTree';
import { startMetadataServerStandIn } from '../testing/metadataServerStandIn';
import { GCP_DATABASE_CI_USER } from '../terraform/gcp/gcpDatabaseUser';

function executable(path: string, text: string) {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBstandin\n-----END CERTIFICATE-----';

/**
 * `make database-user CLOUD=gcp` of a whole render (gcp-medium), run by the real make against a
 * real PostgreSQL (scripts/with-postgres.sh) set up as Cloud SQL leaves an instance. `terraform`,
 * `gcloud` and `kubectl` are stand-ins on PATH: gcloud records the built-in user's password and
 * prints a stand-in server CA; kubectl runs the pod's `sh -c` command here with the pod's `--env`
 * and its standard input, so the pod protocol (password, host, user, CA line, psql variables,
 * app_role.sql) is exercised as rendered. The local server has no TLS, so the stand-in records
 * the pod's sslmode and connects with sslmode=disable.
 */
describe('make database-user CLOUD=gcp (stand-in gcloud/kubectl, psql on real PostgreSQL)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `search_${suffix}`;
  const superuser = `cloudsqlsuperuser_${suffix}`;
  const app = `search-app-${suffix}@demo-project.iam`;
  const work = mkdtempSync(join(tmpdir(), 'skyforge-database-user-'));
  const bin = join(work, 'bin');
  const log = join(work, 'log');
  const root = join(work, 'repository');

  beforeAll(() => {
    const url = new URL(process.env.SKYFORGE_TEST_POSTGRES_URL ?? 'x://');
    writeFileTree({
      files: renderStack(parseStackSpec(exampleSpecs['gcp-medium']!)).files,
      directory: root,
    });
    mkdirSync(bin);
    mkdirSync(log);
    writeFileSync(join(log, 'ca.pem'), `${CA_PEM}\n`);
    executable(
      join(bin, 'terraform'),
      `#!/bin/bash
for last; do :; done
case "$last" in
  project_id) echo demo-project ;;
  database_connection_name) echo demo-project:europe-west1:search-dev-postgres ;;
  database_endpoint) echo ${url.hostname} ;;
  database_user) echo '${app}' ;;
  database_name) echo ${database} ;;
  *) echo "unexpected terraform $*" >&2; exit 2 ;;
esac
`,
    );
    executable(
      join(bin, 'gcloud'),
      `#!/bin/bash
printf '%s\\n' "$*" >> ${log}/gcloud.args
case "$1 $2 $3" in
  "sql users describe") [ -f ${log}/password ] ;;
  "sql users create"|"sql users set-password")
    while [ $# -gt 0 ]; do [ "$1" = --password ] && printf '%s' "$2" > ${log}/password; shift; done ;;
  "sql ssl server-ca-certs") cat ${log}/ca.pem ;;
  *) echo "unexpected gcloud $*" >&2; exit 2 ;;
esac
`,
    );
    executable(
      join(bin, 'kubectl'),
      `#!/bin/bash
printf '%s\\n' "$*" >> ${log}/kubectl.args
[ "$1" = run ] || { echo "unexpected kubectl $*" >&2; exit 2; }
envs=()
while [ $# -gt 0 ]; do
  case "$1" in --env=*) envs+=("\${1#--env=}") ;; --command) shift; shift; break ;; esac
  shift
done
printf '%s\\n' "\${envs[@]}" > ${log}/pod.env
script="\${3//\\/tmp\\/server-ca.pem/${log}/server-ca.pem}"
exec env "\${envs[@]}" PGSSLMODE=disable PGPORT=${url.port} "$1" -c "$script"
`,
    );
    const setup = psql({
      user: 'postgres',
      database: 'postgres',
      args: [
        '-c',
        `DROP ROLE IF EXISTS ${GCP_DATABASE_CI_USER}`,
        '-c',
        `CREATE ROLE ${superuser} NOLOGIN CREATEROLE CREATEDB`,
        '-c',
        `CREATE ROLE ${GCP_DATABASE_CI_USER} LOGIN IN ROLE ${superuser}`,
        '-c',
        `CREATE ROLE "${app}" LOGIN`,
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
        `DROP ROLE IF EXISTS "${app}"`,
        '-c',
        `DROP ROLE IF EXISTS ${GCP_DATABASE_CI_USER}`,
        '-c',
        `DROP ROLE IF EXISTS ${superuser}`,
      ],
    });
    rmSync(work, { recursive: true, force: true });
  });

  it('creates the built-in user, then rotates its password, grants twice, and never shows the password to the pod spec or the logs', () => {
    const passwords: string[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const made = spawnSync(
        'make',
        ['--no-print-directory', 'database-user', 'ENV=dev', 'CLOUD=gcp'],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        },
      );
      const password = readFileSync(join(log, 'password'), 'utf8');
      passwords.push(password);
      expect({ attempt, status: made.status, stderr: made.stderr }).toEqual({
        attempt,
        status: 0,
        stderr: '',
      });
      expect(made.stdout).not.toContain(password);
    }
    const gcloud = readFileSync(join(log, 'gcloud.args'), 'utf8')
      .split('\n')
      .filter(line => line.startsWith('sql users '))
      .map(line => line.split(' ').slice(0, 4).join(' '));
    expect(gcloud).toEqual([
      `sql users describe ${GCP_DATABASE_CI_USER}`,
      `sql users create ${GCP_DATABASE_CI_USER}`,
      `sql users describe ${GCP_DATABASE_CI_USER}`,
      `sql users set-password ${GCP_DATABASE_CI_USER}`,
    ]);
    expect(readFileSync(join(log, 'gcloud.args'), 'utf8')).toContain(
      '--instance search-dev-postgres --project demo-project',
    );
    expect(passwords[0]).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(passwords[1]).not.toBe(passwords[0]);
    const pod = readFileSync(join(log, 'kubectl.args'), 'utf8');
    for (const password of passwords) expect(pod).not.toContain(password);
    expect(readFileSync(join(log, 'pod.env'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining([
        'PGDATABASE=postgres',
        'PGSSLMODE=verify-ca',
        'PGSSLROOTCERT=/tmp/server-ca.pem',
      ]),
    );
    expect(readFileSync(join(log, 'server-ca.pem'), 'utf8').trim()).toBe(
      CA_PEM,
    );
    expect(readdirSync(join(root, '.build', 'dev-gcp'))).not.toContain(
      'database-user.in',
    );

    const used = psql({
      user: app,
      database,
      args: [
        '-c',
        'CREATE TABLE orders (id bigint PRIMARY KEY)',
        '-c',
        'SELECT count(*) FROM orders',
      ],
    });
    expect({ status: used.status, stderr: used.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
  });
});

/**
 * `make database-user CLOUD=gcp` of a serverless environment (dev-lab, Cloud Run), run by the
 * real make against a real PostgreSQL set up as Cloud SQL leaves an instance. `terraform` and
 * `gcloud` are stand-ins on PATH: `gcloud sql users assign-roles` does what the Cloud SQL Admin
 * API does (GRANT cloudsqlsuperuser to the user, here on the local server), and `gcloud run jobs
 * execute` does what Cloud Run does with the rendered job: runs its script with its environment
 * (the local server without TLS, a stand-in metadata server). A `kubectl` stand-in fails: there
 * is no cluster.
 */
describe('make database-user CLOUD=gcp on Cloud Run (stand-in gcloud running the database role job, psql on real PostgreSQL)', () => {
  const suffix = `${process.pid}_${Date.now()}`;
  const database = `lab_${suffix}`;
  const postgres = `postgres_${suffix}`;
  const superuser = `cloudsqlsuperuser_${suffix}`;
  const roleJob = `dev-lab-dev-grants-${suffix}@acme-dev-lab.iam`;
  const app = `dev-lab-dev-${suffix}@acme-dev-lab.iam`;
  const work = mkdtempSync(join(tmpdir(), 'skyforge-database-role-job-'));
  const bin = join(work, 'bin');
  const log = join(work, 'log');
  const root = join(work, 'repository');
  let metadata: { host: string; requests(): string[]; stop(): void };

  beforeAll(async () => {
    const url = new URL(process.env.SKYFORGE_TEST_POSTGRES_URL ?? 'x://');
    const admin = new URL(url.toString());
    admin.username = 'postgres';
    admin.pathname = '/postgres';
    writeFileTree({
      files: renderStack(parseStackSpec(exampleSpecs['dev-lab']!)).files,
      directory: root,
    });
    mkdirSync(bin);
    mkdirSync(log);
    metadata = await startMetadataServerStandIn({
      log: join(log, 'metadata.log'),
      answer: { token: 'ya29.stand-in' },
    });
    executable(
      join(bin, 'terraform'),
      `#!/bin/bash
for last; do :; done
case "$last" in
  project_id) echo acme-dev-lab ;;
  region) echo europe-west4 ;;
  database_connection_name) echo acme-dev-lab:europe-west4:dev-lab-dev-postgres ;;
  database_role_job_user) echo '${roleJob}' ;;
  database_role_job) echo dev-lab-dev-db-role ;;
  *) echo "unexpected terraform $*" >&2; exit 2 ;;
esac
`,
    );
    executable(
      join(bin, 'gcloud'),
      `#!/bin/bash
printf '%s\\n' "$*" >> ${log}/gcloud.args
case "$1 $2 $3" in
  "sql users assign-roles")
    PGOPTIONS='-c client_min_messages=warning' psql '${admin}' -X -q -v ON_ERROR_STOP=1 -c "GRANT ${superuser} TO \\"$4\\"" ;;
  "run jobs execute")
    cd ${root}/infra/modules/database/gcp
    exec env PGHOST=${url.hostname} PGPORT=${url.port} PGDATABASE=${postgres} PGUSER="$(cat ${log}/role-job-user)" \\
      PGSSLMODE=disable SERVER_CA=stand-in APP_USER='${app}' DATABASE=${database} APP_ROLE_SQL="$(cat app_role.sql)" \\
      GCE_METADATA_HOST=${metadata.host} TMPDIR=${log} sh -c "$(cat role-job.sh)" ;;
  *) echo "unexpected gcloud $*" >&2; exit 2 ;;
esac
`,
    );
    writeFileSync(join(log, 'role-job-user'), roleJob);
    executable(
      join(bin, 'kubectl'),
      `#!/bin/bash
echo "no cluster in a Cloud Run environment: kubectl $*" >&2; exit 2
`,
    );
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
    metadata?.stop();
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

  it('assigns cloudsqlsuperuser to the job’s IAM user, executes the job and waits, twice without error, with no cluster and no password', () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const made = spawnSync(
        'make',
        ['--no-print-directory', 'database-user', 'ENV=dev', 'CLOUD=gcp'],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        },
      );
      expect({ attempt, status: made.status, stderr: made.stderr }).toEqual({
        attempt,
        status: 0,
        stderr: '',
      });
    }
    const calls = readFileSync(join(log, 'gcloud.args'), 'utf8')
      .trim()
      .split('\n');
    const assign = `sql users assign-roles ${roleJob} --instance dev-lab-dev-postgres --project acme-dev-lab --quiet --type CLOUD_IAM_SERVICE_ACCOUNT --database-roles cloudsqlsuperuser`;
    const execute =
      'run jobs execute dev-lab-dev-db-role --region europe-west4 --project acme-dev-lab --wait';
    expect(calls).toEqual([assign, execute, assign, execute]);
    expect(metadata.requests()).toHaveLength(2);
    expect(readdirSync(join(root, '.build', 'dev-gcp'))).toEqual([]);

    const used = psql({
      user: app,
      database,
      args: [
        '-c',
        'CREATE TABLE orders (id bigint PRIMARY KEY)',
        '-c',
        'SELECT count(*) FROM orders',
      ],
    });
    expect({ status: used.status, stderr: used.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
  });
});

/**
 * A GCP stack whose dev environment runs on Cloud Run and prod on GKE: `make database-user`
 * follows COMPUTE of ENV/CLOUD. `terraform`, `gcloud` and `kubectl` are recording stand-ins.
 */
describe('make database-user CLOUD=gcp with both compute targets (recording stand-ins)', () => {
  const work = mkdtempSync(join(tmpdir(), 'skyforge-database-mixed-'));
  const bin = join(work, 'bin');
  const log = join(work, 'log');
  const root = join(work, 'repository');

  beforeAll(() => {
    const spec = mixedComputeSpec();
    writeFileTree({
      files: renderStack(parseStackSpec(spec)).files,
      directory: root,
    });
    mkdirSync(bin);
    mkdirSync(log);
    executable(
      join(bin, 'terraform'),
      `#!/bin/bash
for last; do :; done
echo "output-$last"
`,
    );
    for (const tool of ['gcloud', 'kubectl']) {
      executable(
        join(bin, tool),
        `#!/bin/bash
printf '%s\\n' "${tool} $*" >> ${log}/calls
[ "$1 $2 $3" != "sql users describe" ]
`,
      );
    }
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('executes the database role job in the Cloud Run environment and runs the psql pod in the GKE one', () => {
    const calls = (environment: string) => {
      rmSync(join(log, 'calls'), { force: true });
      const made = spawnSync(
        'make',
        [
          '--no-print-directory',
          'database-user',
          `ENV=${environment}`,
          'CLOUD=gcp',
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
        },
      );
      expect({ environment, status: made.status, stderr: made.stderr }).toEqual(
        { environment, status: 0, stderr: '' },
      );
      return readFileSync(join(log, 'calls'), 'utf8')
        .trim()
        .split('\n')
        .map(line => line.split(' ').slice(0, 4).join(' '));
    };
    expect(calls('dev')).toEqual([
      'gcloud sql users assign-roles',
      'gcloud run jobs execute',
    ]);
    expect(calls('prod')).toEqual([
      'gcloud sql users describe',
      'gcloud sql users create',
      'gcloud sql ssl server-ca-certs',
      'kubectl run search-database-user --namespace',
    ]);
  });
});

/**
 * `make database-user CLOUD=azure` of a Container Apps environment (lab-azure) and of a stack with
 * a Container Apps dev and an AKS staging environment, run by the real make. `terraform` prints
 * `output-<name>`; `az` records its calls, answers `job start` with an execution name and `job
 * execution show` with the status in its STATUS file (Running first, then the final one), the way
 * the Azure CLI answers with `--query … --output tsv`; kubectl records the psql pod.
 */
describe('make database-user CLOUD=azure on Container Apps (recording stand-ins)', () => {
  const work = mkdtempSync(join(tmpdir(), 'skyforge-database-aca-'));
  const bin = join(work, 'bin');
  const log = join(work, 'log');

  const render = (name: string, spec: unknown) => {
    const root = join(work, name);
    writeFileTree({
      files: renderStack(parseStackSpec(spec)).files,
      directory: root,
    });
    return root;
  };
  const databaseUser = (root: string, environment: string, status: string) => {
    rmSync(join(log, 'calls'), { force: true });
    writeFileSync(join(log, 'statuses'), `Running\n${status}\n`);
    const made = spawnSync(
      'make',
      [
        '--no-print-directory',
        'database-user',
        `ENV=${environment}`,
        'CLOUD=azure',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      },
    );
    return {
      status: made.status,
      stdout: made.stdout,
      stderr: made.stderr,
      calls: readFileSync(join(log, 'calls'), 'utf8').trim().split('\n'),
    };
  };

  beforeAll(() => {
    mkdirSync(bin);
    mkdirSync(log);
    executable(
      join(bin, 'terraform'),
      `#!/bin/bash
for last; do :; done
echo "output-$last"
`,
    );
    executable(
      join(bin, 'az'),
      `#!/bin/bash
printf '%s\\n' "az $*" >> ${log}/calls
case "$1 $2 $3" in
  "containerapp job start") echo output-database_role_job-k3x9q ;;
  "containerapp job execution") head -n 1 ${log}/statuses; sed -i 1d ${log}/statuses ;;
esac
`,
    );
    executable(
      join(bin, 'kubectl'),
      `#!/bin/bash\nprintf '%s\\n' "kubectl $*" >> ${log}/calls\n`,
    );
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('starts the database role job and waits until its execution Succeeded, with no cluster and no token on this side', () => {
    const root = render('lab-azure', exampleSpecs['lab-azure']);
    const made = databaseUser(root, 'dev', 'Succeeded');
    expect({ status: made.status, stderr: made.stderr }).toEqual({
      status: 0,
      stderr: '',
    });
    const show =
      'az containerapp job execution show --name output-database_role_job --resource-group output-resource_group_name --job-execution-name output-database_role_job-k3x9q --query properties.status --output tsv';
    expect(made.calls).toEqual([
      'az containerapp job start --name output-database_role_job --resource-group output-resource_group_name --query name --output tsv',
      show,
      show,
    ]);
    expect(made.stdout).toContain(
      'Started output-database_role_job-k3x9q of output-database_role_job',
    );
  });

  it('fails when the execution Failed, pointing at its logs', () => {
    const root = join(work, 'lab-azure');
    const made = databaseUser(root, 'dev', 'Failed');
    expect(made.status).not.toBe(0);
    expect(made.stderr).toContain(
      'output-database_role_job-k3x9q of output-database_role_job ended Failed',
    );
    expect(made.stderr).toContain('az containerapp job logs show');
  });

  it('starts the job in the Container Apps environment and runs the psql pod in the AKS one of a mixed stack', () => {
    const spec = structuredClone(exampleSpecs['azure-small']!) as {
      spec: { overrides?: Record<string, unknown> };
    };
    spec.spec.overrides = {
      ...spec.spec.overrides,
      dev: { compute: 'serverless' },
    };
    const root = render('mixed', spec);
    const commands = (environment: string) =>
      databaseUser(root, environment, 'Succeeded').calls.map(call =>
        call.split(' ').slice(0, 4).join(' '),
      );
    expect(commands('dev')).toEqual([
      'az containerapp job start',
      'az containerapp job execution',
      'az containerapp job execution',
    ]);
    expect(commands('prod')).toContain('az aks command invoke');
    // AKS nodes would pull from Docker Hub anonymously; the pod takes ECR Public's copy.
    expect(databaseUser(root, 'prod', 'Succeeded').calls.join('\n')).toContain(
      '--image=public.ecr.aws/docker/library/postgres:17-alpine',
    );
  });
});
