import { parse } from '@cdktn/hcl2json';
import { estimateCost } from '../cost/estimateCost';
import {
  INFRASTRUCTURE_COST_CATEGORIES,
  type CostCategory,
  type CostLineItem,
} from '../cost/types';
import { HOURS_PER_MONTH } from '../cost/usageAssumptions';
import { STACK_SERVICES } from '../services/stackServices';
import { renderStack } from '../renderStack';
import type { Environment } from '../spec/profiles';
import type { Cloud } from '../spec/regions';
import { parseStackSpec, type StackSpecInput } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { randomStackSpec, seededRandom } from '../testing/randomSpec';

/**
 * COST.md and the Terraform cannot disagree: for every example, the estimate's line items and the
 * rendered terraform.tfvars (read the way the rendered modules use them) of the same render agree
 * on every count and size. Both sides read the environment plan; this test reads neither the
 * plan nor the presets, so changing one side alone fails it (see the mutation cases below).
 */

type Tfvars = Record<string, any>;

/** Every example, and seeded random specs for the combinations the examples leave out. */
const SPECS: Record<string, StackSpecInput> = {
  ...exampleSpecs,
  ...Object.fromEntries(
    Array.from({ length: 24 }, (_, index) => [
      `random spec ${index + 1}`,
      randomStackSpec(seededRandom(1400 + index)),
    ]),
  ),
};

interface Side {
  cloud: Cloud;
  environment: Environment;
  tfvars: Tfvars;
  /** The rendered module files, `infra/modules/<capability>/<cloud>/main.tf`. */
  module: (capability: string) => string;
  /** Another file of a rendered module, `infra/modules/<capability>/<cloud>/<file>`. */
  moduleFile: (capability: string, file: string) => string;
  /** Whether the stack renders that module for this cloud. */
  hasModule: (capability: string) => boolean;
  lines: CostLineItem[];
}

function running(line: CostLineItem): number {
  return line.quantity / HOURS_PER_MONTH;
}

function rendered(text: string, pattern: RegExp, what: string): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`The rendered Terraform has no ${what}`);
  return match[1];
}

/** Every disagreement between the estimate's lines and the Terraform of one environment. */
function disagreements(side: Side): string[] {
  const { cloud, tfvars, lines } = side;
  const problems: string[] = [];
  const find = (category: CostCategory, text: string) =>
    lines.find(
      line => line.category === category && line.description.includes(text),
    );
  const expectLine = (
    what: string,
    category: CostCategory,
    text: string,
    check?: (line: CostLineItem) => string | undefined,
  ) => {
    const line = find(category, text);
    if (!line) {
      problems.push(`${what}: no ${category} line mentions "${text}"`);
      return;
    }
    const problem = check?.(line);
    if (problem) problems.push(`${what}: ${problem} (${line.description})`);
  };
  const count =
    (expected: number, per = running) =>
    (line: CostLineItem) =>
      per(line) === expected
        ? undefined
        : `the estimate counts ${per(line)}, the Terraform ${expected}`;
  const has = (category: CostCategory) =>
    lines.some(line => line.category === category);
  const copies = tfvars.high_availability ? 2 : 1;
  const databaseStorage = (storageGb: number) =>
    count(storageGb * copies, line => line.quantity);

  const pool = (
    name: string,
    label: string,
    machineType: string,
    minNodes: number,
    spot?: boolean,
  ) =>
    expectLine(
      `${name} pool`,
      'nodes',
      `${label}: ${minNodes} × ${machineType}`,
      line => {
        if (line.quantity !== minNodes * HOURS_PER_MONTH)
          return `the estimate runs ${running(
            line,
          )} nodes, the minimum is ${minNodes}`;
        if (spot !== undefined && spot !== line.description.includes('on spot'))
          return `the Terraform has spot = ${spot}`;
        return undefined;
      },
    );

  // Every service: its module is rendered exactly when the estimate prices it, and every line is
  // the infrastructure's or a rendered service's.
  const categories = new Set<string>(INFRASTRUCTURE_COST_CATEGORIES);
  for (const service of STACK_SERVICES) {
    // Serverless environments call the service's serverless module (monitoring) when it has one.
    const moduleRendered =
      side.hasModule(service.capability) ||
      side.hasModule(`serverless-${service.capability}`);
    if (moduleRendered) categories.add(service.costCategory);
    if (moduleRendered !== has(service.costCategory))
      problems.push(
        `${service.id}: the Terraform ${
          moduleRendered ? 'renders' : 'has no'
        } its module, the estimate ${
          has(service.costCategory) ? 'prices it' : 'has no line for it'
        }`,
      );
  }
  for (const line of lines) {
    if (!categories.has(line.category))
      problems.push(
        `${line.category}: priced, not rendered (${line.description})`,
      );
  }

  // Monitoring: a Grafana line exactly where a Grafana instance is created (Azure Managed
  // Grafana; Amazon Managed Grafana only with grafana_enabled), and on AWS one managed collector.
  if (side.hasModule('monitoring')) {
    const monitoring = side.module('monitoring');
    const grafanas =
      (monitoring.match(/resource "azurerm_dashboard_grafana"/g)?.length ?? 0) +
      (/resource "aws_grafana_workspace"/.test(monitoring) &&
      tfvars.grafana_enabled === true
        ? 1
        : 0);
    const grafanaLines = lines.filter(line => /Grafana/.test(line.description));
    const pricedGrafanas = grafanaLines.reduce(
      (sum, line) => sum + running(line),
      0,
    );
    if (pricedGrafanas !== grafanas)
      problems.push(
        `Grafana: the estimate runs ${pricedGrafanas} instances, the Terraform creates ${grafanas}`,
      );
    const scrapers =
      monitoring.match(/resource "aws_prometheus_scraper"/g)?.length ?? 0;
    const collector = find('monitoring', 'managed collector (');
    const pricedScrapers = collector ? running(collector) : 0;
    if (pricedScrapers !== scrapers)
      problems.push(
        `Prometheus collector: the estimate runs ${pricedScrapers}, the Terraform creates ${scrapers}`,
      );
  }

  // Alerts on the cluster and the database: the estimate prices the conditions, alarms and alert
  // rules the monitoring module creates (GKE: a policy per rule of its alert-rules template and per
  // Cloud SQL alert; EKS and AKS: the database's CloudWatch alarms and metric alerts).
  for (const capability of ['monitoring', 'serverless-monitoring']) {
    if (!side.hasModule(capability)) continue;
    const main = side.module(capability);
    const database = side.hasModule('database');
    const databaseAlerts = {
      aws: main.match(/resource "aws_cloudwatch_metric_alarm" "database_/g),
      gcp: main.match(/^ +Database\w+ += \{ query = /gm),
      azure: main.match(/resource "azurerm_monitor_metric_alert" "database_/g),
    }[cloud];
    const created = {
      database: database ? databaseAlerts?.length ?? 0 : 0,
      rules:
        cloud === 'gcp' && capability === 'monitoring'
          ? side
              .moduleFile(capability, 'alert-rules.yaml.tftpl')
              .match(/^ *- alert: /gm)?.length ?? 0
          : 0,
    };
    const pricedCount = (text: string, pattern: RegExp) => {
      const line = find('monitoring', text);
      return line ? Number(pattern.exec(line.description)?.[1]) : 0;
    };
    if (cloud === 'gcp' && capability === 'monitoring') {
      const conditions = pricedCount(
        'Cloud Monitoring alert policies of',
        /\((\d+) conditions/,
      );
      if (conditions !== created.rules + created.database)
        problems.push(
          `Alert policies: the estimate prices ${conditions} conditions, the Terraform creates ${
            created.rules + created.database
          }`,
        );
    }
    const pricedDatabase = {
      aws: () =>
        pricedCount('CloudWatch alarms of the RDS database', /\((\d+) alarms/),
      gcp: () => created.database,
      azure: () =>
        pricedCount('metric alert rules on the PostgreSQL server', /\((\d+),/),
    }[cloud]();
    if (pricedDatabase !== created.database)
      problems.push(
        `Database alerts: the estimate prices ${pricedDatabase}, the Terraform creates ${created.database}`,
      );
  }

  // Serverless monitoring on AWS: the alarms the estimate prices on the service's line are the
  // module's own (the database's have their line, checked above).
  if (side.cloud === 'aws' && side.hasModule('serverless-monitoring')) {
    const alarms = [
      ...side
        .module('serverless-monitoring')
        .matchAll(/resource "aws_cloudwatch_metric_alarm" "(\w+)"/g),
    ].filter(match => !match[1].startsWith('database_')).length;
    const priced = find('monitoring', 'CloudWatch alarms of the service');
    const pricedAlarms = Number(
      /\((\d+) alarms/.exec(priced?.description ?? '')?.[1],
    );
    if (pricedAlarms !== alarms)
      problems.push(
        `CloudWatch alarms: the estimate prices ${pricedAlarms}, the Terraform creates ${alarms}`,
      );
  }

  // GKE and AKS custom pools (node_pools): each priced at the count it starts at, with its disks.
  const customPools = (
    pools: Record<string, Tfvars>,
    field: { machine: string; desired: string; disk: string },
  ) => {
    for (const [name, custom] of Object.entries(pools)) {
      const desired = custom[field.desired];
      expectLine(
        `${name} node pool`,
        'nodes',
        `Node pool ${name}: ${desired} × ${custom[field.machine]} `,
        line => {
          if (running(line) !== desired)
            return `the estimate runs ${running(
              line,
            )} nodes, the pool starts at ${desired}`;
          if (custom.spot !== line.description.includes('on spot'))
            return `the Terraform has spot = ${custom.spot}`;
          return undefined;
        },
      );
      expectLine(
        `${name} node pool disks`,
        'nodes',
        `Node pool ${name} `,
        count(desired * custom[field.disk], line => line.quantity),
      );
    }
    for (const line of lines) {
      const priced = /^Node pool (\w+): /.exec(line.description)?.[1];
      if (priced !== undefined && !(priced in pools))
        problems.push(
          `${priced} node pool: the estimate prices it, the Terraform has none`,
        );
    }
  };

  if (cloud === 'aws' && 'desired_count' in tfvars) {
    // Serverless: infra/modules/serverless/aws runs desired_count tasks of task_cpu / task_memory.
    if (has('control-plane') || has('nodes'))
      problems.push(
        'serverless: the estimate prices a cluster the Terraform has not',
      );
    expectLine(
      'Fargate vCPU',
      'serverless',
      `${tfvars.desired_count} tasks at rest`,
      count(
        tfvars.desired_count * (tfvars.task_cpu / 1024) * HOURS_PER_MONTH,
        line => line.quantity,
      ),
    );
    expectLine(
      'Fargate memory',
      'serverless',
      `× ${tfvars.task_memory / 1024} GB`,
      count(
        tfvars.desired_count * (tfvars.task_memory / 1024) * HOURS_PER_MONTH,
        line => line.quantity,
      ),
    );
  } else if (cloud === 'aws') {
    expectLine(
      'EKS support',
      'control-plane',
      tfvars.support_type === 'EXTENDED' ? 'support' : 'standard support',
    );
    // infra/modules/network/aws: nat_gateway_count = var.nat_per_zone ? length(local.azs) : 1.
    const zones = Number(
      rendered(
        side.module('network'),
        /azs = slice\([^,]+, 0, (\d+)\)/,
        'zones',
      ),
    );
    expectLine(
      'NAT gateways',
      'nat',
      'NAT gateway',
      count(tfvars.nat_per_zone ? zones : 1),
    );
    // infra/modules/cluster/aws: aws_eks_node_group.this scaling_config { desired_size = ... }.
    const groups: Record<string, Tfvars> = tfvars.node_groups ?? {};
    for (const [name, group] of Object.entries(groups)) {
      expectLine(
        `${name} node group`,
        'nodes',
        `Node pool ${name}: ${group.desired_size} × ${group.instance_types[0]} `,
        line => {
          if (running(line) !== group.desired_size)
            return `the estimate runs ${running(line)} nodes, the group holds ${
              group.desired_size
            }`;
          if (
            (group.capacity_type === 'SPOT') !==
            line.description.includes('on spot')
          )
            return `the Terraform has capacity_type = ${group.capacity_type}`;
          return undefined;
        },
      );
      expectLine(
        `${name} node group disks`,
        'nodes',
        `Node pool ${name} disks (EBS ${group.disk_type}`,
        count(group.desired_size * group.disk_size_gb, line => line.quantity),
      );
    }
    for (const line of lines) {
      const priced = /^Node pool (\w+): /.exec(line.description)?.[1];
      if (priced !== undefined && !(priced in groups))
        problems.push(
          `${priced} node group: the estimate prices it, the Terraform has none`,
        );
    }
    if ('database_instance_class' in tfvars || has('database')) {
      // RDS multi_az = var.high_availability: a standby instance with its own storage.
      expectLine(
        'RDS instance',
        'database',
        `${tfvars.database_instance_class}`,
        count(copies),
      );
      expectLine(
        'RDS storage',
        'database',
        `storage: ${tfvars.database_allocated_storage} GB`,
        databaseStorage(tfvars.database_allocated_storage),
      );
    }
    if ('cache_node_type' in tfvars || has('cache')) {
      // ElastiCache num_cache_clusters = var.high_availability ? 2 : 1.
      expectLine(
        'ElastiCache nodes',
        'cache',
        `${tfvars.cache_node_type} × `,
        count(copies),
      );
    }
    if ('kafka_broker_count' in tfvars || has('streaming')) {
      // MSK number_of_broker_nodes = var.kafka_broker_count, each with its own EBS volume.
      const brokers = tfvars.kafka_broker_count;
      expectLine(
        'MSK brokers',
        'streaming',
        `MSK brokers ${tfvars.kafka_broker_instance_type} × ${brokers} `,
        count(brokers),
      );
      expectLine(
        'MSK broker storage',
        'streaming',
        `MSK broker storage: ${tfvars.kafka_broker_storage_gb} GB`,
        count(brokers * tfvars.kafka_broker_storage_gb, line => line.quantity),
      );
    }
  }

  if (cloud === 'gcp' && tfvars.app) {
    // Cloud Run (serverless): min_instances instances of cpu vCPUs and memory, every hour.
    const { min_instances: instances, cpu, memory } = tfvars.app;
    expectLine(
      'Cloud Run vCPU',
      'serverless',
      `Cloud Run vCPU: ${instances} instance`,
      count(instances * cpu),
    );
    expectLine(
      'Cloud Run memory',
      'serverless',
      'Cloud Run memory',
      count((instances * Number.parseInt(memory, 10)) / 1024),
    );
    if (has('nodes') || has('control-plane'))
      problems.push('a serverless environment is priced with a cluster');
  }

  if (cloud === 'gcp' && !tfvars.app) {
    expectLine(
      'GKE location',
      'control-plane',
      tfvars.high_availability ? 'regional cluster' : 'zonal cluster',
    );
    const { system_pool: system, application_pool: application } = tfvars;
    if (tfvars.node_pools) {
      customPools(tfvars.node_pools, {
        machine: 'machine_type',
        desired: 'desired_nodes',
        disk: 'disk_size_gb',
      });
    } else {
      pool('system', 'System pool', system.machine_type, system.min_nodes);
      pool(
        'application',
        'Application pool',
        application.machine_type,
        application.min_nodes,
        application.spot,
      );
    }
    if (tfvars.gpu_pool || find('nodes', 'GPU pool')) {
      expectLine(
        'GPU pool',
        'nodes',
        `× ${tfvars.gpu_pool?.machine_type}`,
        line =>
          line.description.includes(
            `scales to ${tfvars.gpu_pool.max_nodes} nodes`,
          )
            ? undefined
            : `the Terraform scales to ${tfvars.gpu_pool.max_nodes} nodes`,
      );
    }
    // Cloud NAT bills every VM behind it: the nodes at the pools' minimums (custom pools: their
    // starting counts).
    expectLine(
      'Cloud NAT',
      'nat',
      'Cloud NAT gateway',
      count(
        tfvars.node_pools
          ? Object.values<Tfvars>(tfvars.node_pools).reduce(
              (sum, nodePool) => sum + nodePool.desired_nodes,
              0,
            )
          : system.min_nodes + application.min_nodes,
      ),
    );
  }

  if (cloud === 'gcp') {
    if (tfvars.database || has('database')) {
      // Cloud SQL availability_type = var.high_availability ? "REGIONAL" : "ZONAL".
      expectLine(
        'Cloud SQL instance',
        'database',
        `${tfvars.database?.tier}`,
        count(copies),
      );
      expectLine(
        'Cloud SQL storage',
        'database',
        `storage: ${tfvars.database?.disk_size_gb} GB`,
        databaseStorage(tfvars.database?.disk_size_gb),
      );
    }
    if (tfvars.cache || has('cache')) {
      expectLine(
        'Memorystore',
        'cache',
        `${tfvars.cache?.tier}, ${tfvars.cache?.memory_size_gb} GB`,
        count(1),
      );
    }
    if (tfvars.kafka || has('streaming')) {
      // google_managed_kafka_cluster capacity_config: vcpu_count and memory_bytes.
      expectLine(
        'Managed Kafka vCPUs',
        'streaming',
        `${tfvars.kafka?.vcpu_count} vCPUs`,
        count(tfvars.kafka?.vcpu_count),
      );
      expectLine(
        'Managed Kafka memory',
        'streaming',
        `${tfvars.kafka?.memory_gib} GiB memory`,
        count(tfvars.kafka?.memory_gib),
      );
    }
  }

  if (cloud === 'azure' && tfvars.app) {
    // Container Apps (serverless): min_replicas replicas of cpu vCPUs and memory, every hour.
    const { min_replicas: replicas, cpu, memory } = tfvars.app;
    expectLine(
      'Container Apps vCPU',
      'serverless',
      `Container Apps vCPU: ${replicas} replica`,
      count(replicas * cpu),
    );
    expectLine(
      'Container Apps memory',
      'serverless',
      'Container Apps memory',
      count(replicas * Number.parseFloat(memory)),
    );
    if (has('nodes') || has('control-plane'))
      problems.push('a serverless environment is priced with a cluster');
  }

  if (cloud === 'azure' && !tfvars.app) {
    expectLine('AKS tier', 'control-plane', `${tfvars.aks_sku_tier} tier`);
    const { system_pool: system, application_pool: application } = tfvars;
    if (tfvars.node_pools) {
      customPools(tfvars.node_pools, {
        machine: 'vm_size',
        desired: 'node_count',
        disk: 'os_disk_size_gb',
      });
    } else {
      pool('system', 'System pool', system.vm_size, system.min_count);
      pool(
        'application',
        'Application pool',
        application.vm_size,
        application.min_count,
        application.spot,
      );
    }
    if (tfvars.gpu_pool || find('nodes', 'GPU pool')) {
      expectLine('GPU pool', 'nodes', `× ${tfvars.gpu_pool?.vm_size} (`, line =>
        line.description.includes(
          `scales to ${tfvars.gpu_pool.max_count} nodes`,
        )
          ? undefined
          : `the Terraform scales to ${tfvars.gpu_pool.max_count} nodes`,
      );
    }
  }

  if (cloud === 'azure') {
    const gateways =
      side.module('network').match(/resource "azurerm_nat_gateway"/g)?.length ??
      0;
    expectLine('NAT gateway', 'nat', 'NAT gateway', count(gateways));
    if ('postgres_sku_name' in tfvars || has('database')) {
      // Flexible Server high_availability { mode = "ZoneRedundant" } when var.high_availability.
      expectLine(
        'PostgreSQL server',
        'database',
        `${tfvars.postgres_sku_name}`,
        count(copies),
      );
      const storageGb = tfvars.postgres_storage_mb / 1024;
      expectLine(
        'PostgreSQL storage',
        'database',
        `storage: ${storageGb} GB`,
        databaseStorage(storageGb),
      );
    }
    if ('redis_sku_name' in tfvars || has('cache')) {
      // Azure Managed Redis high_availability_enabled = var.high_availability.
      expectLine(
        'Azure Managed Redis',
        'cache',
        `${tfvars.redis_sku_name}, `,
        line =>
          line.description.includes('replica') === tfvars.high_availability
            ? undefined
            : `the Terraform has high_availability = ${tfvars.high_availability}`,
      );
    }
    if ('storage_account_name' in tfvars || has('object-storage')) {
      // The storage account's replication_type = var.storage_replication_type.
      expectLine(
        'Storage replication',
        'object-storage',
        ` ${tfvars.storage_replication_type} `,
      );
    }
    if ('registry_name' in tfvars || has('registry')) {
      // The registry's sku = var.registry_sku.
      expectLine(
        'Container Registry tier',
        'registry',
        ` ${tfvars.registry_sku} (`,
      );
    }
    if ('kafka_capacity' in tfvars || has('streaming')) {
      // The Event Hubs namespace's sku and capacity (throughput units).
      expectLine(
        'Event Hubs units',
        'streaming',
        `Event Hubs ${tfvars.kafka_sku}, ${tfvars.kafka_capacity} `,
        count(tfvars.kafka_capacity),
      );
    }
  }
  return problems;
}

/** One environment as rendered, before its terraform.tfvars is parsed. */
type RenderedSide = Omit<Side, 'tfvars'> & { tfvars: string };

function sides(name: string): RenderedSide[] {
  const spec = parseStackSpec(SPECS[name]);
  const { files } = renderStack(spec);
  const estimate = estimateCost(spec);
  const read = (path: string) => {
    const content = files[path];
    if (content === undefined) throw new Error(`${path} was not rendered`);
    return content;
  };
  return spec.spec.clouds.flatMap(cloud =>
    spec.spec.environments.map(environment => ({
      cloud,
      environment,
      tfvars: read(`infra/envs/${environment}/${cloud}/terraform.tfvars`),
      module: (capability: string) =>
        read(`infra/modules/${capability}/${cloud}/main.tf`),
      moduleFile: (capability: string, file: string) =>
        read(`infra/modules/${capability}/${cloud}/${file}`),
      hasModule: (capability: string) =>
        `infra/modules/${capability}/${cloud}/main.tf` in files,
      lines: estimate.lineItems.filter(
        line => line.cloud === cloud && line.environment === environment,
      ),
    })),
  );
}

async function withTfvars(side: RenderedSide): Promise<Side> {
  return {
    ...side,
    tfvars: (await parse('terraform.tfvars', side.tfvars)) as Tfvars,
  };
}

describe('the environment plan', () => {
  it.each(Object.keys(SPECS))(
    'gives the estimate and the Terraform of %s the same counts and sizes',
    async name => {
      for (const side of sides(name)) {
        const { cloud, environment } = side;
        const problems = disagreements(await withTfvars(side));
        expect({ cloud, environment, problems }).toEqual({
          cloud,
          environment,
          problems: [],
        });
      }
    },
  );

  /** One side changed alone: the check must name the disagreement. */
  const mutations: Array<{
    name: string;
    example: string;
    cloud: Cloud;
    environment: Environment;
    tfvars?: (tfvars: string) => string;
    lines?: (lines: CostLineItem[]) => CostLineItem[];
  }> = [
    {
      name: 'AWS production NAT gateways (tfvars)',
      example: 'all-clouds-gpu',
      cloud: 'aws',
      environment: 'prod',
      tfvars: text =>
        text.replace(/nat_per_zone\s+= true/, 'nat_per_zone = false'),
    },
    {
      name: 'RDS storage (tfvars)',
      example: 'aws-small',
      cloud: 'aws',
      environment: 'dev',
      tfvars: text =>
        text.replace(
          /database_allocated_storage\s+= (\d+)/,
          (_, size) => `database_allocated_storage = ${Number(size) + 10}`,
        ),
    },
    {
      name: 'ElastiCache replica (estimate)',
      example: 'all-clouds-gpu',
      cloud: 'aws',
      environment: 'prod',
      lines: lines =>
        lines.map(line =>
          line.category === 'cache'
            ? { ...line, quantity: HOURS_PER_MONTH }
            : line,
        ),
    },
    {
      name: 'EKS node group desired size (tfvars)',
      example: 'analytics-hub',
      cloud: 'aws',
      environment: 'prod',
      tfvars: text => text.replace(/desired_size(\s+)= 4/, 'desired_size$1= 5'),
    },
    {
      name: 'EKS node group disk size (tfvars)',
      example: 'analytics-hub',
      cloud: 'aws',
      environment: 'prod',
      tfvars: text =>
        text.replace(/disk_size_gb(\s+)= 500/, 'disk_size_gb$1= 400'),
    },
    {
      name: 'EKS node group purchase option (estimate)',
      example: 'analytics-hub',
      cloud: 'aws',
      environment: 'prod',
      lines: lines =>
        lines.map(line =>
          line.description.startsWith('Node pool database:')
            ? {
                ...line,
                description: line.description.replace('on-demand', 'on spot'),
              }
            : line,
        ),
    },
    {
      name: 'Memorystore tier (tfvars)',
      example: 'all-clouds-gpu',
      cloud: 'gcp',
      environment: 'prod',
      tfvars: text => text.replace('"STANDARD_HA"', '"BASIC"'),
    },
    {
      name: 'GKE application pool minimum (estimate)',
      example: 'gcp-medium',
      cloud: 'gcp',
      environment: 'dev',
      lines: lines =>
        lines.map(line =>
          line.description.startsWith('Application pool')
            ? { ...line, quantity: line.quantity + HOURS_PER_MONTH }
            : line,
        ),
    },
    {
      name: 'PostgreSQL Flexible Server storage (tfvars)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'dev',
      tfvars: text =>
        text.replace(
          /postgres_storage_mb\s+= \d+/,
          'postgres_storage_mb = 131072',
        ),
    },
    {
      name: 'AKS tier (tfvars)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'prod',
      tfvars: text => text.replace('"Standard"', '"Free"'),
    },
    {
      name: 'storage account replication (tfvars)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'prod',
      tfvars: text =>
        text.replace(
          /storage_replication_type\s+= "ZRS"/,
          'storage_replication_type = "LRS"',
        ),
    },
    {
      name: 'MSK broker count (tfvars)',
      example: 'all-clouds-gpu',
      cloud: 'aws',
      environment: 'dev',
      tfvars: text =>
        text.replace(
          /kafka_broker_count\s+= (\d+)/,
          (_, count) => `kafka_broker_count = ${Number(count) + 3}`,
        ),
    },
    {
      name: 'Managed Kafka vCPUs (estimate)',
      example: 'all-clouds-gpu',
      cloud: 'gcp',
      environment: 'prod',
      lines: lines =>
        lines.map(line =>
          line.unit === 'vCPU-hour'
            ? { ...line, quantity: line.quantity + HOURS_PER_MONTH }
            : line,
        ),
    },
    {
      name: 'Event Hubs throughput units (tfvars)',
      example: 'all-clouds-gpu',
      cloud: 'azure',
      environment: 'staging',
      tfvars: text =>
        text.replace(
          /kafka_capacity\s+= (\d+)/,
          (_, units) => `kafka_capacity = ${Number(units) + 1}`,
        ),
    },
    {
      name: 'AMP managed collector (estimate)',
      example: 'aws-small',
      cloud: 'aws',
      environment: 'dev',
      lines: lines => lines.filter(line => line.unit !== 'collector-hour'),
    },
    {
      name: 'Amazon Managed Grafana turned on (tfvars)',
      example: 'aws-small',
      cloud: 'aws',
      environment: 'prod',
      tfvars: text =>
        text.replace(/^# grafana_enabled = true/m, 'grafana_enabled = true'),
    },
    {
      name: 'GKE alert policies (estimate)',
      example: 'gcp-medium',
      cloud: 'gcp',
      environment: 'dev',
      lines: lines => lines.filter(line => line.unit !== 'condition-month'),
    },
    {
      name: 'EKS database alarms (estimate)',
      example: 'aws-small',
      cloud: 'aws',
      environment: 'dev',
      lines: lines =>
        lines.filter(line => !line.description.includes('RDS database')),
    },
    {
      name: 'AKS database alert rules (estimate)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'dev',
      lines: lines =>
        lines.filter(line => !line.description.includes('PostgreSQL server')),
    },
    {
      name: 'Azure Managed Grafana (estimate)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'dev',
      lines: lines =>
        lines.filter(line => !line.description.includes('Grafana')),
    },
    {
      name: 'Kafka priced without its module (estimate)',
      example: 'aws-small',
      cloud: 'aws',
      environment: 'dev',
      lines: lines => [
        ...lines,
        { ...lines[0], category: 'streaming', description: 'MSK brokers' },
      ],
    },
    {
      name: 'Container Registry tier (tfvars)',
      example: 'azure-small',
      cloud: 'azure',
      environment: 'dev',
      tfvars: text =>
        text.replace(/registry_sku\s+= "Premium"/, 'registry_sku = "Standard"'),
    },
  ];

  it.each(mutations.map(mutation => [mutation.name, mutation] as const))(
    'finds the disagreement when one side changes alone: %s',
    async (_, mutation) => {
      const side = sides(mutation.example).find(
        candidate =>
          candidate.cloud === mutation.cloud &&
          candidate.environment === mutation.environment,
      )!;
      expect(disagreements(await withTfvars(side))).toEqual([]);
      const changed = {
        ...side,
        tfvars: mutation.tfvars?.(side.tfvars) ?? side.tfvars,
        lines: mutation.lines?.(side.lines) ?? side.lines,
      };
      // The mutation changed exactly one side.
      expect([
        changed.tfvars !== side.tfvars,
        JSON.stringify(changed.lines) !== JSON.stringify(side.lines),
      ]).toEqual([mutation.tfvars !== undefined, mutation.lines !== undefined]);
      expect(disagreements(await withTfvars(changed))).not.toEqual([]);
    },
  );
});
