import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import type { EntityHealthResponse } from '@skyforge/plugin-skyforge-common';

/** The health of catalog entities, for the routes: looks entities up and checks permissions. */
export interface HealthService {
  /**
   * The entity's health as the caller may see it. Throws NotFoundError for an entity the caller
   * cannot read, NotAllowedError without `skyforge.health.read` on it, without
   * `kubernetes.resources.read`, or for a `kubernetes-cluster` Resource without
   * `kubernetes.clusters.read`. A roll-up leaves out (and counts) the parts the caller may not
   * read. Never rejects because of one cluster: a cluster that fails or is too slow becomes a
   * per-cluster error.
   */
  getEntityHealth(options: {
    entityRef: CompoundEntityRef;
    credentials: BackstageCredentials;
  }): Promise<EntityHealthResponse>;
}

/** A cluster of the Kubernetes backend. */
export interface KubernetesCluster {
  name: string;
  title?: string;
  /** `aws`, `gcp` or `azure`, as the cluster's auth provider implies. */
  cloud?: string;
}

/** Health computed from the Kubernetes backend's clusters, shared by all callers (no permission checks). */
export interface KubernetesHealth {
  /** A Component's or Resource's own pods, workloads and autoscalers in every cluster that holds them. */
  getWorkloadHealth(options: { entity: Entity }): Promise<EntityHealthResponse>;
  /** One cluster's nodes, node pools, autoscalers and `kube-system` workloads. */
  getClusterHealth(options: {
    clusterName: string;
    /** The cluster's Resource, named in the answer. */
    entityRef?: string;
  }): Promise<EntityHealthResponse>;
  /** The clusters the Kubernetes backend knows. */
  listClusters(): Promise<KubernetesCluster[]>;
}
