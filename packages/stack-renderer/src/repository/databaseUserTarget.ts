import type { StackSpec } from '../spec/stackSpec';
import {
  AWS_DATABASE_USER_SCRIPT,
  DATABASE_TUNNEL_PORT,
} from '../terraform/aws/awsDatabaseUser';
import { stackClouds } from '../spec/deploymentTargets';
import type { Cloud } from '../spec/regions';
import { AZURE_DATABASE_USER_SCRIPT } from '../terraform/azure/azureDatabaseUser';

/** The global bundle of the RDS certificate authorities (AWS documentation, "Using SSL/TLS"). */
const RDS_CA_BUNDLE_URL =
  'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** The clouds of the stack whose database role `make database-user` creates (AWS, Azure). */
export function databaseUserClouds(spec: StackSpec): Cloud[] {
  if (!spec.spec.services.postgres) return [];
  return stackClouds(spec).filter(cloud => cloud !== 'gcp');
}

/** Whether the stack has a database whose application role `make database-user` creates. */
export function hasDatabaseUserTarget(spec: StackSpec): boolean {
  return databaseUserClouds(spec).length > 0;
}

/** The image of the short-lived psql pod on AKS: the server is reachable from the VNet only. */
const PSQL_IMAGE = 'postgres:17-alpine';

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
 * On GCP, Terraform creates the IAM database user itself (google_sql_user).
 */
export function databaseUserTarget(spec: StackSpec): string[] {
  const lines = [
    '',
    "database-user: check-target ## AWS, Azure: create the application's database role and grants (needs tf-init)",
  ];
  const clouds = databaseUserClouds(spec);
  if (clouds.length === 0)
    return [
      ...lines,
      '\t@echo "Nothing to do: no RDS or Azure database in this stack."',
    ];
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
  // The pod reads the token, host and user from its first input lines and psql the rest: the
  // psql variables (\\set) and app_role.sql. Nothing secret is in the pod's spec or command.
  const psql = `kubectl run $(APP)-database-user --namespace default --rm -i --quiet --restart=Never --image=${PSQL_IMAGE} --env=PGDATABASE=postgres --env=PGSSLMODE=verify-full --env=PGSSLROOTCERT=system --command -- sh -c "read -r PGPASSWORD && read -r PGHOST && read -r PGUSER && export PGPASSWORD PGHOST PGUSER && exec psql -X -q -v ON_ERROR_STOP=1 -f -" < database-user.in`;
  const azure = [
    `\t  azure) trap 'rm -f $(BUILD)/database-user.in' EXIT; umask 077; { \\`,
    '\t      az account get-access-token --resource-type oss-rdbms --query accessToken --output tsv; \\',
    `\t      echo ${output('database_endpoint')}; echo ${output(
      'database_ci_administrator',
    )}; \\`,
    `\t      echo "\\set app_user '$$(terraform -chdir=$(TF_ROOT) output -raw app_identity_name)'"; \\`,
    `\t      echo "\\set app_object_id '$$(terraform -chdir=$(TF_ROOT) output -raw app_identity_principal_id)'"; \\`,
    `\t      echo "\\set database '$$(terraform -chdir=$(TF_ROOT) output -raw database_name)'"; \\`,
    `\t      cat ${AZURE_DATABASE_USER_SCRIPT}; \\`,
    '\t    } > $(BUILD)/database-user.in; \\',
    `\t    $(call in_cluster,${psql},database-user.in) ;; \\`,
  ];
  return [
    ...lines,
    '\t@mkdir -p $(BUILD)',
    '\t@case "$(CLOUD)" in \\',
    ...(clouds.includes('aws') ? aws : []),
    ...(clouds.includes('azure') ? azure : []),
    '\t  *) echo "Nothing to do on $(CLOUD): GCP creates the IAM database user in Terraform." ;; \\',
    '\tesac',
  ];
}
