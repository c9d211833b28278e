import { attr, block, comment, expr, resource, writeHcl } from '../../hcl/hcl';
import type { StackSpec } from '../../spec/stackSpec';
import { terraformVariable } from '../common/terraformVariable';
import {
  BUDGET_THRESHOLDS,
  budgetTag,
  cloudBudgets,
} from '../common/stackBudget';

/** File of the AWS bootstrap that holds the stack's budget. */
export const AWS_BUDGET_FILE = 'budget.tf';

/** The `TagKeyValue` cost filter value of a user-defined cost allocation tag. */
export function awsTagKeyValue(tag: { key: string; value: string }): string {
  return `user:${tag.key}$${tag.value}`;
}

/**
 * `infra/bootstrap/aws/budget.tf`: one AWS Budgets cost budget for the stack's AWS share of
 * `spec.budget.monthly` (every environment), filtered by the component cost allocation tag, that
 * mails the alert address at 80 % and 100 % of actual and 100 % of forecast spend. It lives in the
 * bootstrap, next to the activation of the cost allocation tags it filters on: AWS Budgets ANDs
 * filters of different dimensions but ORs the values of one, so `TagKeyValue` cannot select
 * "this component AND this environment" and a per-environment budget would count the whole
 * stack. The CI roles therefore need no Budgets permission at all. Undefined without a budget.
 */
export function awsBudgetFile(spec: StackSpec): string | undefined {
  const budgets = cloudBudgets(spec, 'aws');
  if (budgets.length === 0) return undefined;
  const amount = budgets.reduce((sum, budget) => sum + budget.amount, 0);
  const tag = budgetTag(spec);
  return writeHcl([
    terraformVariable({
      name: 'budget_alert_email',
      type: 'string',
      description:
        'Email address the AWS budget notifies at 80 % and 100 % of actual and 100 % of forecast spend (null for none).',
      default: spec.spec.alerts?.email ?? expr('null'),
    }),
    comment(
      [
        `The stack's AWS budget: ${amount} ${
          budgets[0]!.currency
        } a month, its AWS share of spec.budget.monthly`,
        `(${spec.spec.budget!.monthly} ${
          budgets[0]!.currency
        }, split by estimated cost: docs/operations.md, "Budget") over`,
        `every environment. It counts the cost tagged ${tag.key}=${tag.value}, so it`,
        'tracks spending once the attribution tags are active cost allocation tags',
        '(activate_cost_allocation_tags in billing.tf). limit_unit must be the currency the account',
        'is billed in.',
      ].join('\n'),
    ),
    resource('aws_budgets_budget', 'stack', [
      attr('name', `${spec.metadata.name}-aws-monthly`),
      attr('budget_type', 'COST'),
      attr('limit_amount', String(amount)),
      attr('limit_unit', budgets[0]!.currency),
      attr('time_unit', 'MONTHLY'),
      block(
        'cost_filter',
        [],
        [attr('name', 'TagKeyValue'), attr('values', [awsTagKeyValue(tag)])],
      ),
      block(
        'dynamic',
        ['notification'],
        [
          attr(
            'for_each',
            expr(
              `var.budget_alert_email == null ? [] : [${BUDGET_THRESHOLDS.map(
                threshold =>
                  `{ type = "${
                    threshold.basis === 'actual' ? 'ACTUAL' : 'FORECASTED'
                  }", percent = ${threshold.percent} }`,
              ).join(', ')}]`,
            ),
          ),
          block(
            'content',
            [],
            [
              attr('notification_type', expr('notification.value.type')),
              attr('threshold', expr('notification.value.percent')),
              attr('threshold_type', 'PERCENTAGE'),
              attr('comparison_operator', 'GREATER_THAN'),
              attr('subscriber_email_addresses', [
                expr('var.budget_alert_email'),
              ]),
            ],
          ),
        ],
      ),
    ]),
  ]);
}
