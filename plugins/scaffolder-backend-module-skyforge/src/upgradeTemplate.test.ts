import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { RENDERER_VERSION } from '@skyforge/stack-renderer';
import request from 'supertest';
import {
  newRender,
  olderRenderWithRecord,
  ownerCatalogInfo,
  pushOlderStackRepository,
} from './__testUtils__/olderStackRepository';
import { readBranch } from './__testUtils__/commitTree';
import {
  startGitHubDouble,
  type GitHubDouble,
} from './__testUtils__/startGitHubDouble';
import { startScaffolderTestBackend } from './__testUtils__/startScaffolderTestBackend';
import { dryRunFiles, dryRunTemplate } from './__testUtils__/templateDryRun';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(120_000);

describe('the "Upgrade a Skyforge stack" template through the real scaffolder and catalog, against a GitHub double (recorded REST responses, real git repositories)', () => {
  const mockDir = createMockDirectory();
  const authorization = mockCredentials.user.header();
  let github: GitHubDouble;
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;
  let bare: string;

  beforeAll(async () => {
    github = await startGitHubDouble({
      gitRoot: mockDir.resolve('git'),
      token: 'test-token',
    });
    ({ bare } = await pushOlderStackRepository({
      github,
      repo: 'payments-infra',
      rendered: olderRenderWithRecord,
    }));
    backend = await startScaffolderTestBackend({
      workingDirectory: mockDir.resolve('work'),
      github,
    });
    // Registered the way catalog:register did when the stack was created: from its GitHub URL,
    // read back through the GitHub integration from the double.
    const registered = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', authorization)
      .send({
        type: 'url',
        target: `${github.baseUrl}/acme/payments-infra/blob/main/catalog-info.yaml`,
      });
    if (registered.status !== 201) {
      throw new Error(
        `Registering the stack failed: ${registered.status} ${JSON.stringify(
          registered.body,
        )}`,
      );
    }
    await waitFor('the Component and the template in the catalog', async () => {
      const responses = await Promise.all(
        [
          'component/default/payments-api',
          'template/default/skyforge-upgrade-stack',
        ].map(name =>
          request(backend.server)
            .get(`/api/catalog/entities/by-name/${name}`)
            .set('Authorization', authorization),
        ),
      );
      return responses.every(response => response.status === 200)
        ? true
        : undefined;
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await github?.stop();
  });

  it('dry-runs: reads the repository, shows the files the pull request would change, and writes nothing to GitHub', async () => {
    const before = github.requests.length;
    const response = await dryRunTemplate({
      server: backend.server,
      template: 'upgrade-stack',
      values: { component: 'component:default/payments-api' },
    });
    expect({ status: response.status, errors: response.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    const expected = newRender();
    const files = dryRunFiles(response.body);
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['COST.md', 'skyforge.yaml', 'README.md']),
    );
    expect(Object.keys(files)).not.toContain('catalog-info.yaml');
    for (const [file, content] of Object.entries(files)) {
      expect(content).toBe(expected[file]);
    }
    const log = response.body.log
      .map((entry: { body: { message: string } }) => entry.body.message)
      .join('\n');
    expect(log).toContain(
      `Dry run: would propose renderer 0.1.0 → ${RENDERER_VERSION}:`,
    );
    expect(response.body.output.text[0].content).toContain(
      '- `catalog-info.yaml`: edited by hand since the last render; the new render changes it',
    );
    expect(
      github.requests.slice(before).filter(entry => entry.method !== 'GET'),
    ).toEqual([]);
    expect(github.pullRequests).toEqual([]);
  });

  it('runs a task that opens the pull request, and a second task that updates it', async () => {
    const runTask = async () => {
      const created = await request(backend.server)
        .post('/api/scaffolder/v2/tasks')
        .set('Authorization', authorization)
        .send({
          templateRef: 'template:default/skyforge-upgrade-stack',
          values: { component: 'component:default/payments-api' },
        });
      expect(created.status).toBe(201);
      const task = await waitFor('the task to finish', async () => {
        const response = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', authorization);
        return ['completed', 'failed', 'cancelled'].includes(
          response.body.status,
        )
          ? response.body
          : undefined;
      });
      const events = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', authorization);
      expect({
        status: task.status,
        log: events.body
          .map((event: { body: { message?: string } }) => event.body.message)
          .filter(Boolean),
      }).toMatchObject({ status: 'completed' });
      return events.body.find(
        (event: { type: string }) => event.type === 'completion',
      ).body.output;
    };

    const output = await runTask();
    expect(github.pullRequests).toHaveLength(1);
    const [pullRequest] = github.pullRequests;
    expect(output.links).toEqual([
      {
        title: 'Pull request',
        url: `${github.baseUrl}/acme/payments-infra/pull/${pullRequest.number}`,
      },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'component:default/payments-api',
      },
    ]);
    expect(output.text[0].content).toBe(pullRequest.body);
    expect(await readBranch(bare, 'skyforge/upgrade')).toEqual(
      expect.objectContaining({
        ...newRender(),
        'catalog-info.yaml': ownerCatalogInfo,
      }),
    );

    await runTask();
    expect(github.pullRequests).toHaveLength(1);
  });
});
