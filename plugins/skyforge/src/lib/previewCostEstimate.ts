import {
  type CostEstimate,
  ENVIRONMENTS,
  estimateCost,
  validateStackSpec,
} from '@skyforge/stack-renderer';
import {
  type StackFormIssue,
  type StackFormValues,
  stackSpecFromFormValues,
} from './stackSpecFromFormValues';

/**
 * The preview: an estimate, or the form fields to fill in or fix before there can be one.
 *
 * @public
 */
export type CostPreview =
  | { complete: true; estimate: CostEstimate }
  | { complete: false; issues: StackFormIssue[] };

/**
 * The estimate reads only the infrastructure: clouds, regions, environments, size, cluster,
 * services and budget. Name, owner, GCP project and app have rules of their own that do not move
 * the cost, so the preview puts these valid values in their place: it then shows a number as soon as
 * the infrastructure is chosen, whatever the order of the wizard's steps, and the other fields
 * are still checked by the form and the action.
 */
const COST_NEUTRAL = {
  metadata: { name: 'cost-preview', owner: 'group:default/cost-preview' },
  app: { image: 'cost-preview/app:1.0.0' },
};

/** A valid GCP project of its own for every environment the form chose (all by default). */
function costNeutralGcpProjects(
  environments: unknown,
): Record<string, unknown> {
  const chosen = Array.isArray(environments) ? environments : ENVIRONMENTS;
  return {
    projects: Object.fromEntries(
      ENVIRONMENTS.filter(environment => chosen.includes(environment)).map(
        environment => [environment, `cost-preview-${environment}`],
      ),
    ),
  };
}

/** Which form field fills which StackSpec field, so that a problem names the field to fix. */
function formField(path: string, values: StackFormValues): string {
  const [, section, key, subKey] = path.split('.');
  if (section === 'clouds' || path.startsWith('spec.clouds[')) {
    // A form with one region picks one cloud: its field is `cloud`.
    return values.clouds === undefined &&
      (values.cloud !== undefined || values.region !== undefined)
      ? 'cloud'
      : 'clouds';
  }
  if (section === 'regions') {
    return values.regions !== undefined || key === undefined
      ? ['regions', key].filter(Boolean).join('.')
      : 'region';
  }
  if (section === 'environments' || path.startsWith('spec.environments[')) {
    return 'environments';
  }
  if (section === 'cluster' && key) {
    return key;
  }
  if (section === 'services') {
    if (values.services === undefined && key) {
      return key;
    }
    return ['services', key].filter(Boolean).join('.');
  }
  if (section === 'budget') {
    const grouped = typeof values.budget === 'object' && values.budget !== null;
    if (key === 'currency') {
      return grouped ? 'budget.currency' : 'currency';
    }
    return grouped ? 'budget.monthly' : 'budget';
  }
  return [section, key, subKey].filter(Boolean).join('.');
}

/**
 * Estimates the monthly cost of what the Create wizard's form describes, in the browser, with the
 * same renderer functions as the `skyforge:stack:render` action; or lists the form fields that the
 * estimate still needs.
 *
 * @public
 */
export function previewCostEstimate(values: StackFormValues): CostPreview {
  const { document, issues } = stackSpecFromFormValues(values);
  if (issues.length > 0) {
    return { complete: false, issues };
  }
  const spec = document.spec as Record<string, unknown>;
  const clouds = spec.clouds;
  const costDocument = {
    ...document,
    metadata: COST_NEUTRAL.metadata,
    spec: {
      clouds,
      regions: spec.regions,
      gcp:
        Array.isArray(clouds) && clouds.includes('gcp')
          ? costNeutralGcpProjects(spec.environments)
          : undefined,
      environments: spec.environments,
      size: spec.size,
      cluster: spec.cluster,
      services: spec.services,
      app: COST_NEUTRAL.app,
      budget: spec.budget,
    },
  };
  const result = validateStackSpec(costDocument);
  if (!result.success) {
    const named = new Map<string, StackFormIssue>();
    for (const issue of result.issues) {
      const field = formField(issue.path, values);
      if (!named.has(field)) {
        named.set(field, { field, message: issue.message });
      }
    }
    return { complete: false, issues: [...named.values()] };
  }
  return { complete: true, estimate: estimateCost(result.spec) };
}
