import { CLOUD_NAMES, type Cloud } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { formatQuantity, formatUnitPrice, formatUsd } from './formatUsd';
import { PRICE_TABLE, type PriceSourceKey } from './priceTable';
import { STACK_SERVICES } from '../services/stackServices';
import { serviceCosts } from './serviceCosts';
import {
  SERVERLESS_COST_CATEGORY,
  SERVERLESS_PRICE_SOURCES,
} from './serverlessCostLines';
import {
  INFRASTRUCTURE_COST_CATEGORIES,
  type CostCategory,
  type CostEstimate,
} from './types';

const INFRASTRUCTURE_LABELS: Record<
  (typeof INFRASTRUCTURE_COST_CATEGORIES)[number],
  string
> = {
  'control-plane': 'Control plane',
  nodes: 'Nodes',
  serverless: 'Serverless containers',
  nat: 'NAT',
  endpoints: 'VPC endpoints',
  'load-balancer': 'Load balancer',
  logs: 'Logs',
};

/** How `COST.md` heads each category: the infrastructure's, then each service's own label. */
const CATEGORY_LABELS: Readonly<Record<CostCategory, string>> = {
  ...INFRASTRUCTURE_LABELS,
  ...Object.fromEntries(
    STACK_SERVICES.map(service => [service.costCategory, service.costLabel]),
  ),
};

const SOURCE_LABELS: Record<PriceSourceKey | 'grafana', string> = {
  controlPlane: 'Kubernetes control plane',
  compute: 'Virtual machines',
  spot: 'Spot capacity',
  blockStorage: 'Node disks',
  nat: 'NAT and public IPv4',
  loadBalancer: 'Load balancing',
  database: 'PostgreSQL',
  cache: 'Redis',
  objectStorage: 'Object storage',
  registry: 'Container registry',
  logs: 'Logs',
  metrics: 'Managed Prometheus',
  grafana: 'Managed Grafana',
  endpoints: 'VPC endpoints',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function cloudHeading(cloud: Cloud, region: string): string {
  return `${CLOUD_NAMES[cloud]} (${region})`;
}

function summary(estimate: CostEstimate, spec: StackSpec): string[] {
  const { totals } = estimate;
  const clouds = spec.spec.clouds;
  const regionOf = (cloud: Cloud) => spec.spec.regions[cloud]!;
  const amount = (cloud: Cloud, environment: string) =>
    totals.byCloudEnvironment.find(
      total => total.cloud === cloud && total.environment === environment,
    )?.monthly ?? 0;
  const lines = [
    '## Summary',
    '',
    'USD per month, per environment and cloud.',
    '',
    row([
      'Environment',
      ...clouds.map(cloud => cloudHeading(cloud, regionOf(cloud))),
      'Total',
    ]),
    row(['---', ...clouds.map(() => '---:'), '---:']),
  ];
  for (const { environment, monthly } of totals.byEnvironment) {
    lines.push(
      row([
        environment,
        ...clouds.map(cloud => formatUsd(amount(cloud, environment))),
        formatUsd(monthly),
      ]),
    );
  }
  lines.push(
    row([
      '**Total**',
      ...totals.byCloud.map(total => `**${formatUsd(total.monthly)}**`),
      `**${formatUsd(totals.overall)}**`,
    ]),
    '',
  );
  const { budget } = estimate;
  if (budget) {
    const stated = `${formatQuantity(budget.monthly)} ${
      budget.currency
    } per month`;
    if (budget.status === 'not-comparable') {
      lines.push(
        `Budget: ${stated}. The estimate is in USD and is not converted; compare after converting at your own rate.`,
        '',
      );
    } else if (budget.status === 'within') {
      lines.push(
        `Budget: ${stated}. The estimate of ${formatUsd(
          totals.overall,
        )} is within budget (${formatUsd(
          budget.monthly - totals.overall,
        )} to spare).`,
        '',
      );
    } else {
      lines.push(
        `Budget: ${stated}. The estimate of ${formatUsd(
          totals.overall,
        )} is **over budget by ${formatUsd(
          totals.overall - budget.monthly,
        )}**.`,
        '',
      );
    }
  }
  return lines;
}

function environmentDetail(estimate: CostEstimate, spec: StackSpec): string[] {
  const lines: string[] = [];
  for (const { environment } of estimate.totals.byEnvironment) {
    lines.push(`## ${environment}`, '');
    for (const total of estimate.totals.byCloudEnvironment) {
      if (total.environment !== environment) continue;
      lines.push(
        `### ${cloudHeading(total.cloud, total.region)}`,
        '',
        row(['Category', 'Item', 'Quantity', 'Unit price', 'Monthly']),
        row(['---', '---', '---:', '---:', '---:']),
      );
      for (const item of estimate.lineItems) {
        if (item.cloud !== total.cloud || item.environment !== environment) {
          continue;
        }
        lines.push(
          row([
            CATEGORY_LABELS[item.category],
            cell(item.description),
            `${formatQuantity(item.quantity)} ${item.unit}`,
            formatUnitPrice(item.unitPrice),
            formatUsd(item.monthly),
          ]),
        );
      }
      lines.push(
        row(['**Total**', '', '', '', `**${formatUsd(total.monthly)}**`]),
        '',
      );
    }
  }
  if (estimate.gpuAtFullScale.length > 0) {
    lines.push(
      '## GPU at full scale',
      '',
      'GPU pools are estimated with the nodes the HPA minimum keeps on (none unless the application runs on GPUs). With every GPU node running, the GPU pool alone would cost:',
      '',
      row([
        'Environment',
        'Cloud',
        'Machine',
        'Max nodes',
        'Per node-hour',
        'Monthly at full scale',
      ]),
      row(['---', '---', '---', '---:', '---:', '---:']),
      ...estimate.gpuAtFullScale.map(gpu =>
        row([
          gpu.environment,
          cloudHeading(gpu.cloud, spec.spec.regions[gpu.cloud]!),
          cell(gpu.machineType),
          String(gpu.maxNodes),
          formatUnitPrice(gpu.hourlyPerNode),
          formatUsd(gpu.monthly),
        ]),
      ),
      '',
    );
  }
  return lines;
}

function sources(estimate: CostEstimate, spec: StackSpec): string[] {
  const lines = [
    '## Prices and sources',
    '',
    `Prices as of ${estimate.pricesAsOf}: public list prices (on-demand, Linux, pay-as-you-go) in USD, compiled from the providers' price lists and not checked against the live pages on that date. Verify before committing spend.`,
    '',
  ];
  for (const cloud of spec.spec.clouds) {
    const table = PRICE_TABLE[cloud];
    const region = spec.spec.regions[cloud]!;
    const prices = table.regions[region];
    const basis =
      prices?.basis === 'derived' && prices.derivedFrom
        ? `derived from ${prices.derivedFrom.region} × ${prices.derivedFrom.multiplier}`
        : 'per-region list prices';
    lines.push(
      `### ${cloudHeading(cloud, region)}`,
      '',
      `Price basis: ${basis}.`,
      '',
    );
    const entries = Object.entries(table.sources) as Array<
      [PriceSourceKey | 'grafana', string]
    >;
    for (const [key, url] of entries) {
      lines.push(`- ${SOURCE_LABELS[key]}: <${url}>`);
    }
    const serverless = SERVERLESS_PRICE_SOURCES[cloud];
    if (
      serverless &&
      estimate.lineItems.some(
        line =>
          line.cloud === cloud && line.category === SERVERLESS_COST_CATEGORY,
      )
    ) {
      lines.push(`- Serverless containers: <${serverless}>`);
    }
    for (const { service, cost } of serviceCosts(spec, cloud)) {
      if (cost.source) lines.push(`- ${service.costLabel}: <${cost.source}>`);
    }
    lines.push('');
  }
  return lines;
}

/**
 * Renders a cost estimate as the rendered repository's `COST.md`: summary per environment and
 * cloud, line items per environment, assumptions, notes, the price date and sources.
 * Deterministic: the same estimate gives the same bytes.
 *
 * @public
 */
export function renderCostMarkdown(
  estimate: CostEstimate,
  spec: StackSpec,
): string {
  const lines = [
    `# Estimated monthly cost: ${spec.metadata.name}`,
    '',
    `> **This is an estimate, not a quote.** It prices the infrastructure this repository's Terraform creates at public list prices as of ${
      estimate.pricesAsOf
    } (USD, on-demand, before taxes, discounts and credits), with ${
      spec.spec.cluster.nodePools
        ? 'the custom node pools at their **desired** node counts'
        : 'the nodes that the autoscaling minimums keep running'
    } and the usage assumptions below. Real bills depend on usage; verify prices before committing spend.`,
    '',
    ...summary(estimate, spec),
    ...environmentDetail(estimate, spec),
    '## Assumptions',
    '',
    ...estimate.assumptions.map(assumption => `- ${assumption}`),
    '',
    '## Notes',
    '',
    ...estimate.notes.map(note => `- ${note}`),
    '',
    ...sources(estimate, spec),
  ];
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
