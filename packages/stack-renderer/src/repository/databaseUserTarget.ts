import type { StackSpec } from '../spec/stackSpec';
import {
  AWS_DATABASE_USER_SCRIPT,
  DATABASE_TUNNEL_PORT,
} from '../terraform/aws/awsDatabaseUser';
import { stackClouds } from '../spec/deploymentTargets';

/** The global bundle of the RDS certificate authorities (AWS documentation, "Using SSL/TLS"). */
const RDS_CA_BUNDLE_URL =
  'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem';

/** Whether the stack has a database whose application role `make database-user` creates. */
export function hasDatabaseUserTarget(spec: StackSpec): boolean {
  return (
    Boolean(spec.spec.services.postgres) && stackClouds(spec).includes('aws')
  );
}

/**
 * `make database-user`: creates the application's IAM-authenticated role on RDS. The database is
 * private, so the target forwards a local port through the SSM relay of the cluster-access module
 * (AWS-StartPortForwardingSessionToRemoteHost), signs in as the master user with the password
 * Secrets Manager keeps, and runs app_user.sql. libpq connects to 127.0.0.1 (hostaddr) but
 * verifies the certificate against the RDS host name (host) and the RDS CA bundle. On GCP,
 * Terraform creates the IAM database user itself (google_sql_user).
 */
export function databaseUserTarget(spec: StackSpec): string[] {
  const lines = [
    '',
    "database-user: check-target ## AWS: create the application's IAM database role and grants (needs tf-init)",
  ];
  if (!hasDatabaseUserTarget(spec))
    return [
      ...lines,
      '\t@echo "Nothing to do: no RDS database in this stack."',
    ];
  const output = (name: string) =>
    `"$$(terraform -chdir=$(TF_ROOT) output -raw ${name})"`;
  return [
    ...lines,
    '\t$(if $(filter aws,$(CLOUD)),,$(error database-user is only needed for CLOUD=aws: GCP creates the IAM database user in Terraform; Azure: docs/operations.md))',
    '\t@mkdir -p $(BUILD)',
    `\t@host=${output('database_endpoint')}; region=${output('region')}; \\`,
    `\tsecret=${output('database_admin_secret_arn')}; \\`,
    `\tcurl -fsSL ${RDS_CA_BUNDLE_URL} -o $(BUILD)/rds-ca.pem; \\`,
    `\tnohup aws ssm start-session --region "$$region" --target ${output(
      'api_proxy_instance_id',
    )} \\`,
    `\t  --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters "host=$$host,portNumber=5432,localPortNumber=${DATABASE_TUNNEL_PORT}" \\`,
    '\t  > $(BUILD)/database-tunnel.log 2>&1 & tunnel=$$!; \\',
    "\ttrap 'kill $$tunnel 2> /dev/null' EXIT; \\",
    `\tfor attempt in $$(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/${DATABASE_TUNNEL_PORT}) 2> /dev/null && break; sleep 2; done; \\`,
    '\tcredentials="$$(aws secretsmanager get-secret-value --region "$$region" --secret-id "$$secret" --query SecretString --output text)"; \\',
    '\tPGPASSWORD="$$(printf \'%s\' "$$credentials" | jq -r .password)" psql \\',
    `\t  "host=$$host hostaddr=127.0.0.1 port=${DATABASE_TUNNEL_PORT} dbname=${output(
      'database_name',
    )} user=$$(printf '%s' "$$credentials" | jq -r .username) sslmode=verify-full sslrootcert=$(BUILD)/rds-ca.pem" \\`,
    `\t  -v ON_ERROR_STOP=1 -v app_user=${output(
      'database_user',
    )} -v database=${output('database_name')} -f ${AWS_DATABASE_USER_SCRIPT}`,
  ];
}
