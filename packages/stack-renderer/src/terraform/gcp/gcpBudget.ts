import {
  attr,
  block,
  blank,
  comment,
  data,
  expr,
  resource,
  writeHcl,
} from '../../hcl/hcl';
import type { StackSpec } from '../../spec/stackSpec';
import { terraformVariable } from '../common/terraformVariable';
import {
  BUDGET_THRESHOLDS,
  budgetTag,
  cloudBudgets,
} from '../common/stackBudget';

/** File of the GCP bootstrap that holds the stack's budgets. */
export const GCP_BUDGET_FILE = 'budget.tf';

/**
 * `infra/bootstrap/gcp/budget.tf`: a Cloud Billing budget per environment (its share of
 * `spec.budget.monthly`), filtered by the environment's project and the component label, with
 * thresholds at 80 % and 100 % of actual and 100 % of forecast spend and an email notification
 * channel. Budgets belong to the billing account: creating them takes a billing-account role
 * (Billing Account Costs Manager) that no environment's CI should hold, so they live in the
 * bootstrap that the billing administrator applies (billing_account_id, as for the export).
 * Undefined without a budget.
 */
export function gcpBudgetFile(spec: StackSpec): string | undefined {
  const budgets = cloudBudgets(spec, 'gcp');
  if (budgets.length === 0) return undefined;
  const tag = budgetTag(spec);
  const currency = budgets[0]!.currency;
  return writeHcl([
    terraformVariable({
      name: 'budget_alert_email',
      type: 'string',
      description:
        'Email address the budgets notify (a Cloud Monitoring email channel in billing_project; null for the billing account administrators only).',
      default: spec.spec.alerts?.email ?? expr('null'),
    }),
    block(
      'locals',
      [],
      [
        comment(
          `Each environment's share of spec.budget.monthly (${
            spec.spec.budget!.monthly
          } ${currency}), split by estimated cost.`,
        ),
        attr(
          'budget_amounts',
          Object.fromEntries(
            budgets.map(budget => [budget.environment, budget.amount]),
          ),
        ),
      ],
    ),
    data('google_project', 'budget', [
      attr(
        'for_each',
        expr('var.billing_account_id == null ? {} : var.projects'),
      ),
      blank(),
      attr('project_id', expr('each.value')),
    ]),
    resource('google_project_service', 'budgets', [
      attr('project', expr('var.billing_project')),
      attr('service', 'billingbudgets.googleapis.com'),
      attr('disable_on_destroy', false),
    ]),
    resource('google_monitoring_notification_channel', 'budget', [
      attr('count', expr('var.budget_alert_email == null ? 0 : 1')),
      blank(),
      attr('project', expr('var.billing_project')),
      attr('display_name', `${spec.metadata.name} budget`),
      attr('type', 'email'),
      attr('labels', { email_address: expr('var.budget_alert_email') }),
    ]),
    comment(
      [
        'Created once billing_account_id is set (billing.tf). The label filter counts what carries the',
        `attribution label ${tag.key}=${tag.value}; the project filter keeps each environment to its own.`,
        'currency_code must be the currency of the billing account.',
      ].join('\n'),
    ),
    resource('google_billing_budget', 'environment', [
      attr(
        'for_each',
        expr('var.billing_account_id == null ? {} : local.budget_amounts'),
      ),
      blank(),
      attr('billing_account', expr('var.billing_account_id')),
      attr('display_name', expr(`"${spec.metadata.name}-\${each.key}"`)),
      block(
        'budget_filter',
        [],
        [
          attr('projects', [
            expr('"projects/${data.google_project.budget[each.key].number}"'),
          ]),
          attr('labels', { [tag.key]: tag.value }),
          attr('calendar_period', 'MONTH'),
        ],
      ),
      block(
        'amount',
        [],
        [
          block(
            'specified_amount',
            [],
            [
              attr('currency_code', currency),
              attr('units', expr('tostring(each.value)')),
            ],
          ),
        ],
      ),
      BUDGET_THRESHOLDS.map(threshold =>
        block(
          'threshold_rules',
          [],
          [
            attr('threshold_percent', threshold.percent / 100),
            attr(
              'spend_basis',
              threshold.basis === 'actual'
                ? 'CURRENT_SPEND'
                : 'FORECASTED_SPEND',
            ),
          ],
        ),
      ),
      block(
        'all_updates_rule',
        [],
        [
          attr(
            'monitoring_notification_channels',
            expr('google_monitoring_notification_channel.budget[*].id'),
          ),
        ],
      ),
      attr('depends_on', [expr('google_project_service.budgets')]),
    ]),
  ]);
}
