import {
  SERVICES_ENV_FILE,
  appServiceVariables,
  type AppServiceVariable,
} from '../kustomize/appServiceVariables';
import { kustomizeNames } from '../kustomize/kustomizeNames';
import { stackService } from '../services/stackServices';
import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import {
  deploymentTargets,
  kubernetesTargets,
  stackClouds,
} from '../spec/deploymentTargets';
import {
  serverlessDocs,
  serverlessTargets,
  targetList,
} from './serverlessDocs';
import { GCP_DATABASE_USER_SCRIPT } from '../terraform/gcp/gcpDatabaseUser';

/**
 * How the settings reach the container: the ConfigMap where a cluster runs the application, the
 * serverless revision's environment (Terraform's `app_env` and the modules' outputs) elsewhere;
 * a stack that mixes both says which environments each path applies to.
 */
function configurationPaths(spec: StackSpec): string[] {
  const kubernetes = kubernetesTargets(spec);
  const serverless = serverlessTargets(spec);
  const mixed = kubernetes.length > 0 && serverless.length > 0;
  const paths: string[] = [];
  if (kubernetes.length > 0) {
    const names = kustomizeNames(spec);
    paths.push(
      `${
        mixed
          ? `Kubernetes environments (${targetList(kubernetes)}): the`
          : 'The'
      } container reads its configuration from the environment (ConfigMap \`${
        names.config
      }\`): \`PORT\`, \`ENVIRONMENT\` and \`CLOUD\`, plus what Terraform created for it. \`make k8s-services ENV=<environment> CLOUD=<cloud>\` (the apply workflow runs it after \`terraform apply\`) writes the outputs of \`infra/envs/<environment>/<cloud>\` into \`deploy/overlays/<environment>-<cloud>/${SERVICES_ENV_FILE}\`, and the overlay merges that file into the ConfigMap, so a changed endpoint rolls the pods. There are no passwords: the application signs in to every service with its workload identity, and \`make k8s-apply\` refuses an overlay whose \`${SERVICES_ENV_FILE}\` still holds placeholders.`,
      '',
    );
  }
  if (serverless.length > 0) {
    const where = [...new Set(serverless.map(target => target.cloud))]
      .map(
        cloud =>
          `${serverlessDocs(cloud).settings}${
            mixed || stackClouds(spec).length > 1
              ? ` (${CLOUD_NAMES[cloud]})`
              : ''
          }`,
      )
      .join(', ');
    paths.push(
      `${
        mixed
          ? `Serverless environments (${targetList(serverless)}): the`
          : 'The'
      } container reads its configuration from environment variables, set in ${where}: \`PORT\`, \`ENVIRONMENT\` and \`CLOUD\`, what Terraform created for it (the root module \`infra/envs/<environment>/<cloud>\` passes the modules' outputs to the service) and \`app_env\` in its \`terraform.tfvars\` (\`spec.app.env\` and the environment's override, written at render). The application signs in to the services with the identity of its service; a secret a service still needs (such as a cache AUTH string) is a reference into the cloud's secret store, resolved by the platform when the container starts, never a value in Terraform or the revision.`,
      '',
    );
  }
  return paths;
}

/**
 * What a variable is for on one cloud: its serverless description where every target of the
 * cloud is serverless, both where the cloud mixes Kubernetes and serverless targets.
 */
function variableUse(
  spec: StackSpec,
  cloud: Cloud,
  variable: AppServiceVariable,
): string {
  const { description, serverlessDescription } = variable;
  const computes = new Set(
    deploymentTargets(spec)
      .filter(target => target.cloud === cloud)
      .map(target => target.compute),
  );
  if (!serverlessDescription || !computes.has('serverless')) return description;
  if (!computes.has('kubernetes')) return serverlessDescription;
  return `Kubernetes: ${description} Serverless: ${serverlessDescription}`;
}

/**
 * README section "What the application receives": the environment variables of the application
 * container per cloud, from the same list that writes `services.env`, so they cannot disagree.
 */
export function appEnvironmentGuide(spec: StackSpec): string[] {
  const lines = [
    '## What the application receives',
    '',
    ...configurationPaths(spec),
  ];
  if (spec.spec.services.postgres) {
    const clouds = stackClouds(spec);
    const gcpCompute = deploymentTargets(spec)
      .filter(target => target.cloud === 'gcp')
      .map(target => target.compute);
    const azureCompute = deploymentTargets(spec)
      .filter(target => target.cloud === 'azure')
      .map(target => target.compute);
    lines.push(
      `The database role the application signs in as is created by the rendered code: ${[
        clouds.includes('aws') &&
          'on AWS `make database-user` (run by the apply workflow after `terraform apply`) creates it with `rds_iam` and lets it create its tables, through the SSM relay with the master credentials from Secrets Manager',
        gcpCompute.includes('kubernetes') &&
          'on GCP Terraform creates the IAM database user of the Google service account (`google_sql_user`, type `CLOUD_IAM_SERVICE_ACCOUNT`) and `make database-user` (run by the apply workflow) lets it create its tables, from a short-lived psql pod in the cluster signed in as the Cloud SQL built-in user `skyforge_ci` (a new IAM user has no privileges; the built-in users Cloud SQL creates are members of `cloudsqlsuperuser`, which owns the database; CI, already a Cloud SQL admin, sets a fresh random password on it each run and keeps it nowhere)',
        gcpCompute.includes('serverless') &&
          `on GCP Cloud Run environments Terraform creates the IAM database user of the Google service account and a database role job (a Cloud Run job, \`<name>-<environment>-db-role\`, direct VPC egress into the service's subnet; its psql image \`postgres:17-alpine\` comes through an Artifact Registry remote repository of Docker Hub, \`<name>-<environment>-docker-hub\`, not from Docker Hub under its anonymous pull limit) running as a service account of its own that may sign in to that instance and nothing else; \`make database-user\` (run by the apply workflow) makes the job's IAM database user a member of \`cloudsqlsuperuser\` through the Cloud SQL Admin API (\`gcloud sql users assign-roles\`) and executes the job, which signs in with an access token from the metadata server, runs \`${GCP_DATABASE_USER_SCRIPT}\` and creates the pgAudit extension: no password exists on this path`,
        azureCompute.includes('kubernetes') &&
          "on Azure `make database-user` (run by the apply workflow) creates the Entra role of the workload identity (`pgaadauth_create_principal_with_oid`) and lets it create its tables, from a short-lived psql pod in the cluster signed in as the environment's CI identity, an Entra administrator of the server",
        azureCompute.includes('serverless') &&
          'on Azure Container Apps environments Terraform creates a database role job (a Container Apps job, `<name>-<environment>-db-role`) in the environment running as an identity of its own, an Entra administrator of the server; `make database-user` (run by the apply workflow) starts it and waits for it, and it signs in with an access token from the Container Apps managed identity endpoint, creates the Entra role of the app identity (`pgaadauth_create_principal_with_oid`) and lets it create its tables (`docs/operations.md`, "Serverless on Azure: Container Apps")',
      ]
        .filter(Boolean)
        .join('; ')}.`,
      '',
    );
  }
  for (const cloud of stackClouds(spec)) {
    lines.push(
      `${CLOUD_NAMES[cloud]}:`,
      '',
      '| Variable | Service | Terraform output | Use |',
      '| --- | --- | --- | --- |',
      ...appServiceVariables(spec, cloud).map(
        variable =>
          `| \`${variable.name}\` | ${
            variable.service
              ? stackService(variable.service).products[cloud].name
              : 'environment'
          } | \`${variable.output}\` | ${variableUse(spec, cloud, variable)} |`,
      ),
      '',
    );
  }
  return lines;
}
