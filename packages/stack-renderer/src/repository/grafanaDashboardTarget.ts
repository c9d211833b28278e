import type { StackSpec } from '../spec/stackSpec';
import { kubernetesTargets, stackClouds } from '../spec/deploymentTargets';
import type { Cloud } from '../spec/regions';

/** Writes the root's dashboard output where the import reads it. */
const DASHBOARD_FILE =
  'terraform -chdir=$(TF_ROOT) output -raw grafana_dashboard_json > $(BUILD)/dashboard.json';

/** The Grafana service account of the apply workflow in Amazon Managed Grafana. */
export const AWS_GRAFANA_SERVICE_ACCOUNT = 'skyforge-ci';

/** How long the AWS Grafana token of one import lives (seconds): one request needs it. */
export const AWS_GRAFANA_TOKEN_SECONDS = 60;

/**
 * The clouds of the stack whose Grafana `make grafana-dashboard` imports the application dashboard
 * into: Azure Managed Grafana and Amazon Managed Grafana, which cluster monitoring creates (only
 * where a Kubernetes environment runs). GCP's Cloud Monitoring dashboard, and every serverless
 * environment's dashboard, is a Terraform resource.
 */
export function grafanaDashboardClouds(spec: StackSpec): Cloud[] {
  if (!spec.spec.services.monitoring) return [];
  const kubernetes = kubernetesTargets(spec);
  return stackClouds(spec).filter(
    cloud =>
      cloud !== 'gcp' && kubernetes.some(target => target.cloud === cloud),
  );
}

/**
 * `make grafana-dashboard`: imports the application dashboard (the root's `grafana_dashboard_json`
 * output) into the environment's Grafana, replacing the previous version.
 * - Azure: `az grafana dashboard import` (amg extension) as the signed-in identity, which the
 *   monitoring module makes Grafana Editor of the instance. A new role assignment can take minutes
 *   to reach Grafana, so the import is retried.
 * - AWS, when `grafana_enabled` created the workspace: the workflow's Grafana service account
 *   (created once, role EDITOR) gets a token that lives {@link AWS_GRAFANA_TOKEN_SECONDS} seconds;
 *   the token goes to curl in a header file only this user reads, never on a command line or in
 *   the log, and the dashboard is POSTed to the Grafana HTTP API (`/api/dashboards/db`).
 */
export function grafanaDashboardTarget(spec: StackSpec): string[] {
  const lines = [
    '',
    "grafana-dashboard: check-target ## Azure, AWS: import the application dashboard into the environment's Grafana (needs tf-init)",
  ];
  const clouds = grafanaDashboardClouds(spec);
  if (clouds.length === 0) {
    let reason = 'Terraform manages the Cloud Monitoring dashboard on GCP.';
    if (!spec.spec.services.monitoring) reason = 'the stack has no monitoring.';
    else if (kubernetesTargets(spec).length === 0)
      reason =
        'Terraform manages the dashboards of the serverless services (CloudWatch, Cloud Monitoring).';
    return [...lines, `\t@echo "Nothing to do: ${reason}"`];
  }
  const output = (name: string) =>
    `"$$(terraform -chdir=$(TF_ROOT) output -raw ${name})"`;
  const azure = [
    `\t  azure) grafana=${output('grafana_name')}; group=${output(
      'resource_group_name',
    )}; \\`,
    `\t    ${DASHBOARD_FILE}; \\`,
    '\t    az extension add --name amg --upgrade --only-show-errors; \\',
    '\t    for attempt in $$(seq 1 10); do \\',
    '\t      az grafana dashboard import --name "$$grafana" --resource-group "$$group" --definition @$(BUILD)/dashboard.json --overwrite true --output none && break; \\',
    '\t      [ "$$attempt" -lt 10 ] || exit 1; echo "Grafana refused the import (a new role assignment takes minutes to apply): retrying in 30 s." >&2; sleep 30; \\',
    '\t    done; \\',
    '\t    echo "Imported the dashboard into Grafana $$grafana." ;; \\',
  ];
  const aws = [
    // null (grafana_enabled = false) is no raw string: terraform fails, which means "no workspace".
    '\t  aws) workspace="$$(terraform -chdir=$(TF_ROOT) output -raw grafana_workspace_id 2> /dev/null || true)"; \\',
    '\t    if [ -z "$$workspace" ] || [ "$$workspace" = null ]; then \\',
    '\t      echo "Skipped: Amazon Managed Grafana is off (grafana_enabled in $(TF_ROOT)/terraform.tfvars), so there is no Grafana to import the dashboard into."; exit 0; \\',
    '\t    fi; \\',
    `\t    ${DASHBOARD_FILE}; \\`,
    `\t    region=${output('region')}; endpoint=${output(
      'grafana_endpoint',
    )}; \\`,
    `\t    account="$$(aws grafana list-workspace-service-accounts --region "$$region" --workspace-id "$$workspace" --query "serviceAccounts[?name=='${AWS_GRAFANA_SERVICE_ACCOUNT}'].id | [0]" --output text)"; \\`,
    '\t    if [ -z "$$account" ] || [ "$$account" = None ]; then \\',
    `\t      account="$$(aws grafana create-workspace-service-account --region "$$region" --workspace-id "$$workspace" --name ${AWS_GRAFANA_SERVICE_ACCOUNT} --grafana-role EDITOR --query id --output text)"; \\`,
    '\t    fi; \\',
    "\t    umask 077; trap 'rm -f $(BUILD)/grafana-headers' EXIT; \\",
    '\t    token="$$(aws grafana create-workspace-service-account-token --region "$$region" --workspace-id "$$workspace" --service-account-id "$$account" \\',
    `\t      --name "dashboard-$$(date +%s)" --seconds-to-live ${AWS_GRAFANA_TOKEN_SECONDS} --query serviceAccountToken.key --output text)"; \\`,
    '\t    printf \'Authorization: Bearer %s\\nContent-Type: application/json\\n\' "$$token" > $(BUILD)/grafana-headers; \\',
    '\t    jq \'{dashboard: (. + {id: null}), overwrite: true, message: "make grafana-dashboard"}\' $(BUILD)/dashboard.json \\',
    '\t      | curl --fail -sS -X POST -H @$(BUILD)/grafana-headers --data-binary @- -o /dev/null "https://$${endpoint#https://}/api/dashboards/db"; \\',
    '\t    echo "Imported the dashboard into Amazon Managed Grafana $$endpoint." ;; \\',
  ];
  return [
    ...lines,
    '\t@mkdir -p $(BUILD)',
    '\t@case "$(CLOUD)" in \\',
    ...(clouds.includes('aws') ? aws : []),
    ...(clouds.includes('azure') ? azure : []),
    '\t  *) echo "Nothing to do on $(CLOUD): Terraform manages the Cloud Monitoring dashboard on GCP." ;; \\',
    '\tesac',
  ];
}
