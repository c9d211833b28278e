import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { Environment } from '../../spec/profiles';
import type { StackSpec } from '../../spec/stackSpec';
import {
  BUDGET_THRESHOLDS,
  budgetTag,
  cloudBudgets,
} from '../common/stackBudget';

/**
 * The environment's Cost Management budget on Azure, in its environment root: scoped to the
 * environment's resource group (the scope its CI identity is Contributor of, which includes
 * Microsoft.Consumption/budgets, so CI needs no new role and reaches no other environment's
 * budget) and filtered by the component tag. It notifies the alert email and, with monitoring,
 * the environment's action group, at 80 % and 100 % of actual and 100 % of forecast cost, and the
 * resource group's Owners whatever is set. Nothing without a budget.
 */
export function azureBudget(options: {
  spec: StackSpec;
  environment: Environment;
  /** The monitoring module's action group output (cluster or serverless monitoring). */
  actionGroup: string;
}): HclBody {
  const { spec, environment } = options;
  const budget = cloudBudgets(spec, 'azure').find(
    candidate => candidate.environment === environment,
  );
  if (!budget) return [];
  const tag = budgetTag(spec);
  const monitoring = Boolean(spec.spec.services.monitoring);
  const email = spec.spec.alerts?.email;
  // With monitoring the root has alert_email (its tfvars); without, the spec's address.
  const emails = monitoring
    ? expr('var.alert_email == null ? [] : [var.alert_email]')
    : [email].filter(address => address !== undefined);
  return [
    comment(
      [
        `This environment's share of spec.budget.monthly (${
          spec.spec.budget!.monthly
        } ${budget.currency}), split by`,
        'estimated cost; the amount is in the billing currency of the subscription. The start date',
        'is the first of the month of the first apply (a budget cannot start in the past).',
      ].join('\n'),
    ),
    resource('azurerm_consumption_budget_resource_group', 'environment', [
      attr('name', expr('"${var.name_prefix}-monthly"')),
      attr('resource_group_id', expr('data.azurerm_resource_group.this.id')),
      attr('amount', budget.amount),
      attr('time_grain', 'Monthly'),
      block(
        'time_period',
        [],
        [
          attr(
            'start_date',
            expr('formatdate("YYYY-MM-01\'T\'00:00:00Z", timestamp())'),
          ),
        ],
      ),
      block(
        'filter',
        [],
        [
          block(
            'tag',
            [],
            [attr('name', tag.key), attr('values', [tag.value])],
          ),
        ],
      ),
      BUDGET_THRESHOLDS.map(threshold =>
        block(
          'notification',
          [],
          [
            attr('enabled', true),
            attr('threshold', threshold.percent),
            attr(
              'threshold_type',
              threshold.basis === 'actual' ? 'Actual' : 'Forecasted',
            ),
            attr('operator', 'GreaterThanOrEqualTo'),
            attr('contact_emails', emails),
            monitoring && attr('contact_groups', [expr(options.actionGroup)]),
            attr('contact_roles', ['Owner']),
          ],
        ),
      ),
      block('lifecycle', [], [attr('ignore_changes', [expr('time_period')])]),
    ]),
  ];
}
