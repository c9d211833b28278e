import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
} from '@backstage/plugin-kubernetes-common';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_CLOUD,
  ANNOTATION_COST_SELECTOR,
  ANNOTATION_ENVIRONMENT,
  ANNOTATION_REGION,
} from '@skyforge/plugin-skyforge-common';

/** The name of the demo cluster's Resource, and so of the cluster in the Kubernetes backend. */
export const DEMO_CLUSTER_NAME = 'skyforge-demo-cluster';

const LOCATION = 'skyforge-demo:kubernetes-cluster';

/**
 * The demo cluster's `kubernetes-cluster` Resource, registered the way a rendered stack registers
 * its clusters: the catalog cluster locator reads its `kubernetes.io/*` annotations. The URL and
 * CA are those of the local double, known only once it listens, so the Resource comes from this
 * provider rather than from a file.
 */
export function demoClusterEntity(options: {
  url: string;
  certificateAuthority: string;
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: DEMO_CLUSTER_NAME,
      title: 'Demo cluster (recorded objects, served locally)',
      description:
        "Not a real cluster: the local demo serves recorded EKS API objects on 127.0.0.1 (Skyforge's Kubernetes API double) so that the Health tabs and the fleet page have something to show. Turned on by skyforge.demo.kubernetesCluster in app-config.yaml only. Its cost is the FOCUS sample rows tagged business_unit=PeoriaData.",
      tags: ['demo', 'aws', 'eks'],
      annotations: {
        [ANNOTATION_LOCATION]: LOCATION,
        [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
        [ANNOTATION_KUBERNETES_API_SERVER]: options.url,
        [ANNOTATION_KUBERNETES_API_SERVER_CA]: Buffer.from(
          options.certificateAuthority,
        ).toString('base64'),
        // Served like `kubectl proxy`: without credentials, on loopback only.
        [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
        [ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP]: 'true',
        [ANNOTATION_CLOUD]: 'aws',
        [ANNOTATION_REGION]: 'us-east-1',
        [ANNOTATION_ENVIRONMENT]: 'prod',
        [ANNOTATION_COST_SELECTOR]: 'business_unit=PeoriaData',
      },
    },
    spec: {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform',
      system: 'payments',
    },
  };
}

/** Puts the demo cluster's Resource into the catalog. */
export class DemoClusterEntityProvider implements EntityProvider {
  readonly #entity: Entity;

  constructor(entity: Entity) {
    this.#entity = entity;
  }

  getProviderName(): string {
    return 'skyforge-demo-cluster';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    await connection.applyMutation({
      type: 'full',
      entities: [{ entity: this.#entity, locationKey: LOCATION }],
    });
  }
}
