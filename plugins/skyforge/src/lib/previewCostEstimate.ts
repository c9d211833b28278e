import {
  type StackFieldIssue,
  stackSpecFromFields,
  type StackSpec,
} from '@skyforge/stack-renderer';
import { type CostEstimate, estimateCost } from '@skyforge/stack-renderer/cost';

/**
 * The preview: an estimate and the StackSpec it priced, or the form fields to fill in or fix
 * before there can be one.
 *
 * @public
 */
export type CostPreview =
  | { complete: true; estimate: CostEstimate; spec: StackSpec }
  | { complete: false; issues: StackFieldIssue[] };

/**
 * The fields that never move the estimate and have rules of their own (name and owner format,
 * pinned image, GCP project IDs): the preview puts these valid values in their place, so that it
 * shows a number as soon as the infrastructure is chosen, whatever the order of the wizard's
 * steps. The form and the action still check them. Every other field (hpa, port, ingress,
 * network) is taken as written, so the preview prices exactly the spec the action renders.
 */
const COST_NEUTRAL_FIELDS = {
  name: 'cost-preview',
  owner: 'group:default/cost-preview',
  system: undefined,
  description: undefined,
  image: 'cost-preview/app:1.0.0',
  // A project of its own per environment; those of environments not chosen are left out.
  gcpProjectId: undefined,
  gcpProjects: {
    dev: 'cost-preview-dev',
    staging: 'cost-preview-staging',
    prod: 'cost-preview-prod',
  },
};

/**
 * Estimates the monthly cost of what the Create wizard's form describes, in the browser, through
 * the same form mapping (`stackSpecFromFields`) as the `skyforge:stack:render` action and the
 * `skyforge` CLI; or lists the form fields that the estimate still needs.
 *
 * @public
 */
export function previewCostEstimate(
  values: Readonly<Record<string, unknown>>,
): CostPreview {
  const result = stackSpecFromFields({ ...values, ...COST_NEUTRAL_FIELDS });
  if (!result.success) {
    // One line per field is enough for the form: the first problem is the one to fix first.
    const named = new Map<string, StackFieldIssue>();
    for (const issue of result.issues) {
      if (!named.has(issue.field)) named.set(issue.field, issue);
    }
    return { complete: false, issues: [...named.values()] };
  }
  return {
    complete: true,
    estimate: estimateCost(result.spec),
    spec: result.spec,
  };
}
