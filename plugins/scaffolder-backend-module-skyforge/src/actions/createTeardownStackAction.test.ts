import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import {
  frozenOlderRender,
  newRender,
  pushOlderStackRepository,
  registeredComponent,
} from '../__testUtils__/olderStackRepository';
import {
  startGitHubDouble,
  type GitHubDouble,
} from '../__testUtils__/startGitHubDouble';
import { createTeardownStackAction } from './createTeardownStackAction';
import { examples } from './createTeardownStackAction.examples';

jest.setTimeout(60_000);

type TeardownContext = Parameters<
  ReturnType<typeof createTeardownStackAction>['handler']
>[0];

describe('skyforge:stack:teardown against a GitHub double (recorded REST responses, real git repositories)', () => {
  const mockDir = createMockDirectory();
  let github: GitHubDouble;

  beforeAll(async () => {
    github = await startGitHubDouble({
      gitRoot: mockDir.resolve('git'),
      token: 'test-token',
    });
    await pushOlderStackRepository({
      github,
      repo: 'payments-infra',
      rendered: newRender(),
    });
    // Rendered by renderer 0.1.0, before teardown existed: no destroy workflow, and a Kubernetes
    // version that has since left standard support (which must not keep it from being read).
    await pushOlderStackRepository({
      github,
      repo: 'payments-old',
      rendered: frozenOlderRender,
    });
  });
  afterAll(() => github?.stop());
  beforeEach(() => github.workflowDispatches.splice(0));

  function setup(repo = 'payments-infra') {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: async () => registeredComponent(github.baseUrl, repo),
      getLocationByEntity: async () => ({
        id: 'location-1',
        entityRef: 'location:default/generated-1',
        type: 'url',
        target: `${github.baseUrl}/acme/${repo}/blob/main/catalog-info.yaml`,
      }),
    });
    const auditor = mockServices.auditor.mock();
    const config = mockServices.rootConfig({
      data: {
        integrations: {
          github: [
            {
              host: github.host,
              apiBaseUrl: github.apiBaseUrl,
              token: github.token,
            },
          ],
        },
      },
    });
    const action = createTeardownStackAction({
      integrations: ScmIntegrations.fromConfig(config),
      catalog,
      config,
      auditor,
    });
    const run = async (
      input: Record<string, unknown>,
      isDryRun = false,
    ): Promise<Record<string, unknown>> => {
      const ctx = {
        ...createMockActionContext({
          input: input as never,
          workspacePath: mockDir.resolve('workspace'),
        }),
        isDryRun,
      } as unknown as TeardownContext;
      await action.handler(ctx);
      return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
    };
    return { catalog, auditor, run };
  }

  it('runs its examples: starts the destroy workflow, and the second unregisters the stack', async () => {
    const { catalog, run } = setup();
    const [first, second] = examples.map(
      example => yaml.parse(example.example).steps[0].input,
    );
    await run({
      ...first,
      entityRef: 'component:default/payments-api',
      environment: 'dev',
      cloud: 'aws',
      confirm: 'payments-api/dev/aws',
    });
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
    const outputs = await run(second);
    expect(github.workflowDispatches.map(dispatch => dispatch.inputs)).toEqual([
      {
        environment: 'dev',
        cloud: 'aws',
        confirm: 'payments-api/dev/aws',
        bootstrap: 'false',
      },
      {
        environment: 'prod',
        cloud: 'aws',
        confirm: 'payments-api/prod/aws',
        bootstrap: 'true',
      },
    ]);
    expect(outputs).toEqual({
      repository: 'acme/payments-infra',
      workflowUrl: `https://${github.host}/acme/payments-infra/actions/workflows/destroy.yaml`,
      unregistered: `url:${github.baseUrl}/acme/payments-infra/blob/main/catalog-info.yaml`,
    });
    // With the user's credentials: the catalog's permissions decide.
    expect(catalog.removeLocationById).toHaveBeenCalledWith('location-1', {
      credentials: expect.anything(),
    });
  });

  it('records the teardown as an auditor event', async () => {
    const { auditor, run } = setup();
    await run({
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      cloud: 'aws',
      confirm: 'payments-api/staging/aws',
    });
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'stack-teardown',
      severityLevel: 'medium',
      meta: expect.objectContaining({ dryRun: false }),
    });
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        repository: 'acme/payments-infra',
        branch: 'main',
        environment: 'staging',
        cloud: 'aws',
        bootstrap: false,
        unregister: false,
        outcome: 'dispatched',
      },
    });
  });

  it('refuses, naming the field, and starts nothing: a wrong confirmation, an unknown environment, a stack without the workflow', async () => {
    const input = {
      entityRef: 'component:default/payments-api',
      environment: 'prod',
      cloud: 'aws',
      confirm: 'payments-api/prod/aws',
    };
    const { auditor, run } = setup();
    await expect(run({ ...input, confirm: 'yes' })).rejects.toThrow(
      'confirm must be exactly payments-api/prod/aws',
    );
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.fail).toHaveBeenCalled();
    await expect(run({ ...input, environment: 'qa' })).rejects.toThrow(
      `environment must be one of the stack's environments (dev, staging, prod), got "qa"`,
    );
    await expect(setup('payments-old').run(input)).rejects.toThrow(
      'acme/payments-old has no .github/workflows/destroy.yaml on main: it was rendered before teardown existed; upgrade the stack first',
    );
    expect(github.workflowDispatches).toEqual([]);
  });

  it('dry-runs without starting a run or unregistering', async () => {
    const { catalog, run } = setup();
    const outputs = await run(
      {
        entityRef: 'component:default/payments-api',
        environment: 'prod',
        cloud: 'aws',
        confirm: 'payments-api/prod/aws',
        unregister: true,
      },
      true,
    );
    expect(outputs.workflowUrl).toContain('/actions/workflows/destroy.yaml');
    expect(github.workflowDispatches).toEqual([]);
    expect(catalog.removeLocationById).not.toHaveBeenCalled();
  });
});
