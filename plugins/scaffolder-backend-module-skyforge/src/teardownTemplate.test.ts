import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  newRender,
  pushOlderStackRepository,
} from './__testUtils__/olderStackRepository';
import {
  startGitHubDouble,
  type GitHubDouble,
} from './__testUtils__/startGitHubDouble';
import { startScaffolderTestBackend } from './__testUtils__/startScaffolderTestBackend';
import { dryRunTemplate } from './__testUtils__/templateDryRun';
import { waitFor } from './__testUtils__/waitFor';

jest.setTimeout(120_000);

const COMPONENT = 'component:default/payments-api';

describe('the "Tear down a Skyforge stack" template through the real scaffolder and catalog, against a GitHub double (recorded REST responses, real git repositories)', () => {
  const mockDir = createMockDirectory();
  const authorization = mockCredentials.user.header();
  let github: GitHubDouble;
  let backend: Awaited<ReturnType<typeof startScaffolderTestBackend>>;

  const componentStatus = async () =>
    (
      await request(backend.server)
        .get('/api/catalog/entities/by-name/component/default/payments-api')
        .set('Authorization', authorization)
    ).status;

  /** Runs the template as a task; returns its status and log. */
  const runTask = async (values: Record<string, unknown>) => {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', authorization)
      .send({
        templateRef: 'template:default/skyforge-teardown-stack',
        values,
      });
    expect(created.status).toBe(201);
    const task = await waitFor('the task to finish', async () => {
      const response = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
        .set('Authorization', authorization);
      return ['completed', 'failed', 'cancelled'].includes(response.body.status)
        ? response.body
        : undefined;
    });
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', authorization);
    return {
      status: task.status as string,
      log: events.body
        .map((event: { body: { message?: string } }) => event.body.message)
        .filter(Boolean)
        .join('\n') as string,
      output: events.body.find(
        (event: { type: string }) => event.type === 'completion',
      )?.body.output,
    };
  };

  beforeAll(async () => {
    github = await startGitHubDouble({
      gitRoot: mockDir.resolve('git'),
      token: 'test-token',
    });
    // A stack rendered by this renderer: its repository has .github/workflows/destroy.yaml.
    await pushOlderStackRepository({
      github,
      repo: 'payments-infra',
      rendered: newRender(),
    });
    backend = await startScaffolderTestBackend({
      workingDirectory: mockDir.resolve('work'),
      github,
    });
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
          'template/default/skyforge-teardown-stack',
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

  it('dry-runs: reads the stack, checks the confirmation, and starts nothing', async () => {
    const before = github.requests.length;
    const response = await dryRunTemplate({
      server: backend.server,
      template: 'teardown-stack',
      values: {
        component: COMPONENT,
        environment: 'prod',
        cloud: 'aws',
        confirm: 'payments-api/prod/aws',
        bootstrap: true,
        unregister: true,
      },
    });
    expect({ status: response.status, errors: response.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
    const log = response.body.log
      .map((entry: { body: { message: string } }) => entry.body.message)
      .join('\n');
    expect(log).toContain(
      'Dry run: would start destroy.yaml of acme/payments-infra (main) for prod/aws, ending with the bootstrap steps, then unregister the stack',
    );
    expect(response.body.output.links).toEqual([
      {
        title: 'Destroy runs (approve the new one)',
        url: `https://${github.host}/acme/payments-infra/actions/workflows/destroy.yaml`,
      },
    ]);
    expect(
      github.requests.slice(before).filter(entry => entry.method !== 'GET'),
    ).toEqual([]);
    expect(github.workflowDispatches).toEqual([]);
    expect(await componentStatus()).toBe(200);
  });

  it('refuses a confirmation that does not name the stack, environment and cloud, and an environment the stack lacks', async () => {
    const wrong = await runTask({
      component: COMPONENT,
      environment: 'prod',
      cloud: 'aws',
      confirm: 'payments-api/dev/aws',
    });
    expect(wrong.status).toBe('failed');
    expect(wrong.log).toContain(
      'confirm must be exactly payments-api/prod/aws to destroy prod/aws of payments-api',
    );
    const otherCloud = await runTask({
      component: COMPONENT,
      environment: 'prod',
      cloud: 'gcp',
      confirm: 'payments-api/prod/gcp',
    });
    expect(otherCloud.status).toBe('failed');
    expect(otherCloud.log).toContain(
      `cloud must be one of the stack's clouds (aws), got "gcp"`,
    );
    expect(github.workflowDispatches).toEqual([]);
  });

  it('starts the destroy workflow with the inputs its rendered file declares, then unregisters the stack', async () => {
    const task = await runTask({
      component: COMPONENT,
      environment: 'staging',
      cloud: 'aws',
      confirm: 'payments-api/staging/aws',
      unregister: true,
    });
    expect({ status: task.status, log: task.log }).toMatchObject({
      status: 'completed',
    });
    // The double accepts a dispatch only when destroy.yaml on that ref declares exactly these inputs.
    expect(github.workflowDispatches).toEqual([
      {
        owner: 'acme',
        repo: 'payments-infra',
        workflow: 'destroy.yaml',
        ref: 'main',
        inputs: {
          environment: 'staging',
          cloud: 'aws',
          confirm: 'payments-api/staging/aws',
          bootstrap: 'false',
        },
      },
    ]);
    expect(task.log).toContain('Unregistered url:');
    expect(await componentStatus()).toBe(404);
  });
});
