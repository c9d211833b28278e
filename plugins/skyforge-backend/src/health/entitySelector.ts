import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@skyforge/plugin-skyforge-common';

/** How an entity's Kubernetes objects are found: the same rule as the Kubernetes backend's. */
export interface EntitySelector {
  labelSelector: string;
  namespace?: string;
}

export function entitySelector(entity: Entity): EntitySelector {
  const annotations = entity.metadata.annotations ?? {};
  const id = annotations[KUBERNETES_ANNOTATION] || entity.metadata.name;
  const labelSelector =
    annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION] ||
    `${KUBERNETES_ANNOTATION}=${id}`;
  const namespace = annotations[ANNOTATION_KUBERNETES_NAMESPACE] || undefined;
  return { labelSelector, ...(namespace && { namespace }) };
}

/** Whether the entity is a cluster (`Resource` of `spec.type: kubernetes-cluster`). */
export function isClusterResource(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === 'kubernetes-cluster'
  );
}

/**
 * The Kubernetes backend's name of the cluster a `kubernetes-cluster` Resource stands for: its
 * `backstage.io/kubernetes-cluster` annotation, else its own name (the name the catalog cluster
 * locator gives the clusters it reads from Resources).
 */
export function clusterNameOf(entity: Entity): string {
  return (
    entity.metadata.annotations?.[ANNOTATION_KUBERNETES_CLUSTER]?.trim() ||
    entity.metadata.name
  );
}
