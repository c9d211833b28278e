import type { StackSpec } from '../spec/stackSpec';
import {
  AWS_DATABASE_USER_SCRIPT,
  DATABASE_TUNNEL_PORT,
} from '../terraform/aws/awsDatabaseUser';
import {
  deploymentTargets,
  hasClusterOn,
  stackClouds,
} from '../spec/deploymentTargets';
import { runsKubernetes } from '../spec/computeTarget';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import { AZURE_PUBLIC_PSQL_IMAGE } from '../terraform/azure/azureDatabaseRoleJob';
import { PSQL_IMAGE } from '../terraform/common/databaseRoleJob';
import { AZURE_DATABASE_USER_SCRIPT } from '../terraform/azure/azureDatabaseUser';
import {
  GCP_DATABASE_CI_USER,
  GCP_DATABASE_USER_SCRIPT,
} from '../terraform/gcp/gcpDatabaseUser';

/** The global bundle of the RDS certificate authorities (AWS documentation, "Using SSL/TLS"). */
const RDS_CA_BUNDLE_URL =
  'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** The clouds of the stack whose application database role `make database-user` sets up. */
export function databaseUserClouds(spec: StackSpec): Cloud[] {
  if (!spec.spec.services.postgres) return [];
  return stackClouds(spec);
}

/** Whether the stack has a database whose application role `make database-user` creates. */
export function hasDatabaseUserTarget(spec: StackSpec): boolean {
  return databaseUserClouds(spec).length > 0;
}

/** How long `make database-user` waits for the Container Apps database role job: its three tries of ten minutes, and its start. */
const ROLE_JOB_WAIT_MINUTES = 35;
const ROLE_JOB_POLL_SECONDS = 10;

/**
 * The image of the short-lived psql pod on GKE (the servers have private addresses only): GKE
 * nodes pull Docker Hub images through mirror.gcr.io. AKS nodes would pull anonymously from Docker
 * Hub, so the AKS pod takes the same image from Amazon ECR Public ({@link AZURE_PUBLIC_PSQL_IMAGE}).
 */
const GKE_PSQL_IMAGE = `postgres:${PSQL_IMAGE.tag}`; // Docker's short name of PSQL_IMAGE

/**
 * The short-lived psql pod: it reads the password (or token), host and user from its first input
 * lines (and on GCP the server CA, base64 on one line) and feeds psql the rest: the psql variables
 * (\\set) and app_role.sql. Nothing secret is in the pod's spec, command or logs.
 */
function psqlPod(
  image: string,
  tls: { mode: string; rootCert: string; caLine: boolean },
) {
  const ca = tls.caLine
    ? ` && read -r ca && echo \\$$ca | base64 -d > ${tls.rootCert}`
    : '';
  return `kubectl run $(APP)-database-user --namespace default --rm -i --quiet --restart=Never --image=${image} --env=PGDATABASE=postgres --env=PGSSLMODE=${tls.mode} --env=PGSSLROOTCERT=${tls.rootCert} --command -- sh -c "read -r PGPASSWORD && read -r PGHOST && read -r PGUSER${ca} && export PGPASSWORD PGHOST PGUSER && exec psql -X -q -v ON_ERROR_STOP=1 -f -" < database-user.in`;
}

/** Commands nested in an if/else of a case arm: indented, the last one ended by `;`. */
function nested(lines: readonly string[]): string[] {
  return lines.map(
    (line, index) => `  ${line}${index === lines.length - 1 ? ';' : ''}`,
  );
}

/** An arm's body: the psql pod (cluster), the cloud's job (serverless), or either by COMPUTE. */
function computeCaseBody(options: {
  kubernetes: boolean;
  serverless: boolean;
  pod: readonly string[];
  job: readonly string[];
}): readonly string[] {
  if (!options.serverless) return options.pod;
  if (!options.kubernetes) return options.job;
  return [
    'if [ "$(COMPUTE)" = serverless ]; then',
    ...nested(options.job),
    'else',
    ...nested(options.pod),
    'fi',
  ];
}

/** One arm of the target's `case "$(CLOUD)"`: `lines` joined by line continuations. */
function caseArm(label: string, lines: readonly string[]): string[] {
  return lines.map(
    (line, index) =>
      `${index === 0 ? `\t  ${label}) ` : '\t    '}${line}${
        index === lines.length - 1 ? ' ;; \\' : ' \\'
      }`,
  );
}

/**
 * The help line's note on who needs `make k8s-credentials` first: the psql pod runs in the
 * cluster on Azure and GCP; AWS tunnels through SSM and the serverless targets start a job.
 */
function credentialsNote(spec: StackSpec): string {
  const clouds = (['azure', 'gcp'] as const)
    .filter(cloud => hasClusterOn(spec, cloud))
    .map(cloud =>
      deploymentTargets(spec).some(
        target => target.cloud === cloud && !runsKubernetes(target),
      )
        ? `${CLOUD_NAMES[cloud]} on Kubernetes`
        : CLOUD_NAMES[cloud],
    );
  return clouds.length > 0
    ? `; ${clouds.join(', ')}: make k8s-credentials`
    : '';
}

/**
 * `make database-user`: creates the application's database role.
 * - AWS (RDS, IAM-authenticated): the database is private, so the target forwards a local port
 *   through the SSM relay of the cluster-access module (AWS-StartPortForwardingSessionToRemoteHost),
 *   signs in as the master user with the password Secrets Manager keeps, and runs app_user.sql.
 *   libpq connects to 127.0.0.1 (hostaddr) but verifies the certificate against the RDS host name
 *   (host) and the RDS CA bundle.
 * - Azure (Entra-authenticated): the server is reachable from the VNet only, so a short-lived psql
 *   pod in the cluster (through az aks command invoke, which uploads its input file) signs in as
 *   the environment's CI identity, an Entra administrator, with its access token (the first line
 *   of its standard input, never in the pod's spec) and runs app_role.sql.
 * - Azure Container Apps (no cluster): the database module's Container Apps job, running as its
 *   own identity (an Entra administrator of the server), runs app_role.sql with a token from the
 *   Container Apps managed identity endpoint; the target starts it and polls the execution until
 *   it Succeeded or Failed (35 minutes at most: three tries of ten minutes).
 * - GCP (Cloud SQL, IAM-authenticated): Terraform creates the IAM database user, which gets no
 *   privileges. Only members of cloudsqlsuperuser (which Cloud SQL makes of the built-in users its
 *   API creates) may grant them, so on GKE CI, which holds roles/cloudsql.admin, creates the
 *   built-in user skyforge_ci or sets a fresh random password on it, keeps it nowhere, and runs
 *   app_role.sql from a short-lived psql pod in GKE (reached through the DNS-based endpoint) with
 *   the password on the pod's standard input. TLS is verify-ca against the instance's server CAs:
 *   Cloud SQL server certificates name the instance, not its private IP, so verify-full cannot
 *   match the address psql connects to.
 * - GCP serverless (Cloud Run, no cluster): the database module's Cloud Run job runs app_role.sql
 *   with direct VPC egress, as its own service account's IAM database user, signed in with an
 *   access token from the metadata server. CI makes that user a member of cloudsqlsuperuser
 *   through the Cloud SQL Admin API (gcloud sql users assign-roles; idempotent), then executes
 *   the job and waits for it. No password exists on this path.
 */
export function databaseUserTarget(spec: StackSpec): string[] {
  const lines = [
    '',
    `database-user: check-target ## Create the application's database role and grants (needs tf-init${credentialsNote(
      spec,
    )})`,
  ];
  const clouds = databaseUserClouds(spec);
  if (clouds.length === 0)
    return [...lines, '\t@echo "Nothing to do: no PostgreSQL in this stack."'];
  const output = (name: string) =>
    `"$$(terraform -chdir=$(TF_ROOT) output -raw ${name})"`;
  const aws = [
    `\t  aws) host=${output('database_endpoint')}; region=${output(
      'region',
    )}; \\`,
    `\t    secret=${output('database_admin_secret_arn')}; \\`,
    `\t    curl -fsSL ${RDS_CA_BUNDLE_URL} -o $(BUILD)/rds-ca.pem; \\`,
    `\t    nohup aws ssm start-session --region "$$region" --target ${output(
      'api_proxy_instance_id',
    )} \\`,
    `\t      --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters "host=$$host,portNumber=5432,localPortNumber=${DATABASE_TUNNEL_PORT}" \\`,
    '\t      > $(BUILD)/database-tunnel.log 2>&1 & tunnel=$$!; \\',
    "\t    trap 'kill $$tunnel 2> /dev/null' EXIT; \\",
    `\t    for attempt in $$(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/${DATABASE_TUNNEL_PORT}) 2> /dev/null && break; sleep 2; done; \\`,
    '\t    credentials="$$(aws secretsmanager get-secret-value --region "$$region" --secret-id "$$secret" --query SecretString --output text)"; \\',
    '\t    PGPASSWORD="$$(printf \'%s\' "$$credentials" | jq -r .password)" psql \\',
    `\t      "host=$$host hostaddr=127.0.0.1 port=${DATABASE_TUNNEL_PORT} dbname=${output(
      'database_name',
    )} user=$$(printf '%s' "$$credentials" | jq -r .username) sslmode=verify-full sslrootcert=$(BUILD)/rds-ca.pem" \\`,
    `\t      -v ON_ERROR_STOP=1 -v app_user=${output(
      'database_user',
    )} -v database=${output(
      'database_name',
    )} -f ${AWS_DATABASE_USER_SCRIPT} ;; \\`,
  ];
  const azurePsql = psqlPod(AZURE_PUBLIC_PSQL_IMAGE, {
    mode: 'verify-full',
    rootCert: 'system',
    caLine: false,
  });
  const azurePod = [
    `trap 'rm -f $(abspath $(BUILD))/database-user.in' EXIT; umask 077; {`,
    '  az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv;',
    `  echo ${output('database_endpoint')}; echo ${output(
      'database_ci_administrator',
    )};`,
    `  echo "\\set app_user '$$(terraform -chdir=$(TF_ROOT) output -raw app_identity_name)'";`,
    `  echo "\\set app_object_id '$$(terraform -chdir=$(TF_ROOT) output -raw app_identity_principal_id)'";`,
    `  echo "\\set database '$$(terraform -chdir=$(TF_ROOT) output -raw database_name)'";`,
    `  cat ${AZURE_DATABASE_USER_SCRIPT};`,
    '} > $(BUILD)/database-user.in;',
    `$(call in_cluster,${azurePsql},database-user.in)`,
  ];
  const azureJob = [
    `group=${output('resource_group_name')}; job=${output(
      'database_role_job',
    )};`,
    'execution="$$(az containerapp job start --name "$$job" --resource-group "$$group" --query name --output tsv)";',
    'echo "Started $$execution of $$job; waiting for it to end.";',
    `status=Unknown; for attempt in $$(seq 1 ${
      (ROLE_JOB_WAIT_MINUTES * 60) / ROLE_JOB_POLL_SECONDS
    }); do`,
    '  status="$$(az containerapp job execution show --name "$$job" --resource-group "$$group" --job-execution-name "$$execution" --query properties.status --output tsv)";',
    '  case "$$status" in Succeeded|Failed|Stopped|Degraded) break ;; esac;',
    `  sleep ${ROLE_JOB_POLL_SECONDS};`,
    'done;',
    'if [ "$$status" != Succeeded ]; then',
    `  echo "$$execution of $$job ended $$status (or did not end within ${ROLE_JOB_WAIT_MINUTES} minutes): its logs are in the environment's Log Analytics workspace (az containerapp job logs show --name $$job --resource-group $$group --execution $$execution --container psql)." >&2;`,
    '  exit 1;',
    'fi',
  ];
  const azureTargets = deploymentTargets(spec).filter(
    target => target.cloud === 'azure',
  );
  const azure = caseArm(
    'azure',
    computeCaseBody({
      kubernetes: azureTargets.some(runsKubernetes),
      serverless: !azureTargets.every(runsKubernetes),
      pod: azurePod,
      job: azureJob,
    }),
  );
  const gcpUser = `--instance "$$instance" --project "$$project" --quiet`;
  const gcpPsql = psqlPod(GKE_PSQL_IMAGE, {
    mode: 'verify-ca',
    rootCert: '/tmp/server-ca.pem',
    caLine: true,
  });
  const projectLine = `project=${output('project_id')}; connection=${output(
    'database_connection_name',
  )}; instance="$\${connection##*:}";`;
  const gcpPod = [
    `trap 'rm -f $(abspath $(BUILD))/database-user.in' EXIT; umask 077;`,
    projectLine,
    'password="$$(head -c 48 /dev/urandom | base64 | tr -d \'+/=\\n\' | cut -c1-40)";',
    `if gcloud sql users describe ${GCP_DATABASE_CI_USER} ${gcpUser} > /dev/null 2>&1;`,
    `then gcloud sql users set-password ${GCP_DATABASE_CI_USER} ${gcpUser} --password "$$password" > /dev/null;`,
    `else gcloud sql users create ${GCP_DATABASE_CI_USER} ${gcpUser} --password "$$password" > /dev/null; fi;`,
    `{ echo "$$password"; echo ${output(
      'database_endpoint',
    )}; echo ${GCP_DATABASE_CI_USER};`,
    `  gcloud sql ssl server-ca-certs list ${gcpUser} --format 'value(cert)' | base64 | tr -d '\\n'; echo;`,
    `  echo "\\set app_user '$$(terraform -chdir=$(TF_ROOT) output -raw database_user)'";`,
    `  echo "\\set database '$$(terraform -chdir=$(TF_ROOT) output -raw database_name)'";`,
    `  cat ${GCP_DATABASE_USER_SCRIPT};`,
    '} > $(BUILD)/database-user.in;',
    `$(call in_cluster,${gcpPsql},database-user.in)`,
  ];
  const gcpJob = [
    projectLine,
    `gcloud sql users assign-roles ${output(
      'database_role_job_user',
    )} ${gcpUser} --type CLOUD_IAM_SERVICE_ACCOUNT --database-roles cloudsqlsuperuser > /dev/null;`,
    `gcloud run jobs execute ${output('database_role_job')} --region ${output(
      'region',
    )} --project "$$project" --wait`,
  ];
  const gcpTargets = deploymentTargets(spec).filter(
    target => target.cloud === 'gcp',
  );
  const gcpBody = computeCaseBody({
    kubernetes: gcpTargets.some(runsKubernetes),
    serverless: !gcpTargets.every(runsKubernetes),
    pod: gcpPod,
    job: gcpJob,
  });
  const gcp = caseArm('gcp', gcpBody);
  return [
    ...lines,
    '\t@mkdir -p $(BUILD)',
    '\t@case "$(CLOUD)" in \\',
    ...(clouds.includes('aws') ? aws : []),
    ...(clouds.includes('azure') ? azure : []),
    ...(clouds.includes('gcp') ? gcp : []),
    '\t  *) echo "Nothing to do on $(CLOUD): this stack has no PostgreSQL there." ;; \\',
    '\tesac',
  ];
}
