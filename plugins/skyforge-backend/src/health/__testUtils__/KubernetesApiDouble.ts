import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Kubernetes API object as served: enough to route and filter it. */
export interface ServedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
  };
}

interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
}

/** The resource types the double knows, as the API server's discovery documents describe them. */
const RESOURCE_TYPES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'Node',
    plural: 'nodes',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    plural: 'replicasets',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    singular: 'statefulset',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    plural: 'daemonsets',
    singular: 'daemonset',
    namespaced: true,
    shortNames: ['ds'],
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    singular: 'horizontalpodautoscaler',
    namespaced: true,
    shortNames: ['hpa'],
  },
  {
    group: 'keda.sh',
    version: 'v1alpha1',
    kind: 'ScaledObject',
    plural: 'scaledobjects',
    singular: 'scaledobject',
    namespaced: true,
    shortNames: ['so'],
  },
  {
    group: 'karpenter.sh',
    version: 'v1',
    kind: 'NodePool',
    plural: 'nodepools',
    singular: 'nodepool',
    namespaced: false,
  },
];

const VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function splitSelector(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

/** Whether labels match a Kubernetes label selector (`=`, `==`, `!=`, `in`, `notin`, exists, `!` not exists). */
export function matchesLabelSelector(
  labels: Record<string, string> = {},
  selector: string | null,
): boolean {
  if (!selector) return true;
  return splitSelector(selector).every(term => {
    let match = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (match) {
      const values = match[3].split(',').map(value => value.trim());
      const has = match[1] in labels && values.includes(labels[match[1]]);
      return match[2] === 'in' ? has : !has;
    }
    match = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (match) {
      const equal = labels[match[1]] === match[3].trim();
      return match[2] === '!=' ? !equal : equal;
    }
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    return term in labels;
  });
}

export interface KubernetesApiDoubleOptions {
  /** The objects to serve, as the API server would hold them. */
  objects: ServedObject[];
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** The answer to `GET /version`. */
  gitVersion?: string;
}

/**
 * A local Kubernetes API server double on 127.0.0.1: discovery (`/api`, `/apis`, `/api/v1`,
 * `/apis/<group>/<version>`), `/version`, and GET of lists (all namespaces or one, with
 * `labelSelector`) and single objects, answering with real list kinds and `Status` errors.
 */
export class KubernetesApiDouble {
  readonly #server: http.Server;
  readonly #objects: ServedObject[];
  #latencyMs: number;
  readonly #gitVersion: string;
  /** Request paths (with query) in arrival order. */
  readonly requests: string[] = [];

  static async start(
    options: KubernetesApiDoubleOptions,
  ): Promise<KubernetesApiDouble> {
    const double = new KubernetesApiDouble(options);
    await new Promise<void>(resolve =>
      double.#server.listen(0, '127.0.0.1', resolve),
    );
    return double;
  }

  private constructor(options: KubernetesApiDoubleOptions) {
    this.#objects = options.objects;
    this.#latencyMs = options.latencyMs ?? 0;
    this.#gitVersion = options.gitVersion ?? 'v1.33.5';
    this.#server = http.createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const answer = () => this.#handle(req, res);
      if (this.#latencyMs > 0) {
        const timer = setTimeout(answer, this.#latencyMs);
        res.on('close', () => clearTimeout(timer));
      } else {
        answer();
      }
    });
    this.#server.keepAliveTimeout = 5000;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  set latencyMs(value: number) {
    this.#latencyMs = value;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>(resolve => this.#server.close(() => resolve()));
  }

  #send(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  #status(
    res: http.ServerResponse,
    code: number,
    reason: string,
    message: string,
  ) {
    this.#send(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      code,
    });
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://double');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method !== 'GET') {
      this.#status(
        res,
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
      return;
    }
    if (path === '/version') {
      const [, major, minor] = /^v(\d+)\.(\d+)/.exec(this.#gitVersion) ?? [];
      this.#send(res, 200, {
        major,
        minor,
        gitVersion: this.#gitVersion,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2025-09-09T19:44:50Z',
        goVersion: 'go1.24.6',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
      return;
    }
    if (path === '/api') {
      this.#send(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' },
        ],
      });
      return;
    }
    if (path === '/apis') {
      const groups = [
        ...new Set(
          RESOURCE_TYPES.filter(type => type.group && this.#serves(type)).map(
            type => type.group,
          ),
        ),
      ];
      this.#send(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map(group => {
          const version = RESOURCE_TYPES.find(
            type => type.group === group,
          )!.version;
          const groupVersion = { groupVersion: `${group}/${version}`, version };
          return {
            name: group,
            versions: [groupVersion],
            preferredVersion: groupVersion,
          };
        }),
      });
      return;
    }

    const match =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!match) {
      this.#status(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
      return;
    }
    const group = match[2] ?? '';
    const version = match[1] ?? match[3];
    const namespace = match[4] ? decodeURIComponent(match[4]) : undefined;
    const plural = match[5];
    const name = match[6] ? decodeURIComponent(match[6]) : undefined;
    const groupVersion = group ? `${group}/${version}` : version;

    const typesOfVersion = RESOURCE_TYPES.filter(
      type =>
        type.group === group && type.version === version && this.#serves(type),
    );
    if (!plural && !namespace) {
      if (typesOfVersion.length === 0) {
        this.#status(
          res,
          404,
          'NotFound',
          'the server could not find the requested resource',
        );
        return;
      }
      this.#send(res, 200, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion,
        resources: typesOfVersion.map(type => ({
          name: type.plural,
          singularName: type.singular,
          namespaced: type.namespaced,
          kind: type.kind,
          verbs: VERBS,
          ...(type.shortNames && { shortNames: type.shortNames }),
        })),
      });
      return;
    }
    const type = typesOfVersion.find(candidate => candidate.plural === plural);
    if (!type || (namespace && !type.namespaced)) {
      this.#status(
        res,
        404,
        'NotFound',
        'the server could not find the requested resource',
      );
      return;
    }
    const candidates = this.#objects.filter(
      object =>
        object.kind === type.kind &&
        object.apiVersion === groupVersion &&
        (namespace === undefined || object.metadata.namespace === namespace),
    );
    if (name) {
      const found = candidates.find(object => object.metadata.name === name);
      if (found) {
        this.#send(res, 200, found);
      } else {
        this.#status(
          res,
          404,
          'NotFound',
          `${type.plural}${group ? `.${group}` : ''} "${name}" not found`,
        );
      }
      return;
    }
    const selector = url.searchParams.get('labelSelector');
    const items = candidates.filter(object =>
      matchesLabelSelector(object.metadata.labels, selector),
    );
    this.#send(res, 200, {
      kind: `${type.kind}List`,
      apiVersion: groupVersion,
      metadata: { resourceVersion: '48213400' },
      items,
    });
  }

  /** Custom resources are served only when some object of their kind exists, as when the CRD is installed. */
  #serves(type: ResourceType): boolean {
    return (
      ['', 'apps', 'autoscaling'].includes(type.group) ||
      this.#objects.some(
        object =>
          object.kind === type.kind &&
          object.apiVersion === `${type.group}/${type.version}`,
      )
    );
  }
}
