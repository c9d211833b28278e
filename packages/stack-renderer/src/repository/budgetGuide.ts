import { CLOUD_NAMES } from '../spec/regions';
import type { StackSpec } from '../spec/stackSpec';
import { stackClouds } from '../spec/deploymentTargets';
import {
  BUDGET_THRESHOLDS,
  budgetTag,
  targetBudgets,
} from '../terraform/common/stackBudget';

/** Where each cloud's budget lives and why, for docs/operations.md. */
const PLACEMENT = {
  aws: (tag: string) =>
    `- **AWS:** one budget for the AWS share, over every environment (\`infra/bootstrap/aws/budget.tf\`), filtered by the cost allocation tag \`${tag}\`. AWS Budgets ORs the values of one filter, so a tag filter cannot select one component *and* one environment in a shared account; the budget sits next to the activation of the cost allocation tags it needs (\`activate_cost_allocation_tags\` in \`billing.tf\`), applied by the bootstrap's administrator, and the CI roles need no Budgets permission. It mails \`budget_alert_email\` (\`spec.alerts.email\`; with neither it notifies no one).`,
  gcp: (tag: string) =>
    `- **GCP:** one Cloud Billing budget per environment (\`infra/bootstrap/gcp/budget.tf\`), filtered by the environment's project and the label \`${tag}\`, created once \`billing_account_id\` is set. Budgets belong to the billing account, and managing them takes a billing-account role (Billing Account Costs Manager) that reaches every budget of the account, so no environment's CI holds it: the billing administrator applies the bootstrap. Notifications go to an email channel in \`billing_project\` and to the billing account's administrators.`,
  azure: (tag: string) =>
    `- **Azure:** one Cost Management budget per environment in its root module, scoped to the environment's resource group and filtered by the tag \`${tag}\`. The environment's CI identity is Contributor of exactly that resource group, which covers \`Microsoft.Consumption/budgets\`, so it manages its own budget and no other. Notifications go to \`alert_email\`, the environment's action group (with monitoring) and the resource group's Owners.`,
} as const;

/** The Budget part of docs/operations.md: the split, where each budget lives, who it notifies. */
export function budgetGuide(spec: StackSpec): string[] {
  const budget = spec.spec.budget;
  if (!budget) {
    return [
      '## Budget',
      '',
      'No budget alerts: set `spec.budget.monthly` in skyforge.yaml and re-render to get a budget on every cloud of the stack.',
      '',
    ];
  }
  const tag = budgetTag(spec);
  const tagText = `${tag.key}=${tag.value}`;
  const thresholds = BUDGET_THRESHOLDS.map(
    threshold =>
      `${threshold.percent} % of ${
        threshold.basis === 'actual' ? 'actual' : 'forecast'
      } spend`,
  ).join(', ');
  return [
    '## Budget',
    '',
    `**Budget alerts.** \`spec.budget\` (${budget.monthly} ${budget.currency} a month) is split over the environments and clouds in proportion to their estimated cost (COST.md), in whole ${budget.currency}; each budget notifies at ${thresholds}. Amounts are in the currency the account is billed in: keep \`spec.budget.currency\` equal to it.`,
    '',
    '| Environment | Cloud | Monthly share |',
    '|---|---|---|',
    ...targetBudgets(spec).map(
      share =>
        `| ${share.environment} | ${CLOUD_NAMES[share.cloud]} | ${
          share.amount
        } ${share.currency} |`,
    ),
    '',
    ...stackClouds(spec).map(cloud => PLACEMENT[cloud](tagText)),
    '',
  ];
}
