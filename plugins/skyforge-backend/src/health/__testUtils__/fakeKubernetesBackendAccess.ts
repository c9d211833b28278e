import type {
  ClusterDetails,
  FetchResponseWrapper,
  KubernetesFetcher,
  ObjectFetchParams,
} from '@backstage/plugin-kubernetes-node';
import {
  DefaultKubernetesBackendAccessService,
  type KubernetesBackendAccess,
} from '@skyforge/plugin-skyforge-node';

/**
 * Lists objects over HTTP like the Kubernetes backend's fetcher (one GET per type, 404 and other
 * failures as `errors`), for unit tests: the real fetcher loads `@kubernetes/client-node`, an ES
 * module Jest cannot import. The end-to-end tests use the real one.
 */
export class HttpListFetcher implements KubernetesFetcher {
  readonly calls: string[] = [];

  async fetchObjectsForService(
    params: ObjectFetchParams,
  ): Promise<FetchResponseWrapper> {
    const result: FetchResponseWrapper = { errors: [], responses: [] };
    const token =
      params.credential.type === 'bearer token'
        ? params.credential.token
        : undefined;
    await Promise.all(
      [...params.objectTypesToFetch].map(async type => {
        const path = `${
          type.group ? `/apis/${type.group}/${type.apiVersion}` : '/api/v1'
        }${params.namespace ? `/namespaces/${params.namespace}` : ''}/${
          type.plural
        }${
          params.labelSelector
            ? `?labelSelector=${encodeURIComponent(params.labelSelector)}`
            : ''
        }`;
        this.calls.push(`${params.clusterDetails.name} ${path}`);
        const response = await fetch(`${params.clusterDetails.url}${path}`, {
          headers: token ? { Authorization: `Bearer ${token}` } : {},
        });
        if (!response.ok) {
          result.errors.push({
            errorType: response.status === 404 ? 'NOT_FOUND' : 'UNKNOWN_ERROR',
            statusCode: response.status,
            resourcePath: path.split('?')[0],
          });
          return;
        }
        const { kind, items } = await response.json();
        result.responses.push({
          type: type.objectType,
          resources:
            type.objectType === 'customresources'
              ? items.map((item: object) => ({
                  ...item,
                  kind: kind.replace(/List$/, ''),
                }))
              : items,
        } as FetchResponseWrapper['responses'][number]);
      }),
    );
    return result;
  }

  async fetchPodMetricsByNamespaces(): Promise<FetchResponseWrapper> {
    return { errors: [], responses: [] };
  }
}

/**
 * The Kubernetes backend's services over fixed clusters, as the `config` cluster locator and the
 * `multiTenant` service locator would give them, with each cluster's `serviceAccountToken`.
 */
export function fakeKubernetesBackendAccess(clusters: ClusterDetails[]): {
  access: KubernetesBackendAccess;
  fetcher: HttpListFetcher;
} {
  const fetcher = new HttpListFetcher();
  return {
    fetcher,
    access: {
      clusterSupplier: { getClusters: async () => clusters },
      serviceLocator: { getClustersByEntity: async () => ({ clusters }) },
      fetcher,
      authStrategy: {
        getCredential: async cluster => ({
          type: 'bearer token',
          token: cluster.authMetadata.serviceAccountToken ?? 'none',
        }),
        validateCluster: () => [],
        presentAuthMetadata: () => ({}),
      },
    },
  };
}

/** A KubernetesBackendAccessService that has been provided the access. */
export function providedAccess(access: KubernetesBackendAccess) {
  const service = new DefaultKubernetesBackendAccessService();
  service.provide(access);
  return service;
}

/** A cluster of the `config` locator with the `serviceAccount` provider. */
export function configCluster(
  name: string,
  url: string,
  title?: string,
): ClusterDetails {
  return {
    name,
    ...(title && { title }),
    url,
    authMetadata: {
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: `token-for-${name}`,
    },
    skipMetricsLookup: true,
  };
}
