import { attr, block, type HclBlock, type HclValue } from '../../hcl/hcl';

/** A `condition` of an IAM policy statement. */
export interface PolicyCondition {
  test: string;
  /** A literal key, or an expression when it interpolates (`expr('"aws:ResourceTag/${...}"')`). */
  variable: HclValue;
  values: HclValue;
}

/** A principal of an IAM policy statement (`Service`, `AWS`, `Federated`). */
export interface PolicyPrincipal {
  type: string;
  identifiers: HclValue;
}

/**
 * A `statement` block of a `data "aws_iam_policy_document"`. Policy documents are written as data
 * sources rather than JSON strings so that Terraform checks them and diffs stay readable.
 */
export function policyStatement(options: {
  sid: string;
  effect?: 'Allow' | 'Deny';
  actions?: HclValue;
  notActions?: HclValue;
  resources?: HclValue;
  notResources?: HclValue;
  principals?: readonly PolicyPrincipal[];
  conditions?: readonly PolicyCondition[];
}): HclBlock {
  return block(
    'statement',
    [],
    [
      attr('sid', options.sid),
      attr('effect', options.effect === 'Deny' ? 'Deny' : undefined),
      attr('actions', options.actions),
      attr('not_actions', options.notActions),
      attr('resources', options.resources),
      attr('not_resources', options.notResources),
      (options.principals ?? []).map(principal =>
        block(
          'principals',
          [],
          [
            attr('type', principal.type),
            attr('identifiers', principal.identifiers),
          ],
        ),
      ),
      (options.conditions ?? []).map(condition =>
        block(
          'condition',
          [],
          [
            attr('test', condition.test),
            attr('variable', condition.variable),
            attr('values', condition.values),
          ],
        ),
      ),
    ],
  );
}
