import type { Entity } from '@backstage/catalog-model';

/** The Kubernetes plugin's own annotations, reused so that an entity is mapped once. */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/** How an entity's Kubernetes objects are found: the same rule as the Kubernetes backend's. */
export interface EntitySelector {
  labelSelector: string;
  namespace?: string;
}

export function entitySelector(entity: Entity): EntitySelector {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ID_ANNOTATION] || entity.metadata.name;
  const labelSelector =
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ||
    `${KUBERNETES_ID_ANNOTATION}=${id}`;
  const namespace = annotations[KUBERNETES_NAMESPACE_ANNOTATION] || undefined;
  return { labelSelector, ...(namespace && { namespace }) };
}
