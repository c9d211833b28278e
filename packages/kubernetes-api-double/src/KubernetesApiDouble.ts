import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import {
  authenticate,
  type AuthenticationOptions,
  type UserInfo,
} from './authenticate';
import {
  authorizeRbac,
  forbiddenMessage,
  type ResourceAttributes,
} from './authorizeRbac';
import { matchesLabelSelector } from './matchesLabelSelector';
import { RESOURCE_TYPES, type ResourceType } from './resourceTypes';

/** A Kubernetes API object as served: enough to route and filter it. */
export interface ServedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface KubernetesApiDoubleOptions {
  /** The objects to serve, as the API server would hold them. */
  objects: ServedObject[];
  /** Delay before every answer, in milliseconds. */
  latencyMs?: number;
  /** The answer to `GET /version`. */
  gitVersion?: string;
  /** The loopback port to listen on; a free one by default. */
  port?: number;
  /**
   * Serve HTTPS with a certificate for 127.0.0.1, made at start and its own CA
   * ({@link KubernetesApiDouble.certificateAuthority}). Clients such as kubectl send bearer
   * tokens only over TLS.
   */
  tls?: boolean;
  /**
   * Authenticate every request and authorize it with the RBAC objects served (including those
   * created through the API), as an API server with `--authorization-mode=RBAC` does. Without
   * it, every request is answered, as `kubectl proxy` answers with its own identity.
   */
  authentication?: AuthenticationOptions;
}

/** A request the double answered, with the identity it was authenticated as. */
export interface RecordedRequest {
  method: string;
  path: string;
  user?: string;
  status: number;
}

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

const VERB_OF_METHOD: Record<string, string> = {
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/**
 * A local Kubernetes API server double on 127.0.0.1 serving recorded objects: discovery (`/api`,
 * `/apis`, `/api/v1`, `/apis/<group>/<version>`), `/version`, GET of lists (all namespaces or one,
 * with `labelSelector`) and single objects, and POST (create), answering with real list kinds
 * and `Status` errors. With `authentication`, it authenticates bearer tokens (static, or EKS
 * tokens signed for its cluster) and enforces RBAC, so a test can apply a Role with `kubectl`
 * and see exactly what it grants.
 */
export class KubernetesApiDouble {
  readonly #server: http.Server;
  readonly #objects: ServedObject[];
  #latencyMs: number;
  readonly #gitVersion: string;
  readonly #port: number;
  readonly #authentication?: AuthenticationOptions;
  /** Request paths (with query) in arrival order. */
  readonly requests: string[] = [];
  /** Every answered request, with its identity and status. */
  readonly log: RecordedRequest[] = [];

  static async start(
    options: KubernetesApiDoubleOptions,
  ): Promise<KubernetesApiDouble> {
    const tls = options.tls ? await selfSignedCertificate() : undefined;
    const double = new KubernetesApiDouble(options, tls);
    await new Promise<void>((resolve, reject) => {
      double.#server.once('error', reject);
      double.#server.listen(double.#port, '127.0.0.1', () => resolve());
    });
    return double;
  }

  /** The PEM certificate that signs the double's TLS certificate (itself), when it serves HTTPS. */
  readonly certificateAuthority?: string;

  private constructor(
    options: KubernetesApiDoubleOptions,
    tls?: { key: string; cert: string },
  ) {
    this.#objects = [...options.objects];
    this.#latencyMs = options.latencyMs ?? 0;
    this.#gitVersion = options.gitVersion ?? 'v1.33.5';
    this.#port = options.port ?? 0;
    this.#authentication = options.authentication;
    this.certificateAuthority = tls?.cert;
    const listener: http.RequestListener = (req, res) => {
      this.requests.push(req.url ?? '');
      const answer = () => {
        this.#handle(req, res).catch(error => {
          this.#status(res, 500, 'InternalError', String(error));
        });
      };
      if (this.#latencyMs > 0) {
        const timer = setTimeout(answer, this.#latencyMs);
        res.on('close', () => clearTimeout(timer));
      } else {
        answer();
      }
    };
    this.#server = tls
      ? https.createServer(tls, listener)
      : http.createServer(listener);
    this.#server.keepAliveTimeout = 5000;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `${
      this.certificateAuthority ? 'https' : 'http'
    }://127.0.0.1:${port}`;
  }

  set latencyMs(value: number) {
    this.#latencyMs = value;
  }

  /** The objects served now, including those created through the API. */
  get objects(): ReadonlyArray<ServedObject> {
    return this.#objects;
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

  #notFound(res: http.ServerResponse) {
    this.#status(
      res,
      404,
      'NotFound',
      'the server could not find the requested resource',
    );
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://double');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    let user: UserInfo | undefined;
    if (this.#authentication) {
      user = await authenticate(
        req.headers.authorization,
        this.#authentication,
      );
      if (!user) {
        this.#record(method, url, undefined, 401);
        this.#status(res, 401, 'Unauthorized', 'Unauthorized');
        return;
      }
    }
    const status = await this.#route({ req, res, url, path, method, user });
    this.#record(method, url, user, status);
  }

  #record(
    method: string,
    url: URL,
    user: UserInfo | undefined,
    status: number,
  ) {
    this.log.push({
      method,
      path: `${url.pathname}${url.search}`,
      ...(user && { user: user.username }),
      status,
    });
  }

  /** Answers one request; returns the status sent. */
  async #route(request: {
    req: http.IncomingMessage;
    res: http.ServerResponse;
    url: URL;
    path: string;
    method: string;
    user?: UserInfo;
  }): Promise<number> {
    const { req, res, url, path, method, user } = request;
    // Discovery and version are open to every authenticated user (system:discovery).
    if (method === 'GET' && this.#discovery(res, path)) return 200;

    const match =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(
        path,
      );
    if (!match) {
      this.#notFound(res);
      return 404;
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
      if (method !== 'GET' || typesOfVersion.length === 0) {
        this.#notFound(res);
        return 404;
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
      return 200;
    }
    const type = typesOfVersion.find(candidate => candidate.plural === plural);
    if (!type || (namespace && !type.namespaced)) {
      this.#notFound(res);
      return 404;
    }

    let verb = VERB_OF_METHOD[method];
    if (method === 'GET') verb = name ? 'get' : 'list';
    if (!verb || (verb !== 'create' && verb !== 'get' && verb !== 'list')) {
      this.#status(
        res,
        405,
        'MethodNotAllowed',
        'the server does not allow this method on the requested resource',
      );
      return 405;
    }
    const attributes: ResourceAttributes = {
      verb,
      apiGroup: group,
      resource: type.plural,
      ...(namespace && { namespace }),
      ...(name && { name }),
    };
    const fieldName = /^metadata\.name=(.+)$/.exec(
      url.searchParams.get('fieldSelector') ?? '',
    )?.[1];
    if (fieldName) attributes.fieldSelectorName = fieldName;
    if (
      user &&
      !authorizeRbac({ user, request: attributes, objects: this.#objects })
    ) {
      this.#status(res, 403, 'Forbidden', forbiddenMessage(user, attributes));
      return 403;
    }

    if (verb === 'create') {
      return this.#create(req, res, type, groupVersion, namespace);
    }
    const candidates = this.#objects.filter(
      object =>
        object.kind === type.kind &&
        object.apiVersion === groupVersion &&
        (namespace === undefined || object.metadata.namespace === namespace),
    );
    if (name) {
      const found = candidates.find(object => object.metadata.name === name);
      if (!found) {
        this.#status(
          res,
          404,
          'NotFound',
          `${type.plural}${group ? `.${group}` : ''} "${name}" not found`,
        );
        return 404;
      }
      this.#send(res, 200, found);
      return 200;
    }
    const selector = url.searchParams.get('labelSelector');
    const items = candidates.filter(
      object =>
        matchesLabelSelector(object.metadata.labels, selector) &&
        (!fieldName || object.metadata.name === fieldName),
    );
    this.#send(res, 200, {
      kind: `${type.kind}List`,
      apiVersion: groupVersion,
      metadata: { resourceVersion: '48213400' },
      items,
    });
    return 200;
  }

  /** `/version`, `/api`, `/apis`; false for any other path. */
  #discovery(res: http.ServerResponse, path: string): boolean {
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
      return true;
    }
    if (path === '/api') {
      this.#send(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:443' },
        ],
      });
      return true;
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
      return true;
    }
    return false;
  }

  async #create(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    type: ResourceType,
    groupVersion: string,
    namespace: string | undefined,
  ): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let object: ServedObject;
    try {
      object = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.#status(res, 400, 'BadRequest', 'the body is not JSON');
      return 400;
    }
    if (
      object?.kind !== type.kind ||
      object.apiVersion !== groupVersion ||
      !object.metadata?.name
    ) {
      this.#status(
        res,
        400,
        'BadRequest',
        `the body must be a ${groupVersion} ${type.kind} with metadata.name`,
      );
      return 400;
    }
    const created: ServedObject = {
      ...object,
      metadata: {
        ...object.metadata,
        ...(type.namespaced && { namespace: namespace ?? 'default' }),
        uid: randomUUID(),
        resourceVersion: String(48213401 + this.#objects.length),
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    const exists = this.#objects.some(
      candidate =>
        candidate.kind === created.kind &&
        candidate.apiVersion === created.apiVersion &&
        candidate.metadata.name === created.metadata.name &&
        candidate.metadata.namespace === created.metadata.namespace,
    );
    if (exists) {
      this.#status(
        res,
        409,
        'AlreadyExists',
        `${type.plural}${type.group ? `.${type.group}` : ''} "${
          created.metadata.name
        }" already exists`,
      );
      return 409;
    }
    this.#objects.push(created);
    this.#send(res, 201, created);
    return 201;
  }

  /** Custom resources are served only when some object of their kind exists, as when the CRD is installed. */
  #serves(type: ResourceType): boolean {
    return (
      !type.custom ||
      this.#objects.some(
        object =>
          object.kind === type.kind &&
          object.apiVersion === `${type.group}/${type.version}`,
      )
    );
  }
}

/** A certificate for 127.0.0.1 that is its own CA, valid for a day. */
async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'kubernetes' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
