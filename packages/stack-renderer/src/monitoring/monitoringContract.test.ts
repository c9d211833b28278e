import { parse } from '@cdktn/hcl2json';
import { parseAllDocuments } from 'yaml';
import { renderStack } from '../renderStack';
import { environmentCompute } from '../spec/computeTarget';
import type { Cloud } from '../spec/regions';
import { parseStackSpec, type StackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import type { FileTree } from '../types';
import { appAlertRules } from './appAlertRules';
import { METRICS_PORT, METRICS_PORT_NAME } from './appMetrics';

/**
 * Rules per failure mode of monitoring, over every example stack and cloud, read from the
 * rendered files: metrics collected as soon as a workspace exists, every alert routed to the
 * alert channel, the database watched, and the application's metrics port scraped and admitted by
 * its NetworkPolicy. Each rule collects what is wrong, so a failure names the broken link.
 */

type Body = Record<string, any>;

const examples = Object.entries(exampleSpecs).map(([name, input]) => {
  const spec = parseStackSpec(input);
  return { name, spec, files: renderStack(spec).files };
});
/** The environments of an example that run on `compute`. */
function environmentsOn(spec: StackSpec, compute: 'kubernetes' | 'serverless') {
  return spec.spec.environments.filter(
    environment => environmentCompute(spec.spec, environment) === compute,
  );
}

const monitored = examples.filter(({ spec }) => spec.spec.services.monitoring);
/** Stacks monitoring a cluster: the contract below. */
const cases = monitored
  .filter(({ spec }) => environmentsOn(spec, 'kubernetes').length > 0)
  .flatMap(example =>
    example.spec.spec.clouds.map(cloud => ({ ...example, cloud })),
  );
/** Stacks monitoring a serverless service: the serverless contract at the end. */
const serverlessCases = monitored
  .filter(({ spec }) => environmentsOn(spec, 'serverless').length > 0)
  .flatMap(example =>
    example.spec.spec.clouds.map(cloud => ({ ...example, cloud })),
  );

async function hcl(files: FileTree, path: string): Promise<Body> {
  const text = files[path];
  if (text === undefined) throw new Error(`${path} was not rendered`);
  return (await parse(path, text)) as Body;
}

/** Every resource body of a type in a parsed file. */
function resources(parsed: Body, type: string): Body[] {
  return Object.values(
    (parsed.resource?.[type] ?? {}) as Record<string, Body[]>,
  ).flat();
}

function yamlObjects(text: string | undefined): Body[] {
  if (text === undefined) return [];
  return parseAllDocuments(text).map(document => document.toJSON() as Body);
}

function requireThat(problems: string[], holds: boolean, problem: string) {
  if (!holds) problems.push(problem);
}

/** Collection: the workspace the module creates receives the cluster's metrics. */
async function collectionProblems(
  files: FileTree,
  cloud: Cloud,
): Promise<string[]> {
  const problems: string[] = [];
  const main = await hcl(files, `infra/modules/monitoring/${cloud}/main.tf`);
  if (cloud === 'aws') {
    const [scraper] = resources(main, 'aws_prometheus_scraper');
    requireThat(
      problems,
      JSON.stringify(scraper?.destination).includes(
        '${aws_prometheus_workspace.this.arn}',
      ) && JSON.stringify(scraper?.source).includes('${var.cluster_arn}'),
      'no managed collector scrapes the cluster into the workspace',
    );
  } else if (cloud === 'azure') {
    // Without all of endpoint, rule and both associations, the add-on collects nothing.
    const [rule] = resources(main, 'azurerm_monitor_data_collection_rule');
    requireThat(
      problems,
      JSON.stringify(rule?.destinations).includes(
        '${azurerm_monitor_workspace.this.id}',
      ),
      'the data collection rule does not send to the workspace',
    );
    const associations = resources(
      main,
      'azurerm_monitor_data_collection_rule_association',
    );
    const links = associations
      .filter(
        association => association.target_resource_id === '${var.cluster_id}',
      )
      .map(
        association =>
          association.data_collection_rule_id ??
          association.data_collection_endpoint_id,
      );
    requireThat(
      problems,
      links.includes('${azurerm_monitor_data_collection_rule.prometheus.id}') &&
        links.includes(
          '${azurerm_monitor_data_collection_endpoint.prometheus.id}',
        ),
      'the cluster is not associated with both the rule and the endpoint',
    );
    const cluster = await hcl(files, 'infra/modules/cluster/azure/main.tf');
    const [aks] = resources(cluster, 'azurerm_kubernetes_cluster');
    requireThat(
      problems,
      aks?.monitor_metrics !== undefined,
      'the AKS metrics add-on is off',
    );
  } else {
    const cluster = await hcl(files, 'infra/modules/cluster/gcp/main.tf');
    const [gke] = resources(cluster, 'google_container_cluster');
    requireThat(
      problems,
      gke?.monitoring_config?.[0]?.managed_prometheus?.[0]?.enabled === true,
      'managed collection is off on GKE',
    );
  }
  return problems;
}

/** Routing: every alert of the module reaches the channel that mails alert_email. */
async function routingProblems(
  files: FileTree,
  cloud: Cloud,
): Promise<string[]> {
  const problems: string[] = [];
  const main = await hcl(files, `infra/modules/monitoring/${cloud}/main.tf`);
  if (cloud === 'aws') {
    const [manager] = resources(
      main,
      'aws_prometheus_alert_manager_definition',
    );
    requireThat(
      problems,
      String(manager?.definition).includes(
        'topic_arn = aws_sns_topic.alerts.arn',
      ),
      'the alert manager does not publish to the alerts topic',
    );
    for (const alarm of resources(main, 'aws_cloudwatch_metric_alarm')) {
      requireThat(
        problems,
        JSON.stringify(alarm.alarm_actions) ===
          JSON.stringify(['${aws_sns_topic.alerts.arn}']),
        `alarm ${alarm.alarm_name} does not notify the alerts topic`,
      );
    }
    const [subscription] = resources(main, 'aws_sns_topic_subscription');
    requireThat(
      problems,
      subscription?.endpoint === '${var.alert_email}',
      'alert_email is not subscribed to the topic',
    );
  } else if (cloud === 'gcp') {
    const policies = resources(main, 'google_monitoring_alert_policy');
    requireThat(problems, policies.length > 0, 'no alert policies');
    for (const policy of policies) {
      requireThat(
        problems,
        policy.notification_channels === '${local.notification_channels}',
        `policy ${policy.display_name} does not notify the channels`,
      );
    }
    requireThat(
      problems,
      JSON.stringify(main.locals).includes(
        'google_monitoring_notification_channel.email[*].id',
      ),
      'the email channel is not among the channels',
    );
  } else {
    const [group] = resources(
      main,
      'azurerm_monitor_alert_prometheus_rule_group',
    );
    requireThat(
      problems,
      JSON.stringify(group?.dynamic?.rule).includes(
        '${azurerm_monitor_action_group.alerts.id}',
      ),
      'the rule group does not notify the action group',
    );
    const [actionGroup] = resources(main, 'azurerm_monitor_action_group');
    requireThat(
      problems,
      JSON.stringify(actionGroup?.dynamic?.email_receiver).includes(
        'var.alert_email',
      ),
      'the action group does not mail alert_email',
    );
    for (const alert of resources(main, 'azurerm_monitor_metric_alert')) {
      requireThat(
        problems,
        JSON.stringify(alert.action).includes(
          '${azurerm_monitor_action_group.alerts.id}',
        ),
        `metric alert ${alert.name} does not notify the action group`,
      );
    }
  }
  return problems;
}

const DATABASE_ARGUMENT: Record<Cloud, string> = {
  aws: 'database_identifier',
  gcp: 'database_instance',
  azure: 'postgres_server_id',
};

/**
 * The database: watched when the stack has one (the argument and its alerts), not otherwise, by
 * the monitoring module of the environment's compute target (`monitoring` on a cluster,
 * `serverless-monitoring` on serverless containers).
 */
async function databaseWatch(
  spec: StackSpec,
  files: FileTree,
  cloud: Cloud,
  capability: 'monitoring' | 'serverless-monitoring' = 'monitoring',
  environment: string = spec.spec.environments[0],
): Promise<{ argument: boolean; alerts: boolean }> {
  const main = await hcl(files, `infra/modules/${capability}/${cloud}/main.tf`);
  const root = await hcl(files, `infra/envs/${environment}/${cloud}/main.tf`);
  const alerts = {
    aws: resources(main, 'aws_cloudwatch_metric_alarm').filter(
      alarm => alarm.namespace === 'AWS/RDS',
    ),
    gcp: resources(main, 'google_monitoring_alert_policy').filter(
      policy => policy.for_each === '${local.database_alerts}',
    ),
    azure: resources(main, 'azurerm_monitor_metric_alert').filter(alert =>
      JSON.stringify(alert.criteria).includes(
        'Microsoft.DBforPostgreSQL/flexibleServers',
      ),
    ),
  }[cloud];
  const call = root.module[capability.replace('-', '_')][0];
  return {
    argument: call[DATABASE_ARGUMENT[cloud]] !== undefined,
    alerts: alerts.length > 0,
  };
}

/** The metrics port: declared, scraped by the cloud's collector, admitted by a NetworkPolicy. */
function scrapeProblems(
  spec: StackSpec,
  files: FileTree,
  cloud: Cloud,
): string[] {
  const problems: string[] = [];
  const overlay = `deploy/overlays/${spec.spec.environments[0]}-${cloud}`;
  const [deployment] = yamlObjects(files['deploy/base/deployment.yaml']);
  requireThat(
    problems,
    JSON.stringify(deployment.spec.template.spec.containers[0].ports).includes(
      JSON.stringify({
        name: METRICS_PORT_NAME,
        containerPort: METRICS_PORT,
        protocol: 'TCP',
      }),
    ),
    'the container declares no metrics port',
  );
  const policyFile =
    cloud === 'aws'
      ? `${overlay}/network-policy-metrics.yaml`
      : `deploy/components/${cloud}/network-policy-metrics.yaml`;
  const [policy] = yamlObjects(files[policyFile]);
  requireThat(
    problems,
    JSON.stringify(policy?.spec?.ingress?.[0]?.ports) ===
      JSON.stringify([{ protocol: 'TCP', port: METRICS_PORT_NAME }]),
    'no NetworkPolicy admits the collector to the metrics port',
  );
  if (cloud === 'aws') {
    requireThat(
      problems,
      files['infra/modules/monitoring/aws/main.tf'].includes(
        `regex         = "${METRICS_PORT_NAME}"`,
      ),
      'the scrape job does not keep the metrics port',
    );
    const kustomization = yamlObjects(
      files[`${overlay}/kustomization.yaml`],
    )[0];
    requireThat(
      problems,
      kustomization.resources.includes('network-policy-metrics.yaml'),
      'the overlay leaves the metrics policy out',
    );
  } else {
    const file = cloud === 'gcp' ? 'pod-monitoring.yaml' : 'pod-monitor.yaml';
    const [monitor] = yamlObjects(files[`deploy/components/${cloud}/${file}`]);
    const endpoints: Body[] =
      monitor?.spec?.endpoints ?? monitor?.spec?.podMetricsEndpoints ?? [];
    requireThat(
      problems,
      endpoints.length === 1 && endpoints[0].port === METRICS_PORT_NAME,
      `${file} does not scrape the metrics port`,
    );
    const kustomization = yamlObjects(
      files[`deploy/components/${cloud}/kustomization.yaml`],
    )[0];
    requireThat(
      problems,
      kustomization.resources.includes(file) &&
        kustomization.resources.includes('network-policy-metrics.yaml'),
      'the component leaves the scrape objects out',
    );
  }
  return problems;
}

describe('monitoring contract', () => {
  it('covers every cloud among the example stacks', () => {
    expect(new Set(cases.map(({ cloud }) => cloud))).toEqual(
      new Set(['aws', 'gcp', 'azure']),
    );
  });

  describe.each(cases)('$name on $cloud', ({ spec, files, cloud }) => {
    it('collects metrics into the workspace it creates', async () => {
      expect(await collectionProblems(files, cloud)).toEqual([]);
    });

    it('routes every alert to the alert channel', async () => {
      expect(await routingProblems(files, cloud)).toEqual([]);
    });

    it('watches the database with the cloud metrics when the stack has one', async () => {
      const has = spec.spec.services.postgres;
      expect(await databaseWatch(spec, files, cloud)).toEqual({
        argument: has,
        alerts: has,
      });
    });

    it("hands the stack's alert email to every environment", async () => {
      const email = spec.spec.alerts?.email;
      for (const environment of environmentsOn(spec, 'kubernetes')) {
        const root = `infra/envs/${environment}/${cloud}`;
        const main = await hcl(files, `${root}/main.tf`);
        expect(main.module.monitoring[0].alert_email).toBe(
          '${var.alert_email}',
        );
        expect(files[`${root}/terraform.tfvars`]).toMatch(
          email
            ? new RegExp(`\\nalert_email\\s+= "${email}"`)
            : /\n# alert_email = /,
        );
      }
    });

    it('renders every alert rule from the one source', () => {
      const template =
        files[`infra/modules/monitoring/${cloud}/alert-rules.yaml.tftpl`];
      const names = appAlertRules(
        { namespace: '', deployment: '' },
        cloud === 'gcp' ? 'gke' : 'kube-state-metrics',
      ).map(rule => rule.name);
      expect(
        names.filter(name => !template.includes(`alert: ${name}`)),
      ).toEqual([]);
    });

    it("scrapes the application's metrics port and admits the collector to it", () => {
      expect(scrapeProblems(spec, files, cloud)).toEqual([]);
    });
  });

  it('renders no scrape objects, metrics port or monitoring module without the monitoring service', () => {
    const input = exampleSpecs['aws-small'];
    const spec = parseStackSpec({
      ...input,
      spec: {
        ...input.spec,
        services: { ...input.spec.services, monitoring: false },
      },
    });
    const files = renderStack(spec).files;
    expect(
      Object.keys(files).filter(path => path.includes('monitoring')),
    ).toEqual([]);
    expect(files['deploy/base/deployment.yaml']).not.toContain(
      METRICS_PORT_NAME,
    );
  });
});

/**
 * Serverless monitoring per failure mode: an alarm that mails nobody, an environment whose alerts
 * go nowhere, and alarms watching another service than the one the environment runs.
 */
/** Per cloud: the alert resources of the serverless monitoring module, and whether one is routed. */
const ALERT_ROUTING = {
  aws: {
    type: 'aws_cloudwatch_metric_alarm',
    routed: (alarm: Body) =>
      JSON.stringify(alarm.alarm_actions).includes(
        '${aws_sns_topic.alerts.arn}',
      ),
  },
  gcp: {
    type: 'google_monitoring_alert_policy',
    routed: (policy: Body) =>
      policy.notification_channels === '${local.notification_channels}',
  },
  azure: {
    type: 'azurerm_monitor_metric_alert',
    routed: (alert: Body) =>
      JSON.stringify(alert.action).includes(
        '${azurerm_monitor_action_group.app.id}',
      ),
  },
};

describe('serverless monitoring contract', () => {
  it('covers the clouds that render serverless monitoring', () => {
    expect(new Set(serverlessCases.map(({ cloud }) => cloud))).toEqual(
      new Set(['aws', 'gcp', 'azure']),
    );
  });

  describe.each(serverlessCases)(
    '$name on $cloud',
    ({ spec, files, cloud }) => {
      it('routes every alarm and alert policy to the alert channel', async () => {
        const main = await hcl(
          files,
          `infra/modules/serverless-monitoring/${cloud}/main.tf`,
        );
        const routing = ALERT_ROUTING[cloud as keyof typeof ALERT_ROUTING];
        const unrouted = Object.entries(
          (main.resource[routing.type] ?? {}) as Record<string, Body[]>,
        )
          .filter(([, [alert]]) => !routing.routed(alert))
          .map(([name]) => name);
        expect(unrouted).toEqual([]);
        expect(Object.keys(main.resource)).toContain(
          {
            aws: 'aws_sns_topic_subscription',
            gcp: 'google_monitoring_notification_channel',
            azure: 'azurerm_monitor_action_group',
          }[cloud as string],
        );
      });

      it('watches the database with the cloud metrics, as on a cluster, when the stack has one', async () => {
        const has = spec.spec.services.postgres;
        for (const environment of environmentsOn(spec, 'serverless')) {
          expect(
            await databaseWatch(
              spec,
              files,
              cloud as Cloud,
              'serverless-monitoring',
              environment,
            ),
          ).toEqual({ argument: has, alerts: has });
        }
        const input = structuredClone(exampleSpecs[spec.metadata.name]);
        input.spec.services = { ...input.spec.services, postgres: false };
        const without = parseStackSpec(input);
        // Without a database the module gets no instance: its database alerts count zero.
        expect(
          await databaseWatch(
            without,
            renderStack(without).files,
            cloud as Cloud,
            'serverless-monitoring',
            environmentsOn(without, 'serverless')[0],
          ),
        ).toMatchObject({ argument: false });
      });

      it("watches the environment's own service and mails the stack's alert email", async () => {
        const email = spec.spec.alerts?.email;
        for (const environment of environmentsOn(spec, 'serverless')) {
          const root = `infra/envs/${environment}/${cloud}`;
          const call = (await hcl(files, `${root}/main.tf`)).module
            .serverless_monitoring[0];
          expect({
            service: call.service_name ?? call.container_app_id,
            targetGroup: call.target_group_arn_suffix,
          }).toEqual({
            service:
              cloud === 'azure'
                ? '${module.serverless.container_app_id}'
                : '${module.serverless.service_name}',
            targetGroup:
              cloud === 'aws'
                ? '${module.serverless.target_group_arn_suffix}'
                : undefined,
          });
          expect(call.alert_email).toBe('${var.alert_email}');
          expect(files[`${root}/terraform.tfvars`]).toMatch(
            email
              ? new RegExp(`\\nalert_email\\s+= "${email}"`)
              : /\n# alert_email = /,
          );
        }
      });
    },
  );
});
