import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** A JSON answer: status and body. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** A pull request as the double keeps it; `head.sha` is read from the branch on every answer. */
export interface StoredPullRequest {
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string;
  head: string;
  base: string;
  draft: boolean;
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

/** A `workflow_dispatch` event the double accepted. */
export interface StoredWorkflowDispatch {
  owner: string;
  repo: string;
  /** The workflow file name, e.g. destroy.yaml. */
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
}

/** Runs git in a bare repository; resolves with stdout, rejects with git's stderr. */
function git(
  directory: string,
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['-C', directory, ...args],
      {
        env: { ...process.env, ...options.env },
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.toString('utf8') || String(error)));
        else resolve(stdout.toString('utf8'));
      },
    );
    child.stdin?.end(options.input);
  });
}

const notFound: ApiAnswer = {
  status: 404,
  body: {
    message: 'Not Found',
    documentation_url: 'https://docs.github.com/rest',
    status: '404',
  },
};

function validationFailed(message: string, resource: string): ApiAnswer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource, code: 'custom', message }],
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    },
  };
}

function unprocessable(message: string): ApiAnswer {
  return {
    status: 422,
    body: {
      message,
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    },
  };
}

function parseCommit(sha: string, text: string) {
  const [head, ...message] = text.split('\n\n');
  const fields = head.split('\n');
  const person = (name: string) => {
    const line = fields.find(field => field.startsWith(`${name} `)) ?? '';
    const match = /^\w+ (.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
    return {
      name: match?.[1] ?? '',
      email: match?.[2] ?? '',
      date: new Date(Number(match?.[3] ?? 0) * 1000)
        .toISOString()
        .replace('.000', ''),
    };
  };
  return {
    sha,
    tree: fields.find(field => field.startsWith('tree '))!.slice(5),
    parents: fields
      .filter(field => field.startsWith('parent '))
      .map(field => field.slice(7)),
    author: person('author'),
    committer: person('committer'),
    message: message.join('\n\n').replace(/\n$/, ''),
  };
}

/**
 * The REST endpoints of one repository that read and write Git data and pull requests, served
 * from a real bare repository with Git's own plumbing (`ls-tree`, `hash-object`, `mktree` through
 * an index, `commit-tree`, `update-ref`), answering in the shapes of GitHub's REST API ("Git
 * database" and "Pulls" reference; repository and ref bodies are recorded responses retargeted to
 * the double). Pull requests are kept in memory.
 */
export class GitHubRepositoryRoutes {
  readonly pullRequests: StoredPullRequest[] = [];
  readonly workflowDispatches: StoredWorkflowDispatch[] = [];

  constructor(
    private readonly options: {
      gitRoot: string;
      apiBaseUrl: () => string;
      baseUrl: () => string;
      /** A recorded repository body, retargeted to `owner/repo`. */
      repositoryBody: (owner: string, repo: string) => Record<string, any>;
      /** A recorded ref body, retargeted to `owner/repo`. */
      refBody: (owner: string, repo: string) => Record<string, any>;
    },
  ) {}

  private directory(owner: string, repo: string) {
    return path.join(this.options.gitRoot, owner, `${repo}.git`);
  }

  private repoApi(owner: string, repo: string) {
    return `${this.options.apiBaseUrl()}/repos/${owner}/${repo}`;
  }

  private async exists(owner: string, repo: string) {
    try {
      await fs.access(this.directory(owner, repo));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * "Create a workflow dispatch event" (REST reference, Actions → Workflows): 204 when the
   * workflow file on `ref` declares a workflow_dispatch trigger whose inputs accept the given
   * ones, 404 without that file, 422 with GitHub's messages for an unknown ref, unexpected or
   * missing inputs and a value outside a choice's options.
   */
  private async dispatchWorkflow(options: {
    owner: string;
    repo: string;
    workflow: string;
    body: any;
  }): Promise<ApiAnswer> {
    const { owner, repo, workflow, body } = options;
    const ref = String(body?.ref ?? '');
    const sha = await this.resolve(owner, repo, `refs/heads/${ref}`);
    if (!sha) return unprocessable(`No ref found for: ${ref}`);
    let text;
    try {
      text = await git(this.directory(owner, repo), [
        'show',
        `${sha}:.github/workflows/${workflow}`,
      ]);
    } catch {
      return notFound;
    }
    const trigger = parse(text)?.on?.workflow_dispatch;
    if (trigger === undefined) {
      return unprocessable(
        "Workflow does not have 'workflow_dispatch' trigger",
      );
    }
    const declared: Record<
      string,
      { required?: boolean; type?: string; options?: string[] }
    > = trigger?.inputs ?? {};
    const inputs: Record<string, string> = body?.inputs ?? {};
    const unexpected = Object.keys(inputs).filter(name => !(name in declared));
    if (unexpected.length > 0) {
      return unprocessable(
        `Unexpected inputs provided: ${JSON.stringify(unexpected)}`,
      );
    }
    for (const [name, input] of Object.entries(declared)) {
      if (input.required && !(name in inputs)) {
        return unprocessable(`Required input '${name}' not provided`);
      }
      if (
        input.type === 'choice' &&
        name in inputs &&
        !input.options?.includes(inputs[name])
      ) {
        return unprocessable(
          `Provided value '${inputs[name]}' for input '${name}' not in the list of allowed values`,
        );
      }
    }
    this.workflowDispatches.push({ owner, repo, workflow, ref, inputs });
    return { status: 204, body: undefined };
  }

  private async resolve(owner: string, repo: string, ref: string) {
    try {
      return (
        await git(this.directory(owner, repo), [
          'rev-parse',
          '--verify',
          '--quiet',
          ref,
        ])
      ).trim();
    } catch {
      return undefined;
    }
  }

  private refAnswer(owner: string, repo: string, ref: string, sha: string) {
    const recorded = this.options.refBody(owner, repo);
    return {
      ...recorded,
      ref,
      url: `${this.repoApi(owner, repo)}/git/${ref}`,
      object: {
        sha,
        type: 'commit',
        url: `${this.repoApi(owner, repo)}/git/commits/${sha}`,
      },
    };
  }

  private async commitAnswer(owner: string, repo: string, sha: string) {
    const text = await git(this.directory(owner, repo), [
      'cat-file',
      'commit',
      sha,
    ]);
    const commit = parseCommit(sha, text);
    const api = this.repoApi(owner, repo);
    return {
      sha,
      node_id: Buffer.from(`04:Commit${sha}`).toString('base64'),
      url: `${api}/git/commits/${sha}`,
      html_url: `${this.options.baseUrl()}/${owner}/${repo}/commit/${sha}`,
      author: commit.author,
      committer: commit.committer,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      message: commit.message,
      parents: commit.parents.map(parent => ({
        sha: parent,
        url: `${api}/git/commits/${parent}`,
        html_url: `${this.options.baseUrl()}/${owner}/${repo}/commit/${parent}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  }

  private async treeAnswer(
    owner: string,
    repo: string,
    treeish: string,
    recursive: boolean,
  ) {
    const directory = this.directory(owner, repo);
    const sha = (
      await git(directory, ['rev-parse', `${treeish}^{tree}`])
    ).trim();
    const listing = await git(directory, [
      'ls-tree',
      '-l',
      '--full-tree',
      ...(recursive ? ['-r', '-t'] : []),
      sha,
    ]);
    const api = this.repoApi(owner, repo);
    const tree = listing
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [meta, entryPath] = line.split('\t');
        const [mode, type, entrySha, size] = meta.split(/\s+/);
        return {
          path: entryPath,
          mode,
          type,
          sha: entrySha,
          ...(type === 'blob' ? { size: Number(size) } : {}),
          url: `${api}/git/${type === 'blob' ? 'blobs' : 'trees'}/${entrySha}`,
        };
      });
    return { sha, url: `${api}/git/trees/${sha}`, tree, truncated: false };
  }

  private pullAnswer(
    pull: StoredPullRequest,
    headSha: string,
    baseSha: string,
  ) {
    const { owner, repo } = pull;
    const repository = this.options.repositoryBody(owner, repo);
    const api = this.repoApi(owner, repo);
    const html = `${this.options.baseUrl()}/${owner}/${repo}/pull/${
      pull.number
    }`;
    return {
      url: `${api}/pulls/${pull.number}`,
      id: 1000 + pull.number,
      node_id: Buffer.from(`011:PullRequest${pull.number}`).toString('base64'),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${api}/issues/${pull.number}`,
      commits_url: `${api}/pulls/${pull.number}/commits`,
      review_comments_url: `${api}/pulls/${pull.number}/comments`,
      comments_url: `${api}/issues/${pull.number}/comments`,
      statuses_url: `${api}/statuses/${headSha}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      user: repository.owner,
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${owner}:${pull.head}`,
        ref: pull.head,
        sha: headSha,
        user: repository.owner,
        repo: repository,
      },
      base: {
        label: `${owner}:${pull.base}`,
        ref: pull.base,
        sha: baseSha,
        user: repository.owner,
        repo: repository,
      },
      author_association: 'OWNER',
      auto_merge: null,
      draft: pull.draft,
    };
  }

  private async pullWithShas(pull: StoredPullRequest) {
    const headSha = await this.resolve(
      pull.owner,
      pull.repo,
      `refs/heads/${pull.head}`,
    );
    const baseSha = await this.resolve(
      pull.owner,
      pull.repo,
      `refs/heads/${pull.base}`,
    );
    return this.pullAnswer(pull, headSha ?? '', baseSha ?? '');
  }

  /** Builds a tree from `base_tree` and the entries, through a temporary index. */
  private async createTree(
    owner: string,
    repo: string,
    body: {
      base_tree?: string;
      tree: Array<{
        path: string;
        mode: string;
        type: string;
        sha?: string | null;
        content?: string;
      }>;
    },
  ): Promise<ApiAnswer> {
    const directory = this.directory(owner, repo);
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'github-index-'));
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    try {
      if (body.base_tree) {
        await git(directory, ['read-tree', body.base_tree], { env });
      } else {
        await git(directory, ['read-tree', '--empty'], { env });
      }
      const present = new Set(
        (await git(directory, ['ls-files'], { env })).split('\n'),
      );
      const missing = body.tree.find(
        entry => entry.sha === null && !present.has(entry.path),
      );
      if (missing) {
        return unprocessable(
          `GitRPC::BadObjectState: cannot delete ${missing.path}, it is not in the base tree`,
        );
      }
      // Write the inline contents as blobs in one go, then apply every entry to the index.
      const inline = body.tree.filter(entry => entry.content !== undefined);
      const files = await Promise.all(
        inline.map(async (entry, index) => {
          const file = path.join(scratch, `blob-${index}`);
          await fs.writeFile(file, entry.content!);
          return file;
        }),
      );
      const written = files.length
        ? (
            await git(directory, ['hash-object', '-w', '--stdin-paths'], {
              input: files.join('\n'),
            })
          )
            .trim()
            .split('\n')
        : [];
      const lines = body.tree.map(entry => {
        if (entry.sha === null) return `0 ${'0'.repeat(40)}\t${entry.path}`;
        const sha =
          entry.content !== undefined
            ? written[inline.indexOf(entry)]
            : entry.sha!;
        return `${entry.mode} ${sha}\t${entry.path}`;
      });
      await git(directory, ['update-index', '--index-info'], {
        input: `${lines.join('\n')}\n`,
        env,
      });
      const tree = (await git(directory, ['write-tree'], { env })).trim();
      return {
        status: 201,
        body: await this.treeAnswer(owner, repo, tree, false),
      };
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }

  /** Answers a request for `/repos/{owner}/{repo}...`, or returns undefined for other routes. */
  async handle(
    method: string,
    route: string,
    query: URLSearchParams,
    body: any,
  ): Promise<ApiAnswer | undefined> {
    const match = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(route);
    if (!match) return undefined;
    const [, owner, repo, rest = ''] = match;
    if (!(await this.exists(owner, repo))) return notFound;
    const directory = this.directory(owner, repo);
    const on = (verb: string, pattern: RegExp) =>
      method === verb ? pattern.exec(rest) : null;

    if (on('GET', /^$/)) {
      const head = (await git(directory, ['symbolic-ref', 'HEAD'])).trim();
      return {
        status: 200,
        body: {
          ...this.options.repositoryBody(owner, repo),
          default_branch: head.replace(/^refs\/heads\//, ''),
        },
      };
    }
    const dispatch = on('POST', /^\/actions\/workflows\/([^/]+)\/dispatches$/);
    if (dispatch) {
      return this.dispatchWorkflow({
        owner,
        repo,
        workflow: decodeURIComponent(dispatch[1]),
        body,
      });
    }
    const getRef = on('GET', /^\/git\/ref\/(.+)$/);
    if (getRef) {
      const ref = `refs/${decodeURIComponent(getRef[1])}`;
      const sha = await this.resolve(owner, repo, ref);
      return sha
        ? { status: 200, body: this.refAnswer(owner, repo, ref, sha) }
        : notFound;
    }
    const getCommit = on('GET', /^\/git\/commits\/([0-9a-f]{40})$/);
    if (getCommit) {
      if (!(await this.resolve(owner, repo, `${getCommit[1]}^{commit}`))) {
        return notFound;
      }
      return {
        status: 200,
        body: await this.commitAnswer(owner, repo, getCommit[1]),
      };
    }
    const getTree = on('GET', /^\/git\/trees\/(.+)$/);
    if (getTree) {
      const treeish = decodeURIComponent(getTree[1]);
      if (!(await this.resolve(owner, repo, `${treeish}^{tree}`)))
        return notFound;
      return {
        status: 200,
        body: await this.treeAnswer(
          owner,
          repo,
          treeish,
          ['1', 'true'].includes(query.get('recursive') ?? ''),
        ),
      };
    }
    const getBlob = on('GET', /^\/git\/blobs\/([0-9a-f]{40})$/);
    if (getBlob) {
      const sha = getBlob[1];
      if (!(await this.resolve(owner, repo, `${sha}^{blob}`))) return notFound;
      const content = await new Promise<Buffer>((resolve, reject) =>
        execFile(
          'git',
          ['-C', directory, 'cat-file', 'blob', sha],
          { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
          (error, stdout) => (error ? reject(error) : resolve(stdout)),
        ),
      );
      return {
        status: 200,
        body: {
          sha,
          node_id: Buffer.from(`04:Blob${sha}`).toString('base64'),
          size: content.length,
          url: `${this.repoApi(owner, repo)}/git/blobs/${sha}`,
          // GitHub wraps base64 content at 60 characters.
          content: `${content
            .toString('base64')
            .replace(/(.{60})/g, '$1\n')}\n`,
          encoding: 'base64',
        },
      };
    }
    if (on('POST', /^\/git\/blobs$/)) {
      const input =
        body.encoding === 'base64'
          ? Buffer.from(body.content, 'base64')
          : Buffer.from(body.content, 'utf8');
      const sha = (
        await git(directory, ['hash-object', '-w', '--stdin'], { input })
      ).trim();
      return {
        status: 201,
        body: { url: `${this.repoApi(owner, repo)}/git/blobs/${sha}`, sha },
      };
    }
    if (on('POST', /^\/git\/trees$/)) {
      return this.createTree(owner, repo, body);
    }
    if (on('POST', /^\/git\/commits$/)) {
      const author = body.author ?? {
        name: 'Skyforge',
        email: 'skyforge@example.com',
      };
      const sha = (
        await git(
          directory,
          [
            'commit-tree',
            body.tree,
            ...(body.parents ?? []).flatMap((parent: string) => ['-p', parent]),
          ],
          {
            input: body.message,
            env: {
              GIT_AUTHOR_NAME: author.name,
              GIT_AUTHOR_EMAIL: author.email,
              GIT_COMMITTER_NAME: body.committer?.name ?? author.name,
              GIT_COMMITTER_EMAIL: body.committer?.email ?? author.email,
            },
          },
        )
      ).trim();
      return { status: 201, body: await this.commitAnswer(owner, repo, sha) };
    }
    if (on('POST', /^\/git\/refs$/)) {
      if (await this.resolve(owner, repo, body.ref)) {
        return unprocessable('Reference already exists');
      }
      await git(directory, ['update-ref', body.ref, body.sha]);
      return {
        status: 201,
        body: this.refAnswer(owner, repo, body.ref, body.sha),
      };
    }
    const patchRef = on('PATCH', /^\/git\/refs\/(.+)$/);
    if (patchRef) {
      const ref = `refs/${decodeURIComponent(patchRef[1])}`;
      const current = await this.resolve(owner, repo, ref);
      if (!current) return unprocessable('Reference does not exist');
      if (!body.force) {
        try {
          await git(directory, [
            'merge-base',
            '--is-ancestor',
            current,
            body.sha,
          ]);
        } catch {
          return unprocessable('Update is not a fast forward');
        }
      }
      await git(directory, ['update-ref', ref, body.sha]);
      return { status: 200, body: this.refAnswer(owner, repo, ref, body.sha) };
    }
    if (on('GET', /^\/pulls$/)) {
      const state = query.get('state') ?? 'open';
      const head = query.get('head');
      const base = query.get('base');
      const pulls = this.pullRequests.filter(
        pull =>
          pull.owner === owner &&
          pull.repo === repo &&
          (state === 'all' || pull.state === state) &&
          (!head || `${owner}:${pull.head}` === head) &&
          (!base || pull.base === base),
      );
      return {
        status: 200,
        body: await Promise.all(pulls.map(pull => this.pullWithShas(pull))),
      };
    }
    if (on('POST', /^\/pulls$/)) {
      const headSha = await this.resolve(
        owner,
        repo,
        `refs/heads/${body.head}`,
      );
      const baseSha = await this.resolve(
        owner,
        repo,
        `refs/heads/${body.base}`,
      );
      if (!headSha || !baseSha) {
        return validationFailed(
          `${headSha ? 'base' : 'head'} is invalid`,
          'PullRequest',
        );
      }
      if (
        this.pullRequests.some(
          pull =>
            pull.owner === owner &&
            pull.repo === repo &&
            pull.state === 'open' &&
            pull.head === body.head &&
            pull.base === body.base,
        )
      ) {
        return validationFailed(
          `A pull request already exists for ${owner}:${body.head}.`,
          'PullRequest',
        );
      }
      if (headSha === baseSha) {
        return validationFailed(
          `No commits between ${body.base} and ${body.head}`,
          'PullRequest',
        );
      }
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const pull: StoredPullRequest = {
        number: this.pullRequests.length + 1,
        owner,
        repo,
        title: body.title,
        body: body.body ?? '',
        head: body.head,
        base: body.base,
        draft: body.draft === true,
        state: 'open',
        createdAt: now,
        updatedAt: now,
      };
      this.pullRequests.push(pull);
      return { status: 201, body: this.pullAnswer(pull, headSha, baseSha) };
    }
    const pullNumber = /^\/pulls\/(\d+)$/.exec(rest);
    const pull = pullNumber
      ? this.pullRequests.find(
          candidate =>
            candidate.owner === owner &&
            candidate.repo === repo &&
            candidate.number === Number(pullNumber[1]),
        )
      : undefined;
    if (pullNumber && !pull) return notFound;
    if (pull && method === 'GET') {
      return { status: 200, body: await this.pullWithShas(pull) };
    }
    if (pull && method === 'PATCH') {
      if (typeof body.title === 'string') pull.title = body.title;
      if (typeof body.body === 'string') pull.body = body.body;
      if (body.state === 'open' || body.state === 'closed') {
        pull.state = body.state;
      }
      pull.updatedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return { status: 200, body: await this.pullWithShas(pull) };
    }
    return undefined;
  }
}
