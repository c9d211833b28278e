/**
 * Catalog annotations Skyforge reads. The Kubernetes mapping reuses the Kubernetes plugin's own
 * annotations (`backstage.io/kubernetes-id` and `backstage.io/kubernetes-label-selector`, exported
 * by `@backstage/plugin-kubernetes-common`, and the two below, which it reads without exporting).
 */

/**
 * Tag selector for cost rows, e.g. `skyforge-component=payments-api,environment=prod`. Default: `skyforge-component=<entity name>`.
 *
 * @public
 */
export const ANNOTATION_COST_SELECTOR = 'skyforge.io/cost-selector';

/**
 * Monthly budget, e.g. `2500 USD`.
 *
 * @public
 */
export const ANNOTATION_BUDGET = 'skyforge.io/budget';

/**
 * Location of the entity's `skyforge.yaml` StackSpec.
 *
 * @public
 */
export const ANNOTATION_STACK = 'skyforge.io/stack';

/**
 * The cloud a rendered Resource runs in: `aws`, `gcp` or `azure`.
 *
 * @public
 */
export const ANNOTATION_CLOUD = 'skyforge.io/cloud';

/**
 * The cloud region of a rendered Resource, e.g. `us-east-1`.
 *
 * @public
 */
export const ANNOTATION_REGION = 'skyforge.io/region';

/**
 * The environment of a rendered Resource: `dev`, `staging` or `prod`.
 *
 * @public
 */
export const ANNOTATION_ENVIRONMENT = 'skyforge.io/environment';

/**
 * The Kubernetes plugin's namespace annotation: the entity's objects live in this namespace.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * The Kubernetes plugin's cluster annotation (read by its `singleTenant` service locator); on a
 * `kubernetes-cluster` Resource, Skyforge reads it as the Kubernetes backend's name of the cluster
 * when that differs from the Resource's name.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/**
 * Version of the Skyforge renderer that last rendered the entity's stack, e.g. `0.2.0`.
 *
 * @public
 */
export const ANNOTATION_RENDERER_VERSION = 'skyforge.io/renderer-version';
