import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  GitHubRepositoryRoutes,
  type StoredPullRequest,
  type StoredWorkflowDispatch,
} from './gitHubRepositoryRoutes';

const run = promisify(execFile);

/** One request the double answered, kept so a test can assert on what the client asked for. */
export interface RecordedRequest {
  method: string;
  path: string;
  body?: unknown;
  authorization?: string;
  /** The status the double answered with. */
  status?: number;
}

/** A running GitHub Enterprise double: REST on `/api/v3`, Git smart HTTP on `/<owner>/<repo>.git`. */
export interface GitHubDouble {
  /** `127.0.0.1:<port>`, the integration host. */
  host: string;
  baseUrl: string;
  apiBaseUrl: string;
  token: string;
  /** Bare repositories live in `<gitRoot>/<owner>/<repo>.git`. */
  gitRoot: string;
  requests: RecordedRequest[];
  /** The pull requests opened on the double, in order. */
  pullRequests: StoredPullRequest[];
  /** The workflow runs dispatched on the double, in order. */
  workflowDispatches: StoredWorkflowDispatch[];
  /** Creates an empty repository whose default branch is main; returns its bare directory. */
  createRepository(owner: string, repo: string): Promise<string>;
  /**
   * Answers the next request matching `method` and `path` (API route without `/api/v3`, or the
   * Git path such as `/acme/repo.git/git-receive-pack`) with `status`, as GitHub does during an
   * incident; later requests are served normally.
   */
  failOnce(options: { method: string; path: RegExp; status: number }): void;
  stop(): Promise<void>;
}

type Fixture = {
  method: string;
  path: string;
  status: number;
  response: Record<string, unknown>;
};

/**
 * Recorded api.github.com responses from @octokit/fixtures (a dependency of
 * @octokit/fixtures-server, resolved through it): real bodies GitHub returned when the
 * fixtures were recorded.
 */
function loadFixtures(scenario: string, kind: 'normalized' | 'raw'): Fixture[] {
  const fixturesServer = path.dirname(
    require.resolve('@octokit/fixtures-server/package.json'),
  );
  const fixturesRoot = path.dirname(
    require.resolve('@octokit/fixtures/package.json', {
      paths: [fixturesServer],
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- JSON fixture files
  return require(path.join(
    fixturesRoot,
    'scenarios/api.github.com',
    scenario,
    `${kind}-fixture.json`,
  ));
}

function recorded(
  scenario: string,
  kind: 'normalized' | 'raw',
  method: string,
  pattern: RegExp,
) {
  const fixture = loadFixtures(scenario, kind).find(
    entry => entry.method === method && pattern.test(entry.path),
  );
  if (!fixture)
    throw new Error(`No recorded ${method} ${pattern} in ${scenario}`);
  return fixture.response;
}

/** Replaces every api.github.com / github.com URL and the fixture org/repo names in a recorded body. */
function retarget(
  body: Record<string, unknown>,
  options: { baseUrl: string; apiBaseUrl: string; from: string; to: string },
): Record<string, unknown> {
  const text = JSON.stringify(body)
    .split('https://api.github.com')
    .join(options.apiBaseUrl)
    .split('https://github.com')
    .join(options.baseUrl)
    .split('git://github.com')
    .join(options.baseUrl)
    .split('git@github.com:')
    .join(`${options.baseUrl}/`)
    .split(options.from)
    .join(options.to);
  return JSON.parse(text);
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
) {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
  });
  response.end(JSON.stringify(body));
}

function basicAuthUser(
  header: string | undefined,
): { user: string; password: string } | undefined {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  return {
    user: decoded.slice(0, separator),
    password: decoded.slice(separator + 1),
  };
}

/** Runs `git http-backend` as a CGI program for one request. */
function gitHttpBackend(options: {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  gitRoot: string;
  pathInfo: string;
  query: string;
  user: string;
}) {
  const { request, response } = options;
  const child = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: options.gitRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method,
      PATH_INFO: options.pathInfo,
      QUERY_STRING: options.query,
      CONTENT_TYPE: request.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: request.headers['content-encoding'] ?? '',
      GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
      REMOTE_USER: options.user,
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  request.pipe(child.stdin);
  let headerBuffer = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      response.write(chunk);
      return;
    }
    headerBuffer = Buffer.concat([headerBuffer, chunk]);
    const end = headerBuffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of headerBuffer
      .subarray(0, end)
      .toString('utf8')
      .split('\r\n')) {
      const separator = line.indexOf(':');
      const name = line.slice(0, separator).trim();
      const value = line.slice(separator + 1).trim();
      if (name.toLowerCase() === 'status') status = parseInt(value, 10);
      else headers[name] = value;
    }
    response.writeHead(status, headers);
    headersSent = true;
    response.write(headerBuffer.subarray(end + 4));
  });
  child.stderr.resume();
  child.on('close', () => {
    if (!headersSent) response.writeHead(500);
    response.end();
  });
}

/**
 * Starts a GitHub Enterprise double on 127.0.0.1: the REST endpoints `publish:github` and the
 * GitHub URL reader call, answered with recorded GitHub responses (retargeted to the double and
 * updated with what the request asked for, as GitHub does), and a real Git smart-HTTP server
 * (`git http-backend`) that receives the push.
 */
export async function startGitHubDouble(options: {
  gitRoot: string;
  token: string;
}): Promise<GitHubDouble> {
  const { gitRoot, token } = options;
  const requests: RecordedRequest[] = [];
  const failures: Array<{ method: string; path: RegExp; status: number }> = [];

  /** Answers with an injected failure, if one matches; returns whether it did. */
  function injectedFailure(
    method: string,
    route: string,
    response: http.ServerResponse,
  ): boolean {
    const index = failures.findIndex(
      failure => failure.method === method && failure.path.test(route),
    );
    if (index < 0) return false;
    const [failure] = failures.splice(index, 1);
    sendJson(response, failure.status, {
      message: 'Server Error',
      documentation_url: 'https://docs.github.com/rest',
    });
    return true;
  }
  const organization = recorded(
    'get-organization',
    'normalized',
    'get',
    /^\/orgs\//,
  );
  const createdRepository = recorded(
    'branch-protection',
    'raw',
    'post',
    /^\/orgs\/[^/]+\/repos$/,
  );
  const repositoryRecorded = recorded(
    'get-repository',
    'normalized',
    'get',
    /^\/repos\/[^/]+\/[^/]+$/,
  );
  const refRecorded = recorded(
    'git-refs',
    'normalized',
    'post',
    /\/git\/refs$/,
  );
  const branchProtection = recorded(
    'branch-protection',
    'normalized',
    'put',
    /\/branches\/main\/protection$/,
  );
  let baseUrl = '';
  let apiBaseUrl = '';

  async function bareRepository(owner: string, repo: string) {
    return path.join(gitRoot, owner, `${repo}.git`);
  }

  async function createRepository(owner: string, repo: string) {
    const directory = await bareRepository(owner, repo);
    await fs.mkdir(path.dirname(directory), { recursive: true });
    // A new GitHub repository's HEAD names the account's default branch, main.
    await run('git', [
      'init',
      '--quiet',
      '--bare',
      '--initial-branch=main',
      directory,
    ]);
    await run('git', ['-C', directory, 'config', 'http.receivepack', 'true']);
    return directory;
  }

  const repositoryRoutes = new GitHubRepositoryRoutes({
    gitRoot,
    apiBaseUrl: () => apiBaseUrl,
    baseUrl: () => baseUrl,
    repositoryBody: (owner, repo) => ({
      ...retarget(
        retarget(repositoryRecorded, {
          baseUrl,
          apiBaseUrl,
          from: 'octokit-fixture-org/hello-world',
          to: `${owner}/${repo}`,
        }),
        { baseUrl, apiBaseUrl, from: 'octokit-fixture-org', to: owner },
      ),
      name: repo,
      private: true,
      visibility: 'private',
    }),
    refBody: (owner, repo) =>
      retarget(refRecorded, {
        baseUrl,
        apiBaseUrl,
        from: 'octokit-fixture-org/git-refs',
        to: `${owner}/${repo}`,
      }),
  });

  async function handleApi(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ) {
    const route = url.pathname.slice('/api/v3'.length);
    const raw = await readBody(request);
    const body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    const entry: RecordedRequest = {
      method: request.method ?? 'GET',
      path: `${route}${url.search}`,
      body,
      authorization: request.headers.authorization,
    };
    requests.push(entry);
    response.on('finish', () => {
      entry.status = response.statusCode;
    });
    // GitHub accepts the token under either scheme; Octokit sends `token`, the URL reader `Bearer`.
    if (
      request.headers.authorization !== `token ${token}` &&
      request.headers.authorization !== `Bearer ${token}`
    ) {
      sendJson(response, 401, { message: 'Bad credentials' });
      return;
    }
    const method = request.method ?? 'GET';
    if (injectedFailure(method, route, response)) return;
    const on = (verb: string, pattern: RegExp) =>
      method === verb ? pattern.exec(route) : null;
    const user = on('GET', /^\/users\/([^/]+)$/);
    if (user) {
      sendJson(
        response,
        200,
        retarget(organization, {
          baseUrl,
          apiBaseUrl,
          from: 'octokit-fixture-org',
          to: user[1],
        }),
      );
      return;
    }
    const newRepository = on('POST', /^\/orgs\/([^/]+)\/repos$/);
    if (newRepository) {
      const owner = newRepository[1];
      const name = String(body.name);
      await createRepository(owner, name);
      const recordedName = String(createdRepository.name);
      const repository = retarget(createdRepository, {
        baseUrl,
        apiBaseUrl,
        from: `octokit-fixture-org/${recordedName}`,
        to: `${owner}/${name}`,
      });
      sendJson(response, 201, {
        ...repository,
        name,
        private: body.private === true,
        visibility: body.visibility ?? (body.private ? 'private' : 'public'),
        description: body.description ?? null,
        default_branch: 'main',
        html_url: `${baseUrl}/${owner}/${name}`,
        clone_url: `${baseUrl}/${owner}/${name}.git`,
      });
      return;
    }
    if (
      request.method === 'PUT' &&
      /^\/repos\/[^/]+\/[^/]+\/topics$/.test(route)
    ) {
      // GitHub answers with the topics it stored (REST docs, "Replace all repository topics").
      sendJson(response, 200, { names: body.names });
      return;
    }
    const protection = on(
      'PUT',
      /^\/repos\/([^/]+)\/([^/]+)\/branches\/([^/]+)\/protection$/,
    );
    if (protection) {
      sendJson(
        response,
        200,
        retarget(branchProtection, {
          baseUrl,
          apiBaseUrl,
          from: 'octokit-fixture-org/branch-protection',
          to: `${protection[1]}/${protection[2]}`,
        }),
      );
      return;
    }
    const contents = on('GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/);
    if (contents) {
      const [, owner, repo, file] = contents;
      const ref = url.searchParams.get('ref') ?? 'main';
      try {
        const { stdout } = await run(
          'git',
          [
            '-C',
            await bareRepository(owner, repo),
            'show',
            `${ref}:${decodeURIComponent(file)}`,
          ],
          { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
        );
        const content = stdout as unknown as Buffer;
        if (String(request.headers.accept).includes('raw')) {
          response.writeHead(200, {
            'content-type': 'application/vnd.github.raw',
          });
          response.end(content);
        } else {
          sendJson(response, 200, {
            type: 'file',
            encoding: 'base64',
            path: file,
            content: content.toString('base64'),
          });
        }
      } catch (error) {
        sendJson(response, 404, { message: 'Not Found', error: String(error) });
      }
      return;
    }
    const answer = await repositoryRoutes.handle(
      method,
      route,
      url.searchParams,
      body,
    );
    if (answer) {
      sendJson(response, answer.status, answer.body);
      return;
    }
    sendJson(response, 404, { message: 'Not Found' });
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', baseUrl);
    if (url.pathname.startsWith('/api/v3/')) {
      handleApi(request, response, url).catch(error => {
        sendJson(response, 500, { message: String(error) });
      });
      return;
    }
    const gitMatch = /^\/([^/]+)\/([^/]+\.git)(\/.*)$/.exec(url.pathname);
    if (gitMatch) {
      const credentials = basicAuthUser(request.headers.authorization);
      requests.push({
        method: request.method ?? 'GET',
        path: `${url.pathname}${url.search}`,
        authorization: request.headers.authorization
          ? 'Basic (redacted)'
          : undefined,
      });
      if (!credentials || credentials.password !== token) {
        response.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' });
        response.end();
        return;
      }
      if (injectedFailure(request.method ?? 'GET', url.pathname, response)) {
        request.resume();
        return;
      }
      gitHttpBackend({
        request,
        response,
        gitRoot,
        pathInfo: url.pathname,
        query: url.search.replace(/^\?/, ''),
        user: credentials.user,
      });
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  apiBaseUrl = `${baseUrl}/api/v3`;
  return {
    host: `127.0.0.1:${port}`,
    baseUrl,
    apiBaseUrl,
    token,
    gitRoot,
    requests,
    pullRequests: repositoryRoutes.pullRequests,
    workflowDispatches: repositoryRoutes.workflowDispatches,
    createRepository,
    failOnce: failure => {
      failures.push(failure);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
