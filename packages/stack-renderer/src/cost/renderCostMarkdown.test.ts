import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUD_NAMES } from '../spec/regions';
import { parseStackSpec } from '../spec/stackSpec';
import { exampleSpecs } from '../testing/exampleSpecs';
import { estimateCost } from './estimateCost';
import { formatQuantity, formatUnitPrice, formatUsd } from './formatUsd';
import { PRICE_TABLE } from './priceTable';
import { renderCostMarkdown } from './renderCostMarkdown';

/**
 * Golden COST.md files, reviewed like code. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1` and review the diff.
 */
const GOLDEN_DIR = join(__dirname, '__golden__');
const GOLDEN_SPECS = [
  'all-clouds-gpu',
  'azure-small',
  'minimal-services',
  'dev-lab',
  'lab-azure',
];

function render(name: string) {
  const spec = parseStackSpec(exampleSpecs[name]);
  const estimate = estimateCost(spec);
  return { spec, estimate, markdown: renderCostMarkdown(estimate, spec) };
}

describe('renderCostMarkdown', () => {
  it.each(GOLDEN_SPECS)('matches the golden COST.md of %s', name => {
    const { markdown } = render(name);
    const golden = join(GOLDEN_DIR, `COST.${name}.md`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, markdown);
    expect(existsSync(golden)).toBe(true);
    expect(markdown).toBe(readFileSync(golden, 'utf8'));
  });

  it.each(Object.keys(exampleSpecs))(
    '%s: names every environment × cloud with its total',
    name => {
      const { spec, estimate, markdown } = render(name);
      const summary = markdown.slice(
        markdown.indexOf('## Summary'),
        markdown.indexOf('\n## ', markdown.indexOf('## Summary') + 1),
      );
      for (const environment of spec.spec.environments) {
        expect(markdown).toContain(`\n## ${environment}\n`);
        const summaryRow = summary
          .split('\n')
          .find(line => line.startsWith(`| ${environment} |`));
        expect(summaryRow).toBeDefined();
        for (const cloud of spec.spec.clouds) {
          const { monthly, region } = estimate.totals.byCloudEnvironment.find(
            item => item.cloud === cloud && item.environment === environment,
          )!;
          expect(summaryRow).toContain(formatUsd(monthly));
          expect(summary).toContain(`${CLOUD_NAMES[cloud]} (${region})`);
        }
      }
      expect(summary).toContain(`**${formatUsd(estimate.totals.overall)}**`);
      for (const cloud of spec.spec.clouds) {
        const heading = `### ${CLOUD_NAMES[cloud]} (${spec.spec.regions[cloud]})`;
        // One detail table per environment, plus the sources section.
        expect(markdown.split(`\n${heading}\n`).length - 1).toBe(
          spec.spec.environments.length + 1,
        );
      }
    },
  );

  it('lists every line item with its quantity, unit price and amount', () => {
    const { estimate, markdown } = render('all-clouds-gpu');
    for (const item of estimate.lineItems) {
      expect(markdown).toContain(
        `| ${item.description} | ${formatQuantity(item.quantity)} ${
          item.unit
        } | ${formatUnitPrice(item.unitPrice)} | ${formatUsd(item.monthly)} |`,
      );
    }
  });

  it('states the assumptions, the price date, the sources and that it is an estimate', () => {
    const { estimate, markdown } = render('all-clouds-gpu');
    expect(markdown).toContain('This is an estimate, not a quote.');
    expect(markdown).toContain('## Assumptions');
    for (const assumption of estimate.assumptions)
      expect(markdown).toContain(`- ${assumption}`);
    for (const text of [
      '730 hours',
      'through NAT',
      'object storage',
      'application logs',
      'Spot discount',
      'GPU pools at zero nodes',
    ]) {
      expect(markdown).toContain(text);
    }
    expect(markdown).toContain(`Prices as of ${estimate.pricesAsOf}`);
    for (const cloud of ['aws', 'gcp', 'azure'] as const) {
      expect(markdown).toContain(`<${PRICE_TABLE[cloud].sources.compute}>`);
      expect(markdown).toContain(
        `<${PRICE_TABLE[cloud].sources.controlPlane}>`,
      );
    }
    expect(markdown).toContain('## GPU at full scale');
    expect(markdown).toContain('Price basis: derived from us-central1 × 1.1.');
  });

  it('reports the budget without converting currencies', () => {
    expect(render('aws-small').markdown).toMatch(
      /Budget: 2,500 USD per month\. The estimate of \$[\d,.]+ is /,
    );
    const eur = render('azure-small').markdown;
    expect(eur).toContain(
      'Budget: 1,800 EUR per month. The estimate is in USD and is not converted',
    );
    expect(render('gcp-medium').markdown).not.toContain('Budget:');
  });

  it('is deterministic', () => {
    expect(render('all-clouds-gpu').markdown).toBe(
      render('all-clouds-gpu').markdown,
    );
  });
});

describe('formatting', () => {
  it('formats dollars, unit prices and quantities without locale data', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89');
    expect(formatUsd(-5)).toBe('-$5.00');
    expect(formatUnitPrice(0.096)).toBe('$0.096');
    expect(formatUnitPrice(0.1)).toBe('$0.10');
    expect(formatUnitPrice(0.0014)).toBe('$0.0014');
    expect(formatUnitPrice(1.667)).toBe('$1.667');
    expect(formatUnitPrice(0)).toBe('$0.00');
    expect(formatQuantity(2190)).toBe('2,190');
    expect(formatQuantity(30.416666)).toBe('30.4167');
  });
});
