import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  SERVICEACCOUNT_CA_PATH,
  type FetchResponse,
  type KubernetesFetchError,
} from '@backstage/plugin-kubernetes-common';
import type {
  ClusterDetails,
  KubernetesCredential,
  ObjectToFetch,
} from '@backstage/plugin-kubernetes-node';
import type { KubernetesBackendAccess } from '@skyforge/plugin-skyforge-node';
import type { Clock } from '../util/clock';

/** A Kubernetes API answer other than 2xx or 404. */
export class KubernetesRequestError extends Error {
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.name = 'KubernetesRequestError';
    this.status = status;
  }
}

/**
 * How long a cluster credential from the Kubernetes backend's auth strategy is reused. Every
 * server-side provider issues credentials that live far longer (EKS tokens 15 minutes, Google
 * and Entra access tokens an hour), and minting one per request costs a signature or a token
 * exchange.
 */
const CREDENTIAL_TTL_MS = 60_000;

/** Clusters whose provider needs the viewer's own token, which a server-side read has not. */
const CLIENT_SIDE_AUTH_PROVIDERS = new Set(['google', 'oidc', 'aks']);

function describeFetchError(error: KubernetesFetchError): string {
  if ('message' in error && error.message) return error.message;
  const statusCode = 'statusCode' in error ? error.statusCode : undefined;
  const path =
    'resourcePath' in error && error.resourcePath
      ? ` for ${error.resourcePath}`
      : '';
  if (statusCode === 401) {
    return `unauthorized (401)${path}: the cluster did not accept Backstage's credentials`;
  }
  if (statusCode === 403) {
    return `forbidden (403)${path}: the cluster's RBAC does not let Backstage's identity read it (see the health reader ClusterRole)`;
  }
  return `${error.errorType}${statusCode ? ` ${statusCode}` : ''}${path}`;
}

/**
 * Reads clusters the way the Kubernetes backend does, in-process: credentials from its auth
 * strategy, lists through its fetcher, and single GETs (a named ConfigMap, add-on kinds that may
 * not be installed) over the same connection settings (URL, CA, client certificate, in-cluster
 * service account).
 *
 * @remarks
 * The fetcher only lists, and it logs every 404 and 403 as a warning; for KEDA, Karpenter and the
 * cluster autoscaler those answers are normal (not installed, or not granted), so they go
 * through {@link KubernetesClusterReader.getOptional}, which reads them as "absent".
 */
export class KubernetesClusterReader {
  readonly #access: KubernetesBackendAccess;
  readonly #clock: Clock;
  readonly #credentials = new Map<
    string,
    { credential: Promise<KubernetesCredential>; until: number }
  >();
  readonly #agents = new Map<string, https.Agent>();

  constructor(options: { access: KubernetesBackendAccess; clock: Clock }) {
    this.#access = options.access;
    this.#clock = options.clock;
  }

  /** A credential for the cluster from the Kubernetes backend's auth strategy, reused for a minute. */
  credential(cluster: ClusterDetails): Promise<KubernetesCredential> {
    const provider = cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    if (CLIENT_SIDE_AUTH_PROVIDERS.has(provider)) {
      return Promise.reject(
        new Error(
          `its auth provider '${provider}' needs each viewer's own token, and Skyforge reads clusters server-side; use a server-side provider (aws, googleServiceAccount, azure, serviceAccount)`,
        ),
      );
    }
    const now = this.#clock.now().getTime();
    const key = `${cluster.name}|${cluster.url}`;
    const cached = this.#credentials.get(key);
    if (cached && cached.until > now) return cached.credential;
    const credential = Promise.resolve().then(() =>
      this.#access.authStrategy.getCredential(cluster, {}),
    );
    this.#credentials.set(key, { credential, until: now + CREDENTIAL_TTL_MS });
    credential.catch(() => {
      if (this.#credentials.get(key)?.credential === credential)
        this.#credentials.delete(key);
    });
    return credential;
  }

  /**
   * Lists object types with the Kubernetes backend's fetcher, by type. A type the API does not
   * serve (404) is empty; any other failure throws with the Kubernetes backend's description.
   */
  async list(options: {
    cluster: ClusterDetails;
    serviceId: string;
    types: ObjectToFetch[];
    labelSelector?: string;
    namespace?: string;
  }): Promise<Map<string, unknown[]>> {
    const { cluster, serviceId, types, labelSelector, namespace } = options;
    const credential = await this.credential(cluster);
    const { errors, responses } =
      await this.#access.fetcher.fetchObjectsForService({
        serviceId,
        clusterDetails: cluster,
        credential,
        objectTypesToFetch: new Set(types),
        customResources: [],
        ...(labelSelector && { labelSelector }),
        ...(namespace && { namespace }),
      });
    const failures = errors.filter(error => error.errorType !== 'NOT_FOUND');
    if (failures.length > 0) {
      throw new Error(failures.map(describeFetchError).join('; '));
    }
    const byType = new Map<string, unknown[]>();
    for (const response of responses as FetchResponse[]) {
      byType.set(response.type, [
        ...(byType.get(response.type) ?? []),
        ...response.resources,
      ]);
    }
    return byType;
  }

  /**
   * GETs an API path; undefined when the API answers 404 (the kind is not installed or the
   * object does not exist) or 403 (not granted to Backstage): either way there is nothing to
   * report about it.
   */
  async getOptional<T>(options: {
    cluster: ClusterDetails;
    path: string;
    signal?: AbortSignal;
  }): Promise<T | undefined> {
    try {
      return await this.get<T>(options);
    } catch (error) {
      if (error instanceof KubernetesRequestError && error.status === 403) {
        return undefined;
      }
      throw error;
    }
  }

  /** GETs an API path; undefined on 404. */
  async get<T>(options: {
    cluster: ClusterDetails;
    path: string;
    signal?: AbortSignal;
  }): Promise<T | undefined> {
    const { cluster, path, signal } = options;
    const credential = await this.credential(cluster);
    const { url, agent } = this.#connection(cluster, credential);
    url.pathname = `${url.pathname.replace(/\/$/, '')}${path.split('?')[0]}`;
    url.search = path.includes('?') ? path.slice(path.indexOf('?')) : '';
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (credential.type === 'bearer token') {
      headers.Authorization = `Bearer ${credential.token}`;
    }
    const { status, body } = await request(url, { headers, agent, signal });
    if (status === 404) return undefined;
    if (status < 200 || status >= 300) {
      let detail = body.slice(0, 200) || 'no detail';
      try {
        const parsed = JSON.parse(body);
        if (typeof parsed?.message === 'string') detail = parsed.message;
      } catch {
        // not a Kubernetes Status object
      }
      throw new KubernetesRequestError(
        `${status} for ${path.split('?')[0]}: ${detail}`,
        status,
      );
    }
    return JSON.parse(body) as T;
  }

  /** The URL and TLS agent of a cluster, resolved as the Kubernetes backend's connection does. */
  #connection(
    cluster: ClusterDetails,
    credential: KubernetesCredential,
  ): { url: URL; agent?: http.Agent } {
    const provider = cluster.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
    const inCluster =
      provider === 'serviceAccount' &&
      !cluster.authMetadata.serviceAccountToken &&
      fs.existsSync(SERVICEACCOUNT_CA_PATH);
    if (inCluster) {
      const url = new URL(
        `https://${process.env.KUBERNETES_SERVICE_HOST}:${process.env.KUBERNETES_SERVICE_PORT}`,
      );
      return {
        url,
        agent: this.#agent('in-cluster', () => ({
          ca: fs.readFileSync(SERVICEACCOUNT_CA_PATH),
        })),
      };
    }
    if (credential.type === 'anonymous' && provider !== 'localKubectlProxy') {
      throw new Error(
        `no bearer token or client certificate for cluster '${cluster.name}'`,
      );
    }
    const url = new URL(cluster.url);
    if (url.protocol !== 'https:') return { url };
    const certificate =
      credential.type === 'x509 client certificate' ? credential : undefined;
    const key = [
      cluster.url,
      cluster.skipTLSVerify ?? false,
      cluster.caData ?? '',
      cluster.caFile ?? '',
      certificate ? `${certificate.cert}|${certificate.key}` : '',
    ].join('|');
    return {
      url,
      agent: this.#agent(key, () => {
        let ca: Buffer | undefined;
        if (cluster.caFile) ca = fs.readFileSync(cluster.caFile);
        else if (cluster.caData) ca = Buffer.from(cluster.caData, 'base64');
        return {
          ...(ca && { ca }),
          rejectUnauthorized: !cluster.skipTLSVerify,
          ...(certificate && { cert: certificate.cert, key: certificate.key }),
        };
      }),
    };
  }

  #agent(key: string, options: () => https.AgentOptions): https.Agent {
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = new https.Agent({ keepAlive: true, ...options() });
      this.#agents.set(key, agent);
    }
    return agent;
  }
}

/** One GET with Node's HTTP client, which takes a per-cluster TLS agent (CA, client certificate). */
function request(
  url: URL,
  options: {
    headers: Record<string, string>;
    agent?: http.Agent;
    signal?: AbortSignal;
  },
): Promise<{ status: number; body: string }> {
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: 'GET',
        headers: options.headers,
        ...(options.agent && { agent: options.agent }),
        ...(options.signal && { signal: options.signal }),
      },
      response => {
        const chunks: Buffer[] = [];
        response.on('data', chunk => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}
