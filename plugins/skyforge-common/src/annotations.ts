/**
 * Catalog annotations Skyforge reads. The Kubernetes mapping reuses the Kubernetes plugin's own
 * annotations (`backstage.io/kubernetes-id`, `backstage.io/kubernetes-label-selector`,
 * `backstage.io/kubernetes-namespace`).
 */

/** Tag selector for cost rows, e.g. `skyforge-component=payments-api,environment=prod`. Default: `skyforge-component=<entity name>`. */
export const ANNOTATION_COST_SELECTOR = 'skyforge.io/cost-selector';

/** Monthly budget, e.g. `2500 USD`. */
export const ANNOTATION_BUDGET = 'skyforge.io/budget';

/** Location of the entity's `skyforge.yaml` StackSpec. */
export const ANNOTATION_STACK = 'skyforge.io/stack';

/** The tag key whose value names the component in the default cost selector. */
export const COMPONENT_TAG = 'skyforge-component';
