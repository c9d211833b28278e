import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';

/** A cluster as the Kubernetes backend lists it (`GET /api/kubernetes/clusters`). */
export interface KubernetesCluster {
  name: string;
  title?: string;
}

/**
 * Reads Kubernetes through Backstage's Kubernetes backend, so clusters and their credentials
 * are configured once, under `kubernetes`.
 */
export interface KubernetesBackendClient {
  /** The clusters the Kubernetes backend knows. */
  listClusters(options: { signal?: AbortSignal }): Promise<KubernetesCluster[]>;
  /**
   * GETs a Kubernetes API path (`/api/v1/nodes`, `/apis/apps/v1/deployments?labelSelector=...`)
   * in one cluster through the Kubernetes backend's proxy. Resolves undefined on 404, which is
   * how the API says a kind is not installed or an object does not exist.
   */
  get<T>(options: {
    cluster: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<T | undefined>;
  /**
   * The Kubernetes backend's workload query for an entity (`POST /resources/workloads/query`):
   * its pods, workloads, ReplicaSets and HPAs in every cluster that holds any, fetched by the
   * Kubernetes backend itself. It answers only once every cluster has.
   */
  queryWorkloads(options: {
    entityRef: string;
    signal?: AbortSignal;
  }): Promise<WorkloadQueryResponse>;
}

/** The workload query's answer, as `@backstage/plugin-kubernetes-common` defines it. */
export interface WorkloadQueryResponse {
  items: Array<{
    cluster: { name: string };
    resources: Array<{ type: string; resources: unknown[] }>;
    errors: Array<{
      errorType: string;
      statusCode?: number;
      resourcePath?: string;
      message?: string;
    }>;
  }>;
}

/** A Kubernetes API or Kubernetes backend answer other than 2xx or 404. */
export class KubernetesRequestError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'KubernetesRequestError';
    this.status = status;
  }
}

/** The header by which the Kubernetes backend's proxy picks the cluster. */
export const KUBERNETES_CLUSTER_HEADER = 'Backstage-Kubernetes-Cluster';

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    // A Kubernetes Status object, or a Backstage serialized error.
    const message = body?.message ?? body?.error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: fall through to the status text
  }
  return response.statusText || 'no detail';
}

/** The {@link KubernetesBackendClient} that calls the Kubernetes backend over HTTP with a service token. */
export class HttpKubernetesBackendClient implements KubernetesBackendClient {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): HttpKubernetesBackendClient {
    return new HttpKubernetesBackendClient(options.discovery, options.auth);
  }

  private constructor(discovery: DiscoveryService, auth: AuthService) {
    this.#discovery = discovery;
    this.#auth = auth;
  }

  /**
   * Service tokens live for an hour; reusing one for a minute saves signing (and the Kubernetes
   * backend verifying) a new token for each of the many proxy calls of one health request.
   */
  #token?: { value: Promise<string>; until: number };

  async #headers(): Promise<Record<string, string>> {
    const now = performance.now();
    if (!this.#token || this.#token.until <= now) {
      const value = this.#auth
        .getOwnServiceCredentials()
        .then(onBehalfOf =>
          this.#auth.getPluginRequestToken({
            onBehalfOf,
            targetPluginId: 'kubernetes',
          }),
        )
        .then(({ token }) => token);
      this.#token = { value, until: now + 60_000 };
      value.catch(() => {
        this.#token = undefined;
      });
    }
    return {
      Authorization: `Bearer ${await this.#token.value}`,
      Accept: 'application/json',
    };
  }

  async listClusters(options: {
    signal?: AbortSignal;
  }): Promise<KubernetesCluster[]> {
    const baseUrl = await this.#discovery.getBaseUrl('kubernetes');
    const response = await fetch(`${baseUrl}/clusters`, {
      headers: await this.#headers(),
      signal: options.signal,
    });
    if (!response.ok) {
      throw new KubernetesRequestError(
        `The Kubernetes backend answered ${
          response.status
        } when listing clusters: ${await errorDetail(response)}`,
        response.status,
      );
    }
    const body = (await response.json()) as {
      items?: Array<{ name: string; title?: string }>;
    };
    return (body.items ?? []).map(item => ({
      name: item.name,
      ...(item.title && { title: item.title }),
    }));
  }

  async queryWorkloads(options: {
    entityRef: string;
    signal?: AbortSignal;
  }): Promise<WorkloadQueryResponse> {
    const baseUrl = await this.#discovery.getBaseUrl('kubernetes');
    const response = await fetch(`${baseUrl}/resources/workloads/query`, {
      method: 'POST',
      headers: {
        ...(await this.#headers()),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ entityRef: options.entityRef }),
      signal: options.signal,
    });
    if (!response.ok) {
      throw new KubernetesRequestError(
        `The Kubernetes backend's workload query answered ${
          response.status
        }: ${await errorDetail(response)}`,
        response.status,
      );
    }
    return (await response.json()) as WorkloadQueryResponse;
  }

  async get<T>(options: {
    cluster: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<T | undefined> {
    const { cluster, path, signal } = options;
    const baseUrl = await this.#discovery.getBaseUrl('kubernetes');
    const response = await fetch(`${baseUrl}/proxy${path}`, {
      headers: {
        ...(await this.#headers()),
        [KUBERNETES_CLUSTER_HEADER]: cluster,
      },
      signal,
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      throw new KubernetesRequestError(
        `${response.status} for ${path.split('?')[0]}: ${await errorDetail(
          response,
        )}`,
        response.status,
      );
    }
    return (await response.json()) as T;
  }
}
