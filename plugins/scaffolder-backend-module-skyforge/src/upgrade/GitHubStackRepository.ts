import path from 'node:path';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { Octokit } from 'octokit';
import type { StackRepository } from './resolveStackRepository';

/** The state of a branch the upgrade starts from: its commit and the blob id of each file. */
export interface StackSnapshot {
  branch: string;
  commitSha: string;
  treeSha: string;
  /** Path relative to the stack's folder → Git blob id, for every file under that folder. */
  files: Record<string, string>;
}

/** A change to commit on the upgrade branch: files to write and files to delete. */
export interface StackChange {
  write: Record<string, string>;
  remove: string[];
}

/** The pull request the upgrade opened or updated. */
export interface UpgradePullRequest {
  number: number;
  url: string;
  /** True when this run opened it; false when it updated the one opened before. */
  opened: boolean;
  /** True when this run moved the branch to a new commit. */
  branchUpdated: boolean;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number })?.status;
}

/**
 * A stack's GitHub repository, read and written through the REST API with Backstage's GitHub
 * integration (the integration's token or GitHub App, or the user's token). Reading takes one
 * tree listing — files are compared by Git blob id, so only `skyforge.yaml` and the render
 * record are downloaded. Writing builds one commit on top of the base branch through the Git
 * database API and points the upgrade branch at it.
 */
export class GitHubStackRepository {
  private constructor(
    private readonly octokit: Octokit,
    private readonly target: StackRepository,
  ) {}

  static async connect(options: {
    integrations: ScmIntegrationRegistry;
    credentialsProvider?: GithubCredentialsProvider;
    target: StackRepository;
    token?: string;
  }): Promise<GitHubStackRepository> {
    const { integrations, target } = options;
    const integration = integrations.github.byHost(target.host);
    if (!integration) {
      throw new InputError(
        `No GitHub integration for ${target.host} (integrations.github in app-config.yaml)`,
      );
    }
    let token = options.token;
    if (!token) {
      const provider =
        options.credentialsProvider ??
        DefaultGithubCredentialsProvider.fromIntegrations(integrations);
      ({ token } = await provider.getCredentials({
        url: `https://${target.host}/${encodeURIComponent(
          target.owner,
        )}/${encodeURIComponent(target.repo)}`,
      }));
    }
    if (!token) {
      throw new InputError(
        `No token for ${target.host}/${target.owner}: configure a token or GitHub App under integrations.github, or pass the user's token`,
      );
    }
    return new GitHubStackRepository(
      new Octokit({
        auth: token,
        baseUrl: integration.config.apiBaseUrl,
        request: { timeout: 60_000 },
      }),
      target,
    );
  }

  private get repository() {
    return { owner: this.target.owner, repo: this.target.repo };
  }

  private get name() {
    return `${this.target.owner}/${this.target.repo}`;
  }

  private inRepository(file: string) {
    return path.posix.join(this.target.directory, file);
  }

  /** Reads the head of `branch` (default: the repository's default branch). */
  async readSnapshot(branch?: string): Promise<StackSnapshot> {
    let base = branch;
    try {
      if (!base) {
        base = (await this.octokit.rest.repos.get(this.repository)).data
          .default_branch;
      }
      const ref = await this.octokit.rest.git.getRef({
        ...this.repository,
        ref: `heads/${base}`,
      });
      const commitSha = ref.data.object.sha;
      const { data: tree } = await this.octokit.rest.git.getTree({
        ...this.repository,
        tree_sha: commitSha,
        recursive: 'true',
      });
      if (tree.truncated) {
        throw new InputError(
          `${this.name} has more files than GitHub lists in one tree; upgrading it is not supported`,
        );
      }
      const prefix = this.target.directory ? `${this.target.directory}/` : '';
      const files: Record<string, string> = {};
      for (const entry of tree.tree) {
        if (entry.type !== 'blob' || !entry.path?.startsWith(prefix)) continue;
        files[entry.path.slice(prefix.length)] = entry.sha!;
      }
      return { branch: base, commitSha, treeSha: tree.sha, files };
    } catch (error) {
      if (status(error) === 404) {
        throw new NotFoundError(
          `${this.name}${base ? ` branch "${base}"` : ''} not found on ${
            this.target.host
          }, or the token cannot read it`,
        );
      }
      throw error;
    }
  }

  /** The page of a workflow's runs, e.g. for `destroy.yaml`. */
  workflowRunsUrl(workflow: string): string {
    return `https://${this.target.host}/${this.name}/actions/workflows/${workflow}`;
  }

  /**
   * Starts a run of a `workflow_dispatch` workflow (REST "Create a workflow dispatch event"; the
   * token needs Actions write). GitHub answers 204 without the run: its runs page lists it.
   */
  async dispatchWorkflow(options: {
    workflow: string;
    ref: string;
    inputs: Record<string, string>;
  }): Promise<void> {
    const { workflow, ref, inputs } = options;
    try {
      await this.octokit.rest.actions.createWorkflowDispatch({
        ...this.repository,
        workflow_id: workflow,
        ref,
        inputs,
      });
    } catch (error) {
      if (status(error) === 404) {
        throw new NotFoundError(
          `${this.name} has no workflow ${workflow} on ${ref}, or the credentials may not run its workflows (Actions: write)`,
        );
      }
      if (status(error) === 422) {
        throw new InputError(
          `GitHub refused to run ${workflow} of ${this.name}: ${
            (error as Error).message
          }`,
        );
      }
      throw error;
    }
  }

  /** Downloads one file of a snapshot (relative to the stack's folder), if it is there. */
  async readFile(
    snapshot: StackSnapshot,
    file: string,
  ): Promise<string | undefined> {
    const sha = snapshot.files[file];
    if (!sha) return undefined;
    const { data } = await this.octokit.rest.git.getBlob({
      ...this.repository,
      file_sha: sha,
    });
    return Buffer.from(data.content, 'base64').toString('utf8');
  }

  /**
   * Commits the change on top of the snapshot as the single commit of `branch` and opens a pull
   * request into the snapshot's branch, or updates the one already open. Idempotent: when the
   * branch already holds the same change on the same base, it is left as it is. A branch whose
   * head commit Skyforge did not make (someone pushed to it) is never overwritten.
   */
  async proposeChange(options: {
    snapshot: StackSnapshot;
    change: StackChange;
    branch: string;
    title: string;
    body: string;
    commitMessage: string;
    /** A line every commit of the upgrade carries, to recognise its own commits. */
    commitMarker: string;
    author?: { name: string; email: string };
    draft?: boolean;
  }): Promise<UpgradePullRequest> {
    const { snapshot, change, branch } = options;
    const { data: tree } = await this.octokit.rest.git.createTree({
      ...this.repository,
      base_tree: snapshot.treeSha,
      tree: [
        ...Object.entries(change.write).map(([file, content]) => ({
          path: this.inRepository(file),
          mode: '100644' as const,
          type: 'blob' as const,
          content,
        })),
        ...change.remove.map(file => ({
          path: this.inRepository(file),
          mode: '100644' as const,
          type: 'blob' as const,
          sha: null,
        })),
      ],
    });

    const existing = await this.branchHead(branch);
    let branchUpdated = true;
    if (
      existing &&
      existing.tree === tree.sha &&
      existing.parents[0] === snapshot.commitSha &&
      existing.parents.length === 1
    ) {
      branchUpdated = false;
    } else {
      if (existing && !existing.message.includes(options.commitMarker)) {
        throw new ConflictError(
          `Branch "${branch}" of ${
            this.name
          } has a commit Skyforge did not make (${existing.sha.slice(0, 7)}: "${
            existing.message.split('\n')[0]
          }"); merge or close its pull request and delete the branch, or choose another branchName`,
        );
      }
      const { data: commit } = await this.octokit.rest.git.createCommit({
        ...this.repository,
        message: options.commitMessage,
        tree: tree.sha,
        parents: [snapshot.commitSha],
        ...(options.author ? { author: options.author } : {}),
      });
      if (existing) {
        await this.octokit.rest.git.updateRef({
          ...this.repository,
          ref: `heads/${branch}`,
          sha: commit.sha,
          force: true,
        });
      } else {
        await this.octokit.rest.git.createRef({
          ...this.repository,
          ref: `refs/heads/${branch}`,
          sha: commit.sha,
        });
      }
    }

    const { data: open } = await this.octokit.rest.pulls.list({
      ...this.repository,
      head: `${this.target.owner}:${branch}`,
      base: snapshot.branch,
      state: 'open',
    });
    if (open.length > 0) {
      const { data: pull } = await this.octokit.rest.pulls.update({
        ...this.repository,
        pull_number: open[0].number,
        title: options.title,
        body: options.body,
      });
      return {
        number: pull.number,
        url: pull.html_url,
        opened: false,
        branchUpdated,
      };
    }
    const { data: pull } = await this.octokit.rest.pulls.create({
      ...this.repository,
      head: branch,
      base: snapshot.branch,
      title: options.title,
      body: options.body,
      draft: options.draft ?? false,
    });
    return {
      number: pull.number,
      url: pull.html_url,
      opened: true,
      branchUpdated,
    };
  }

  private async branchHead(branch: string) {
    let sha: string;
    try {
      sha = (
        await this.octokit.rest.git.getRef({
          ...this.repository,
          ref: `heads/${branch}`,
        })
      ).data.object.sha;
    } catch (error) {
      if (status(error) === 404) return undefined;
      throw error;
    }
    const { data: commit } = await this.octokit.rest.git.getCommit({
      ...this.repository,
      commit_sha: sha,
    });
    return {
      sha,
      tree: commit.tree.sha,
      parents: commit.parents.map(parent => parent.sha),
      message: commit.message,
    };
  }
}
