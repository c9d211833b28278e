import { parse } from '@cdktn/hcl2json';
import { renderStack } from '../renderStack';
import type { Cloud } from '../spec/regions';
import { parseStackSpec, type StackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import type { FileTree } from '../types';
import { appAlertRules } from './appAlertRules';
import { METRICS_PORT, METRICS_PORT_NAME } from './appMetrics';

/**
 * Rules per failure mode of monitoring, over every example stack and cloud, read from the
 * rendered files: metrics collected as soon as a workspace exists, every alert routed to the
 * alert channel, and the application's metrics port scraped and admitted by its NetworkPolicy.
 */

type Body = Record<string, any>;

const examples = Object.entries(exampleSpecs).map(([name, input]) => {
  const spec = parseStackSpec(input);
  return { name, spec, files: renderStack(spec).files };
});
const monitored = examples.filter(({ spec }) => spec.spec.services.monitoring);
const cases = monitored.flatMap(example =>
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

async function monitoringModule(files: FileTree, cloud: Cloud): Promise<Body> {
  return hcl(files, `infra/modules/monitoring/${cloud}/main.tf`);
}

function yamlObjects(text: string): Body[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseAllDocuments } = require('yaml') as typeof import('yaml');
  return parseAllDocuments(text).map(document => document.toJSON() as Body);
}

describe('monitoring contract', () => {
  it('covers every cloud among the example stacks', () => {
    expect(new Set(cases.map(({ cloud }) => cloud))).toEqual(
      new Set(['aws', 'gcp', 'azure']),
    );
  });

  describe.each(cases)('$name on $cloud', ({ spec, files, cloud }) => {
    it('collects metrics into the workspace it creates', async () => {
      const main = await monitoringModule(files, cloud);
      if (cloud === 'aws') {
        const [scraper] = resources(main, 'aws_prometheus_scraper');
        expect(JSON.stringify(scraper.destination)).toContain(
          '${aws_prometheus_workspace.this.arn}',
        );
        expect(JSON.stringify(scraper.source)).toContain('${var.cluster_arn}');
      } else if (cloud === 'azure') {
        // Without all of endpoint, rule and both associations, the add-on collects nothing.
        const [rule] = resources(main, 'azurerm_monitor_data_collection_rule');
        expect(JSON.stringify(rule.destinations)).toContain(
          '${azurerm_monitor_workspace.this.id}',
        );
        const associations = resources(
          main,
          'azurerm_monitor_data_collection_rule_association',
        );
        expect(
          associations.map(association => association.target_resource_id),
        ).toEqual(['${var.cluster_id}', '${var.cluster_id}']);
        expect(
          associations.map(
            association =>
              association.data_collection_rule_id ??
              association.data_collection_endpoint_id,
          ),
        ).toEqual([
          '${azurerm_monitor_data_collection_rule.prometheus.id}',
          '${azurerm_monitor_data_collection_endpoint.prometheus.id}',
        ]);
        const cluster = await hcl(files, 'infra/modules/cluster/azure/main.tf');
        const [aks] = resources(cluster, 'azurerm_kubernetes_cluster');
        expect(aks.monitor_metrics).toBeDefined();
      } else {
        const cluster = await hcl(files, 'infra/modules/cluster/gcp/main.tf');
        const [gke] = resources(cluster, 'google_container_cluster');
        expect(gke.monitoring_config[0].managed_prometheus[0].enabled).toBe(
          true,
        );
      }
    });

    it('routes every alert to the alert channel', async () => {
      const main = await monitoringModule(files, cloud);
      if (cloud === 'aws') {
        const [manager] = resources(
          main,
          'aws_prometheus_alert_manager_definition',
        );
        expect(manager.definition).toContain(
          'topic_arn = aws_sns_topic.alerts.arn',
        );
        for (const alarm of resources(main, 'aws_cloudwatch_metric_alarm'))
          expect(alarm.alarm_actions).toEqual(['${aws_sns_topic.alerts.arn}']);
        const [subscription] = resources(main, 'aws_sns_topic_subscription');
        expect(subscription.endpoint).toBe('${var.alert_email}');
      } else if (cloud === 'gcp') {
        const policies = resources(main, 'google_monitoring_alert_policy');
        expect(policies.length).toBeGreaterThan(0);
        for (const policy of policies)
          expect(policy.notification_channels).toBe(
            '${local.notification_channels}',
          );
        expect(JSON.stringify(main.locals)).toContain(
          'google_monitoring_notification_channel.email[*].id',
        );
      } else {
        const [group] = resources(
          main,
          'azurerm_monitor_alert_prometheus_rule_group',
        );
        expect(JSON.stringify(group.dynamic.rule)).toContain(
          '${azurerm_monitor_action_group.alerts.id}',
        );
        const [actionGroup] = resources(main, 'azurerm_monitor_action_group');
        expect(JSON.stringify(actionGroup.dynamic.email_receiver)).toContain(
          'var.alert_email',
        );
        for (const alert of resources(main, 'azurerm_monitor_metric_alert'))
          expect(JSON.stringify(alert.action)).toContain(
            '${azurerm_monitor_action_group.alerts.id}',
          );
      }
    });

    it("watches the database with the cloud's own metrics when the stack has one", async () => {
      const main = await monitoringModule(files, cloud);
      const root = await hcl(
        files,
        `infra/envs/${spec.spec.environments[0]}/${cloud}/main.tf`,
      );
      const monitoring = root.module.monitoring[0];
      const argument = {
        aws: 'database_identifier',
        gcp: 'database_instance',
        azure: 'postgres_server_id',
      }[cloud];
      const alerts = {
        aws: resources(main, 'aws_cloudwatch_metric_alarm'),
        gcp: resources(main, 'google_monitoring_alert_policy').filter(
          policy => policy.for_each === '${local.database_alerts}',
        ),
        azure: resources(main, 'azurerm_monitor_metric_alert'),
      }[cloud];
      if (spec.spec.services.postgres) {
        expect(monitoring[argument]).toMatch(
          /^\$\{(local\.name|module\.database\.\w+)\}$/,
        );
        expect(alerts.length).toBeGreaterThan(0);
      } else {
        expect(monitoring[argument]).toBeUndefined();
      }
    });

    it("hands the stack's alert email to every environment", async () => {
      for (const environment of spec.spec.environments) {
        const root = `infra/envs/${environment}/${cloud}`;
        const main = await hcl(files, `${root}/main.tf`);
        expect(main.module.monitoring[0].alert_email).toBe(
          '${var.alert_email}',
        );
        const tfvars = files[`${root}/terraform.tfvars`];
        if (spec.spec.alerts?.email)
          expect(tfvars).toMatch(
            new RegExp(`alert_email\\s+= "${spec.spec.alerts?.email}"`),
          );
        else expect(tfvars).toContain('# alert_email = ');
      }
    });

    it('renders every alert rule from the one source', () => {
      const template =
        files[`infra/modules/monitoring/${cloud}/alert-rules.yaml.tftpl`];
      for (const rule of appAlertRules(
        { namespace: '${namespace}', deployment: '${deployment}' },
        cloud === 'gcp' ? 'gke' : 'kube-state-metrics',
      ))
        expect(template).toContain(`alert: ${rule.name}`);
    });

    it("scrapes the application's metrics port and admits the collector to it", () => {
      const environment = spec.spec.environments[0];
      const overlay = `deploy/overlays/${environment}-${cloud}`;
      const deployment = yamlObjects(files['deploy/base/deployment.yaml'])[0];
      expect(deployment.spec.template.spec.containers[0].ports).toContainEqual({
        name: METRICS_PORT_NAME,
        containerPort: METRICS_PORT,
        protocol: 'TCP',
      });
      const policyFile =
        cloud === 'aws'
          ? `${overlay}/network-policy-metrics.yaml`
          : `deploy/components/${cloud}/network-policy-metrics.yaml`;
      const [policy] = yamlObjects(files[policyFile]);
      expect(policy.spec.ingress).toEqual([
        expect.objectContaining({
          ports: [{ protocol: 'TCP', port: METRICS_PORT_NAME }],
        }),
      ]);
      if (cloud === 'aws') {
        const main = files['infra/modules/monitoring/aws/main.tf'];
        expect(main).toContain(`regex         = "${METRICS_PORT_NAME}"`);
      } else {
        const monitor = yamlObjects(
          files[
            `deploy/components/${cloud}/${
              cloud === 'gcp' ? 'pod-monitoring' : 'pod-monitor'
            }.yaml`
          ],
        )[0];
        const endpoints =
          monitor.spec.endpoints ?? monitor.spec.podMetricsEndpoints;
        expect(endpoints.map((endpoint: Body) => endpoint.port)).toEqual([
          METRICS_PORT_NAME,
        ]);
        const kustomization = yamlObjects(
          files[`deploy/components/${cloud}/kustomization.yaml`],
        )[0];
        expect(kustomization.resources).toEqual(
          expect.arrayContaining([
            `${cloud === 'gcp' ? 'pod-monitoring' : 'pod-monitor'}.yaml`,
            'network-policy-metrics.yaml',
          ]),
        );
      }
    });
  });

  it('renders no scrape objects, metrics port or monitoring module without the monitoring service', () => {
    const spec: StackSpec = parseStackSpec({
      ...exampleSpecs['aws-small'],
      spec: {
        ...exampleSpecs['aws-small'].spec,
        services: {
          ...exampleSpecs['aws-small'].spec.services,
          monitoring: false,
        },
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
