import type { AuditorService } from '@backstage/backend-plugin-api';
import { execFileSync } from 'node:child_process';
import type { Entity } from '@backstage/catalog-model';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import { RENDER_RECORD_PATH } from '@skyforge/stack-renderer/repository';
import { formatUsd } from '@skyforge/stack-renderer/cost';
import { commitTree, readBranch } from '../__testUtils__/commitTree';
import {
  createUpgradeActionFor,
  frozenOlderRender,
  newRender,
  olderRender,
  olderRenderWithRecord,
  ownerCatalogInfo,
  ownerRunbook,
  pushOlderStackRepository,
  registeredComponent,
  runAction,
} from '../__testUtils__/olderStackRepository';
import { readDirectoryTree } from '../__testUtils__/readDirectoryTree';
import {
  startGitHubDouble,
  type GitHubDouble,
} from '../__testUtils__/startGitHubDouble';

/** Runs git in a bare repository and returns its output, trimmed. */
function git(bare: string, ...args: string[]): string {
  return execFileSync('git', ['-C', bare, ...args])
    .toString('utf8')
    .trim();
}

jest.setTimeout(60_000);

describe('skyforge:stack:upgrade against a GitHub double (recorded REST responses, real git repositories)', () => {
  const mockDir = createMockDirectory();
  let github: GitHubDouble;

  beforeAll(async () => {
    github = await startGitHubDouble({
      gitRoot: mockDir.resolve('git'),
      token: 'test-token',
    });
  });
  afterAll(() => github?.stop());

  const createAction = (entities: Entity[] = [], auditor?: AuditorService) =>
    createUpgradeActionFor({ github, entities, auditor });
  const run = (
    action: ReturnType<typeof createAction>,
    input: Record<string, unknown>,
    options: { workspace: string; isDryRun?: boolean },
  ) =>
    runAction(action, input, {
      workspacePath: mockDir.resolve(options.workspace),
      isDryRun: options.isDryRun,
    });
  const repositoryRenderedByOlderRenderer = (
    repo: string,
    rendered: Record<string, string>,
  ) => pushOlderStackRepository({ github, repo, rendered });

  it('opens a pull request whose files equal the new render except the hand-edited file, listed as a conflict', async () => {
    const { bare, head } = await repositoryRenderedByOlderRenderer(
      'payments-infra',
      olderRenderWithRecord,
    );
    const auditor = mockServices.auditor.mock();
    const action = createAction(
      [registeredComponent(github.baseUrl, 'payments-infra')],
      auditor,
    );
    const before = github.requests.length;
    const { outputs } = await run(
      action,
      { entityRef: 'component:default/payments-api' },
      { workspace: 'first' },
    );

    expect(github.pullRequests).toHaveLength(1);
    const [pullRequest] = github.pullRequests;
    expect(pullRequest).toMatchObject({
      owner: 'acme',
      repo: 'payments-infra',
      head: 'skyforge/upgrade',
      base: 'main',
      state: 'open',
      title: `Upgrade payments-api to Skyforge renderer ${RENDERER_VERSION}`,
    });
    expect(outputs.pullRequestNumber).toBe(pullRequest.number);
    expect(outputs.pullRequestUrl).toBe(
      `${github.baseUrl}/acme/payments-infra/pull/${pullRequest.number}`,
    );
    // The auditor records the run: who started which task, and the pull request it opened.
    expect(auditor.createEvent).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'stack-upgrade',
      severityLevel: 'medium',
      meta: expect.objectContaining({
        dryRun: false,
        taskId: expect.any(String),
      }),
    });
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.fail).not.toHaveBeenCalled();
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        repository: 'acme/payments-infra',
        branch: 'main',
        fromVersion: '0.1.0',
        toVersion: RENDERER_VERSION,
        added: outputs.added.length,
        changed: outputs.changed.length,
        removed: outputs.removed.length,
        outcome: 'pull-request-opened',
        pullRequestUrl: outputs.pullRequestUrl,
        pullRequestNumber: pullRequest.number,
      },
    });

    // The branch is the new render, except the hand-edited catalog-info.yaml, which the new
    // render changes too (it gains skyforge.io/renderer-version), plus the owner's runbook.
    const expected = newRender();
    expect(await readBranch(bare, 'skyforge/upgrade')).toEqual({
      ...expected,
      'catalog-info.yaml': ownerCatalogInfo,
      'docs/runbook.md': ownerRunbook,
    });
    expect(ownerCatalogInfo).not.toBe(olderRender['catalog-info.yaml']);
    expect(expected['catalog-info.yaml']).not.toBe(
      olderRender['catalog-info.yaml'],
    );
    expect(outputs).toMatchObject({
      upToDate: false,
      repository: 'acme/payments-infra',
      fromVersion: '0.1.0',
      toVersion: RENDERER_VERSION,
      conflicts: [
        {
          path: 'catalog-info.yaml',
          reason: 'edited',
          message:
            'edited by hand since the last render; the new render changes it',
        },
      ],
      edited: [],
    });
    expect(outputs.added).toEqual(expect.arrayContaining(['COST.md']));
    expect(outputs.changed).toEqual(
      expect.arrayContaining([
        'README.md',
        'skyforge.yaml',
        RENDER_RECORD_PATH,
      ]),
    );

    // The description says what changed, lists the conflict and gives the new estimate.
    expect(pullRequest.body).toContain(
      `**renderer 0.1.0 → ${RENDERER_VERSION}**`,
    );
    expect(pullRequest.body).toContain(
      '- `catalog-info.yaml`: edited by hand since the last render; the new render changes it',
    );
    expect(pullRequest.body).toContain(
      `About **${formatUsd(outputs.estimate.monthly)}** per month`,
    );
    expect(pullRequest.body).toContain(
      `| Changed | ${outputs.changed.length} |`,
    );
    expect(pullRequest.body).toBe(outputs.summary);

    // Only skyforge.yaml and the record were downloaded; the other files were compared by blob id.
    const downloads = github.requests
      .slice(before)
      .filter(entry => entry.path.includes('/git/blobs/'));
    expect(downloads.map(entry => entry.method)).toEqual(['GET', 'GET']);

    // One commit by Skyforge on top of main, with the trailer that marks Skyforge's commits.
    expect(
      git(bare, 'log', '-1', '--format=%an <%ae>%n%P', 'skyforge/upgrade'),
    ).toBe(`Skyforge <skyforge@example.com>\n${head}`);
    expect(git(bare, 'log', '-1', '--format=%B', 'skyforge/upgrade')).toMatch(
      new RegExp(
        `^Upgrade payments-api to Skyforge renderer ${RENDERER_VERSION.replace(
          /\./g,
          '\\.',
        )}\n[^]*\nSkyforge-Upgrade: payments-api renderer 0\\.1\\.0 → `,
      ),
    );
  });

  it('updates the same branch and pull request when run again, and rebuilds the branch when main moved', async () => {
    const { bare } = await repositoryRenderedByOlderRenderer(
      'orders-infra',
      olderRenderWithRecord,
    );
    const action = createAction();
    const input = { repoUrl: `${github.host}?owner=acme&repo=orders-infra` };
    const first = await run(action, input, { workspace: 'again-1' });
    const firstHead = git(bare, 'rev-parse', 'skyforge/upgrade');

    const second = await run(action, input, { workspace: 'again-2' });
    const pulls = github.pullRequests.filter(
      pull => pull.repo === 'orders-infra',
    );
    expect(pulls).toHaveLength(1);
    expect(second.outputs.pullRequestNumber).toBe(
      first.outputs.pullRequestNumber,
    );
    expect(git(bare, 'rev-parse', 'skyforge/upgrade')).toBe(firstHead);

    // The owner merges other work into main; the next run rebases the upgrade onto it.
    const files = await readBranch(bare, 'main');
    const newMain = await commitTree({
      bare,
      branch: 'main',
      files: { ...files, 'docs/runbook.md': `${ownerRunbook}\nMore.\n` },
      message: 'Extend the runbook',
    });
    const third = await run(action, input, { workspace: 'again-3' });
    expect(third.outputs.pullRequestNumber).toBe(
      first.outputs.pullRequestNumber,
    );
    expect(
      github.pullRequests.filter(pull => pull.repo === 'orders-infra'),
    ).toHaveLength(1);
    expect(git(bare, 'rev-parse', 'skyforge/upgrade^')).toBe(newMain);
    expect(
      (await readBranch(bare, 'skyforge/upgrade'))['docs/runbook.md'],
    ).toBe(`${ownerRunbook}\nMore.\n`);
  });

  it('keeps every differing file of a repository rendered before the record existed, in a folder of the repository', async () => {
    const legacy = Object.fromEntries(
      Object.entries(olderRender).map(([file, content]) => [
        `platform/${file}`,
        content,
      ]),
    );
    const bare = await github.createRepository('acme', 'ledger-infra');
    await commitTree({
      bare,
      branch: 'main',
      files: { ...legacy, 'README.md': '# Ledger\n' },
      message: 'Initial commit',
    });
    const { outputs } = await run(
      createAction(),
      {
        repoUrl: `${github.host}?owner=acme&repo=ledger-infra`,
        stackPath: 'platform',
      },
      { workspace: 'legacy' },
    );
    const expected = newRender();
    const differing = Object.keys(olderRender)
      .filter(
        file =>
          file !== 'skyforge.yaml' &&
          expected[file] !== undefined &&
          expected[file] !== olderRender[file],
      )
      .sort();
    expect(differing.length).toBeGreaterThan(0);
    expect(
      outputs.conflicts.map((conflict: { path: string }) => conflict.path),
    ).toEqual(differing);
    expect(
      outputs.conflicts.every(
        (conflict: { reason: string }) => conflict.reason === 'unrecorded',
      ),
    ).toBe(true);
    expect(outputs.removed).toEqual([]);
    const pull = github.pullRequests.find(
      candidate => candidate.repo === 'ledger-infra',
    )!;
    expect(pull.body).toContain(
      `acme/ledger-infra has no ${RENDER_RECORD_PATH}`,
    );
    const branch = await readBranch(bare, 'skyforge/upgrade');
    expect(branch[`platform/${RENDER_RECORD_PATH}`]).toBe(
      expected[RENDER_RECORD_PATH],
    );
    expect(branch['README.md']).toBe('# Ledger\n');
    for (const file of differing) {
      expect(branch[`platform/${file}`]).toBe(olderRender[file]);
    }
  });

  it('in dry run reads the repository and writes the files the pull request would change, and opens nothing', async () => {
    await repositoryRenderedByOlderRenderer(
      'search-infra',
      olderRenderWithRecord,
    );
    const requestsBefore = github.requests.length;
    const { ctx, outputs } = await run(
      createAction(),
      { repoUrl: `${github.host}?owner=acme&repo=search-infra` },
      { workspace: 'dry-run', isDryRun: true },
    );
    expect(
      github.requests
        .slice(requestsBefore)
        .filter(entry => entry.method !== 'GET'),
    ).toEqual([]);
    expect(
      github.pullRequests.filter(pull => pull.repo === 'search-infra'),
    ).toEqual([]);
    expect(outputs.pullRequestUrl).toBeUndefined();
    const expected = newRender();
    const workspace = await readDirectoryTree(ctx.workspacePath);
    expect(Object.keys(workspace).sort()).toEqual(
      [...outputs.added, ...outputs.changed].sort(),
    );
    for (const [file, content] of Object.entries(workspace)) {
      expect(content).toBe(expected[file]);
    }
  });

  it('reports a repository that is already up to date without opening a pull request', async () => {
    const bare = await github.createRepository('acme', 'current-infra');
    await commitTree({
      bare,
      branch: 'main',
      files: newRender(),
      message: 'Rendered by the current renderer',
    });
    const { outputs } = await run(
      createAction(),
      { repoUrl: `${github.host}?owner=acme&repo=current-infra` },
      { workspace: 'current' },
    );
    expect(outputs).toMatchObject({
      upToDate: true,
      added: [],
      changed: [],
      removed: [],
      conflicts: [],
    });
    expect(
      github.pullRequests.filter(pull => pull.repo === 'current-infra'),
    ).toEqual([]);
  });

  it('never overwrites an upgrade branch someone else pushed to', async () => {
    const { bare } = await repositoryRenderedByOlderRenderer(
      'pushed-infra',
      olderRenderWithRecord,
    );
    const action = createAction();
    const input = { repoUrl: `${github.host}?owner=acme&repo=pushed-infra` };
    await run(action, input, { workspace: 'pushed-1' });
    const files = await readBranch(bare, 'skyforge/upgrade');
    await commitTree({
      bare,
      branch: 'skyforge/upgrade',
      files: { ...files, Makefile: 'fixed by hand\n' },
      message: 'Fix the Makefile in the upgrade',
    });
    // main moves, so the upgrade would have to rebuild the branch.
    await commitTree({
      bare,
      branch: 'main',
      files: { ...(await readBranch(bare, 'main')), 'docs/more.md': 'more\n' },
      message: 'More docs',
    });
    const rejected = run(action, input, { workspace: 'pushed-2' });
    await expect(rejected).rejects.toThrow(ConflictError);
    await expect(run(action, input, { workspace: 'pushed-3' })).rejects.toThrow(
      'Branch "skyforge/upgrade" of acme/pushed-infra has a commit Skyforge did not make',
    );
    expect((await readBranch(bare, 'skyforge/upgrade')).Makefile).toBe(
      'fixed by hand\n',
    );
  });

  describe('refuses what it cannot upgrade, naming why', () => {
    it('an entity without the skyforge.io/stack annotation', async () => {
      const entity = registeredComponent(github.baseUrl, 'payments-infra');
      delete entity.metadata.annotations!['skyforge.io/stack'];
      await expect(
        run(
          createAction([entity]),
          { entityRef: 'component:default/payments-api' },
          { workspace: 'no-annotation' },
        ),
      ).rejects.toThrow(
        'component:default/payments-api has no skyforge.io/stack annotation',
      );
    });

    it('an entity registered from a file', async () => {
      const entity = registeredComponent(github.baseUrl, 'payments-infra');
      entity.metadata.annotations!['backstage.io/managed-by-location'] =
        'file:/tmp/catalog-info.yaml';
      await expect(
        run(
          createAction([entity]),
          { entityRef: 'component:default/payments-api' },
          { workspace: 'file-location' },
        ),
      ).rejects.toThrow('was registered from "file:/tmp/catalog-info.yaml"');
    });

    it('an entity the catalog does not have, and neither or both of entityRef and repoUrl', async () => {
      const action = createAction();
      await expect(
        run(
          action,
          { entityRef: 'component:default/nope' },
          { workspace: 'x' },
        ),
      ).rejects.toThrow('No entity component:default/nope in the catalog');
      await expect(run(action, {}, { workspace: 'x' })).rejects.toThrow(
        InputError,
      );
    });

    it("a run without the user's token where scaffolder.requireScmUserCredentials is on", async () => {
      await expect(
        run(
          createUpgradeActionFor({ github, requireScmUserCredentials: true }),
          { repoUrl: `${github.host}?owner=acme&repo=payments-infra` },
          { workspace: 'no-token' },
        ),
      ).rejects.toThrow('scaffolder.requireScmUserCredentials is enabled');
    });

    it('a repository without skyforge.yaml, and a skyforge.yaml that is not a valid StackSpec', async () => {
      const bare = await github.createRepository('acme', 'plain');
      await commitTree({
        bare,
        branch: 'main',
        files: { 'README.md': '# Plain\n' },
        message: 'Initial commit',
      });
      const action = createAction();
      const input = { repoUrl: `${github.host}?owner=acme&repo=plain` };
      await expect(run(action, input, { workspace: 'plain' })).rejects.toThrow(
        'acme/plain has no skyforge.yaml on main',
      );
      await commitTree({
        bare,
        branch: 'main',
        files: {
          'skyforge.yaml': olderRender['skyforge.yaml'].replace(
            'size: small',
            'size: huge',
          ),
        },
        message: 'Grow',
      });
      await expect(run(action, input, { workspace: 'plain' })).rejects.toThrow(
        'skyforge.yaml of acme/plain is not a valid StackSpec: spec.size: must be one of small, medium, large',
      );
      // A stack still on a Kubernetes version past standard support is not upgraded silently onto
      // another one: the owner chooses (EKS upgrades one minor version at a time).
      await commitTree({
        bare,
        branch: 'main',
        files: { 'skyforge.yaml': frozenOlderRender['skyforge.yaml'] },
        message: 'Back to the first render',
      });
      await expect(run(action, input, { workspace: 'plain' })).rejects.toThrow(
        'skyforge.yaml of acme/plain is not a valid StackSpec: spec.cluster.kubernetesVersion: 1.33 left EKS standard support on 2026-07-29',
      );
      expect(github.pullRequests.filter(pull => pull.repo === 'plain')).toEqual(
        [],
      );
    });
  });
});
