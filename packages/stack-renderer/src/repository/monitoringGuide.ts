import { appAlertRules } from '../monitoring/appAlertRules';
import {
  METRICS_PATH,
  METRICS_PORT,
  METRICS_PORT_NAME,
  REQUEST_DURATION_METRIC,
  STATUS_CODE_LABEL,
} from '../monitoring/appMetrics';
import { appNamespace } from '../naming';
import type { Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { kubernetesTargets, stackClouds } from '../spec/deploymentTargets';
import type { ServerlessAlert } from '../monitoring/serverlessAlerts';
import { AZURE_DATABASE_ALERTS } from '../terraform/azure/azureDatabaseAlerts';
import { GCP_DATABASE_ALERTS } from '../terraform/gcp/gcpAlertPolicies';
import {
  serverlessDocs,
  serverlessTargetAlerts,
  serverlessTargets,
  targetList,
} from './serverlessDocs';
import {
  AWS_GRAFANA_SERVICE_ACCOUNT,
  AWS_GRAFANA_TOKEN_SECONDS,
  grafanaDashboardClouds,
} from './grafanaDashboardTarget';

/** "Database CPU above 80%" as "CPU above 80%", for a list under a heading that names the database. */
function withoutSubject(summary: string): string {
  const rest = summary.replace(/^Database /, '');
  return /^[A-Z]{2}/.test(rest)
    ? rest
    : rest.charAt(0).toLowerCase() + rest.slice(1);
}

/** Per cloud: the alerts on the stack's PostgreSQL server (outside any cluster or service). */
const DATABASE_ALERTS: Record<Cloud, string> = {
  aws: 'on AWS, CloudWatch alarms on RDS (CPU above 80% for 15 minutes, less than 5 GiB of storage left)',
  gcp: `on GCP, Cloud Monitoring policies on Cloud SQL (${Object.values(
    GCP_DATABASE_ALERTS,
  )
    .map(alert => withoutSubject(alert.summary.replace(/\.$/, '')))
    .join(', ')})`,
  azure: `on Azure, metric alerts on the flexible server (${AZURE_DATABASE_ALERTS.map(
    alert => withoutSubject(alert.description),
  ).join(', ')})`,
};

/** Per cloud: what collects, where the dashboard is, where alerts go. */
const CLOUD_MONITORING: Record<
  Cloud,
  { collector: string; dashboard: string; alerts: string }
> = {
  aws: {
    collector:
      'Amazon Managed Service for Prometheus managed collector (outside the cluster; job `app` in `infra/modules/monitoring/aws`), kube-state-metrics and node exporter EKS add-ons',
    dashboard:
      "Amazon Managed Grafana, **off by default**: it signs people in through IAM Identity Center, which a fresh account lacks. Enable Identity Center, set `grafana_enabled = true` in the root's terraform.tfvars and apply: the apply workflow then imports the dashboard (below).",
    alerts:
      'Rules evaluated in the AMP workspace; its alert manager and the RDS CloudWatch alarms publish to the SNS topic `<stack>-<env>-alerts`, which mails `alert_email` once the recipient confirms the subscription email.',
  },
  gcp: {
    collector:
      "Managed Service for Prometheus, managed collection (`deploy/components/gcp/pod-monitoring.yaml`), and GKE's kube-state-metrics package",
    dashboard:
      'Cloud Monitoring dashboard "<stack> application" (Monitoring > Dashboards). GCP has no managed Grafana; PromQL charts in Cloud Monitoring need nothing to run or sign in to.',
    alerts:
      'Cloud Monitoring alert policies (PromQL) notify an email channel for `alert_email` and any channel in `alert_notification_channels`.',
  },
  azure: {
    collector:
      'The AKS metrics add-on with its data collection endpoint, rule and associations (`deploy/components/azure/pod-monitor.yaml` for the application)',
    dashboard:
      'Azure Managed Grafana (`terraform output grafana_endpoint`); it reads the Azure Monitor workspace with the Monitoring Data Reader role. The apply workflow imports the dashboard (below).',
    alerts:
      'A Prometheus rule group on the Azure Monitor workspace notifies the action group `<stack>-<env>-alerts`, which mails `alert_email`.',
  },
};

const IMPORT_COMMANDS: Partial<Record<Cloud, string[]>> = {
  aws: [
    '# AWS: Grafana > Dashboards > New > Import, and paste the file (choose the AMP data source).',
  ],
  azure: [
    '# Azure (the Grafana Admin group may import):',
    'az grafana dashboard import --name "$(terraform -chdir=infra/envs/$ENV/$CLOUD output -raw grafana_name)" \\',
    '  --resource-group "$(terraform -chdir=infra/envs/$ENV/$CLOUD output -raw resource_group_name)" --definition @dashboard.json --overwrite true',
  ],
};

/** Where the alerts go, as the guide says it. */
function alertRecipient(spec: StackSpec): string {
  const email = spec.spec.alerts?.email;
  return email
    ? `\`${email}\` (\`spec.alerts.email\`, written to every environment's \`alert_email\`)`
    : "no one yet: set `spec.alerts.email` in skyforge.yaml (or `alert_email` in a root's terraform.tfvars)";
}

/**
 * The serverless environments' monitoring: the cloud measures the service itself (no metrics
 * endpoint in the application), alarms or alert policies per environment, a dashboard and logs.
 */
function serverlessMonitoring(spec: StackSpec, heading: string): string[] {
  const targets = serverlessTargets(spec);
  if (targets.length === 0) return [];
  const clouds = [...new Set(targets.map(target => target.cloud))];
  // Environments whose alerts read the same (their latency thresholds differ with spec.app.hpa).
  const groups = new Map<
    string,
    { targets: typeof targets; alerts: ServerlessAlert[] }
  >();
  for (const target of targets) {
    const alerts = serverlessTargetAlerts(target);
    const key = `${target.cloud} ${JSON.stringify(alerts)}`;
    const group = groups.get(key) ?? { targets: [], alerts };
    group.targets.push(target);
    groups.set(key, group);
  }
  return [
    heading,
    '',
    `${targetList(
      targets,
    )} run serverless: the cloud measures the service itself (requests, errors, response time, CPU, memory, instances), so these alerts need nothing from the application. The module is \`infra/modules/serverless-monitoring/<cloud>\`.`,
    '',
    '| Cloud | Dashboard | Alerts | Logs |',
    '|---|---|---|---|',
    ...clouds.map(cloud => {
      const docs = serverlessDocs(cloud);
      return `| ${cloud} | ${docs.dashboard} | ${docs.alerts} | ${docs.logs.where} |`;
    }),
    '',
    `**Alerts go to** ${alertRecipient(spec)}.`,
    '',
    ...[...groups.values()].flatMap(group => [
      `${targetList(group.targets)}:`,
      '',
      '| Alert | Fires when |',
      '|---|---|',
      ...group.alerts.map(alert => `| ${alert.id} | ${alert.summary} |`),
      '',
    ]),
    ...(spec.spec.services.postgres
      ? [
          `The database is watched too, with the same recipients: ${clouds
            .map(cloud => DATABASE_ALERTS[cloud])
            .join('; ')}.`,
          '',
        ]
      : []),
    'Read the logs of an environment:',
    '',
    '```sh',
    ...clouds.map(cloud => serverlessDocs(cloud).logs.command),
    '```',
    '',
  ];
}

/** `docs/operations.md`, section Monitoring: what is collected, where to look, where alerts go. */
export function monitoringGuide(spec: StackSpec): string[] {
  if (!spec.spec.services.monitoring) return [];
  if (kubernetesTargets(spec).length === 0) {
    return [
      ...serverlessMonitoring(spec, '## Monitoring'),
      'Budget alerts: see "Budget" below.',
      '',
    ];
  }
  const clouds = stackClouds(spec);
  const grafanaClouds = grafanaDashboardClouds(spec);
  const rules = appAlertRules(
    {
      namespace: appNamespace(spec.metadata.name),
      deployment: spec.metadata.name,
    },
    'kube-state-metrics',
  );
  return [
    '## Monitoring',
    '',
    `**What the application must serve:** Prometheus metrics at \`${METRICS_PATH}\` on port ${METRICS_PORT} (container port \`${METRICS_PORT_NAME}\`), with its HTTP server metrics named after the OpenTelemetry semantic conventions: the histogram \`${REQUEST_DURATION_METRIC}\` labelled \`${STATUS_CODE_LABEL}\` (what OpenTelemetry SDKs export to Prometheus by default). Without it the error-rate and latency panels and alerts stay empty; the pod and node ones still work.`,
    '',
    '| Cloud | Collection | Dashboard | Alerts |',
    '|---|---|---|---|',
    ...clouds.map(cloud => {
      const entry = CLOUD_MONITORING[cloud];
      return `| ${cloud} | ${entry.collector} | ${entry.dashboard} | ${entry.alerts} |`;
    }),
    '',
    `**Alerts go to** ${alertRecipient(
      spec,
    )}. The rules, the same on every cloud (\`infra/modules/monitoring/<cloud>/alert-rules.yaml.tftpl\`):`,
    '',
    '| Alert | Fires when | For |',
    '|---|---|---|',
    ...rules.map(
      rule => `| ${rule.name} | ${rule.summary} | ${rule.forMinutes} min |`,
    ),
    ...(spec.spec.services.postgres
      ? [
          '',
          "The database is outside the cluster, so each cloud's own metrics watch it, to the same channel: CPU above 80% for 15 minutes and storage nearly full (AWS: CloudWatch alarms on RDS; GCP: PromQL policies on Cloud SQL's system metrics; Azure: metric alerts on the flexible server).",
        ]
      : []),
    '',
    'Budget alerts: see "Budget" below.',
    ...(grafanaClouds.length > 0
      ? [
          '',
          `**The dashboard in Grafana** (${grafanaClouds.join(
            ', ',
          )}): every root outputs it (\`grafana_dashboard_json\`), filled in for its environment, and the apply workflow imports it after \`terraform apply\` with \`make grafana-dashboard ENV=<environment> CLOUD=<cloud>\`, replacing the previous version (save changes made in Grafana under another title).`,
          '',
          ...grafanaClouds.map(cloud =>
            cloud === 'azure'
              ? "- Azure: `az grafana dashboard import --overwrite true` (the CLI's `amg` extension) as the environment's CI identity, which the monitoring module makes Grafana Editor of the instance. A new role assignment can take minutes to reach Grafana; the import retries for five minutes."
              : `- AWS: only once \`grafana_enabled\` created the workspace (until then the step says it skipped). The workflow's Grafana service account \`${AWS_GRAFANA_SERVICE_ACCOUNT}\` (role EDITOR, created on the first import) gets a token that lives ${AWS_GRAFANA_TOKEN_SECONDS} seconds, which curl sends to Grafana's HTTP API (\`POST /api/dashboards/db\`) from a header file only the runner user reads; it is never printed. The apply role's AdministratorAccess covers the \`grafana:\` calls; its permissions boundary denies the workspaces tagged with another environment.`,
          ),
          '',
          'By hand, as a fallback (same result):',
          '',
          '```sh',
          'terraform -chdir=infra/envs/$ENV/$CLOUD output -raw grafana_dashboard_json > dashboard.json',
          ...grafanaClouds.flatMap(cloud => IMPORT_COMMANDS[cloud] ?? []),
          '```',
        ]
      : []),
    '',
    ...serverlessMonitoring(spec, '### Serverless environments'),
  ];
}
