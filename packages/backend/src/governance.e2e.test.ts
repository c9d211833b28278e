import { resolve } from 'node:path';
import {
  guestIdentity,
  startBackend,
  waitFor,
  type RunningBackend,
} from './__testUtils__/startBackend';

// Roll-ups read the catalog and the demo cluster; a loaded machine needs more than 5 s.
jest.setTimeout(60_000);

/**
 * Boots the real backend with the repository's app-config.yaml — the example permission policy
 * and actions configuration `make start` runs — signs in through the guest provider, once as a
 * member of the payments team and once as a member of the platform team (the admin group), and
 * reads cost, health and the actions registry over HTTP.
 */

const backendDir = resolve(__dirname, '..');
/** Owned by the platform team, so not the payments team's to read. */
const PLATFORMS_COMPONENT = 'default/component/prime-manager-drive';
/** Owned by payments; one of its parts, payments-cluster-prod, is the platform team's. */
const PAYMENTS_SYSTEM = 'default/system/payments';

/** Signs in as the configured guest user once the catalog knows them (so their groups resolve). */
async function signIn(backend: RunningBackend, userEntityRef: string) {
  return waitFor({
    what: `${userEntityRef}'s sign-in with their groups`,
    attempt: async () => {
      const { token, identity } = await guestIdentity(backend.baseUrl);
      expect(identity.userEntityRef).toBe(userEntityRef);
      // The sign-in resolver adds the user's groups once the User entity is in the catalog.
      return identity.ownershipEntityRefs.some(ref => ref.startsWith('group:'))
        ? token
        : undefined;
    },
    timeoutMs: 90_000,
    backend,
  });
}

function client(backend: RunningBackend, token: string) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  return {
    get: (path: string) =>
      fetch(`${backend.baseUrl}${path}`, { headers }).then(async r => ({
        status: r.status,
        body: await r.json(),
      })),
    post: (path: string, body: unknown) =>
      fetch(`${backend.baseUrl}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      }).then(async r => ({ status: r.status, body: await r.json() })),
  };
}

type Client = ReturnType<typeof client>;

/** Waits until start-up ingestion has stored the FOCUS sample. */
async function waitForCost(backend: RunningBackend, api: Client) {
  await waitFor({
    what: 'the cost of bright-path-matrix',
    attempt: async () => {
      const { status, body } = await api.get(
        '/api/skyforge/v1/entities/default/component/bright-path-matrix/cost',
      );
      return status === 200 && body.currencies.length > 0 ? true : undefined;
    },
    timeoutMs: 90_000,
    backend,
  });
}

const invoke = (api: Client, plugin: string, action: string, input: object) =>
  api.post(
    `/api/${plugin}/.backstage/actions/v1/actions/${plugin}:${action}/invoke`,
    input,
  );

describe('governance (real backend, the example policy of make start)', () => {
  describe('as a member of the payments team', () => {
    let backend: RunningBackend;
    let api: Client;

    beforeAll(async () => {
      backend = await startBackend({ backendDir });
      api = client(backend, await signIn(backend, 'user:default/guest'));
      await waitForCost(backend, api);
    }, 240_000);

    afterAll(() => backend?.stop());

    it("gets 403 on another team's component, and a roll-up without it", async () => {
      for (const aspect of ['cost', 'health']) {
        const denied = await api.get(
          `/api/skyforge/v1/entities/${PLATFORMS_COMPONENT}/${aspect}`,
        );
        expect(denied.status).toBe(403);
        expect(denied.body.error.name).toBe('NotAllowedError');
      }
      // The payments System's cost leaves out its clusters (payments-cluster-prod and the demo
      // cluster), which are the platform team's ...
      const cost = await api.get(
        `/api/skyforge/v1/entities/${PAYMENTS_SYSTEM}/cost`,
      );
      expect(cost.status).toBe(200);
      expect(cost.body.hiddenCount).toBe(2);
      // ... while a cluster's health is every signed-in user's to read (the example policy).
      const health = await api.get(
        `/api/skyforge/v1/entities/${PAYMENTS_SYSTEM}/health`,
      );
      expect(health.status).toBe(200);
      expect(health.body.hiddenCount).toBe(0);
    });

    it('lists the three Skyforge actions in the actions registry and over MCP', async () => {
      const names = async (plugin: string) =>
        (
          await api.get(`/api/${plugin}/.backstage/actions/v1/actions`)
        ).body.actions.map((action: { id: string }) => action.id);
      expect(await names('skyforge')).toEqual([
        'skyforge:get-entity-cost',
        'skyforge:get-entity-health',
      ]);
      // Only estimate-stack of the scaffolder's actions: app-config's backend.actions.filter.
      expect(await names('scaffolder')).toEqual(['scaffolder:estimate-stack']);

      const mcp = await fetch(`${backend.baseUrl}/api/mcp-actions/v1`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${
            (
              await guestIdentity(backend.baseUrl)
            ).token
          }`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(mcp.status).toBe(200);
      // The streamable HTTP transport answers as server-sent events.
      const message = (await mcp.text())
        .split('\n')
        .find(line => line.startsWith('data: '))!
        .slice('data: '.length);
      const tools = JSON.parse(message).result.tools as Array<{
        name: string;
        inputSchema: { type: string };
      }>;
      // MCP tool names are namespaced by plugin (mcp-actions' default).
      expect(tools.map(tool => tool.name).sort()).toEqual([
        'scaffolder.estimate-stack',
        'skyforge.get-entity-cost',
        'skyforge.get-entity-health',
      ]);
      expect(tools.every(tool => tool.inputSchema.type === 'object')).toBe(
        true,
      );
    });

    it('calls get-entity-cost and get-entity-health with the caller’s permissions', async () => {
      const cost = await invoke(api, 'skyforge', 'get-entity-cost', {
        entityRef: 'component:default/bright-path-matrix',
      });
      expect(cost.status).toBe(200);
      expect(cost.body.output).toMatchObject({
        entityRef: 'component:default/bright-path-matrix',
        to: '2024-09-30',
        hiddenCount: 0,
        currencies: [
          {
            currency: 'USD',
            monthToDate: 16,
            budget: { monthly: 20, status: 'ok' },
            top: [{ key: 'Amazon Elastic Compute Cloud', amount: 16 }],
          },
        ],
      });

      const health = await invoke(api, 'skyforge', 'get-entity-health', {
        entityRef: 'payments-api',
      });
      expect(health.status).toBe(200);
      expect(health.body.output).toMatchObject({
        entityRef: 'component:default/payments-api',
        view: 'workloads',
        status: expect.stringMatching(/^(healthy|degraded|unhealthy|unknown)$/),
      });

      for (const action of ['get-entity-cost', 'get-entity-health']) {
        const denied = await invoke(api, 'skyforge', action, {
          entityRef: 'component:default/prime-manager-drive',
        });
        expect(denied.status).toBe(403);
      }
      const bad = await invoke(api, 'skyforge', 'get-entity-cost', {
        entityRef: 'component:',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('Invalid input "entityRef"');
    });

    it('calls estimate-stack with form values, and refuses a bad field naming it', async () => {
      const estimate = await invoke(api, 'scaffolder', 'estimate-stack', {
        name: 'ledger',
        owner: 'group:default/payments',
        clouds: ['aws'],
        region: 'eu-west-1',
        environments: ['dev', 'prod'],
        size: 'small',
        image: 'ghcr.io/acme/ledger:1.0.0',
        budget: 2500,
      });
      expect(estimate.status).toBe(200);
      expect(estimate.body.output).toMatchObject({
        currency: 'USD',
        monthly: expect.any(Number),
        byEnvironment: [
          { environment: 'dev', monthly: expect.any(Number) },
          { environment: 'prod', monthly: expect.any(Number) },
        ],
        budget: { monthly: 2500, currency: 'USD' },
      });
      expect(estimate.body.output.monthly).toBeGreaterThan(0);

      const bad = await invoke(api, 'scaffolder', 'estimate-stack', {
        name: 'ledger',
        owner: 'group:default/payments',
        clouds: ['aws'],
        region: 'mars-north-1',
        environments: ['dev'],
        image: 'ghcr.io/acme/ledger:1.0.0',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /spec\.regions.*\(input "region"\)/,
      );
    });
  });

  describe('as a member of the platform team (skyforge.policy.adminGroups)', () => {
    let backend: RunningBackend;
    let api: Client;

    beforeAll(async () => {
      backend = await startBackend({
        backendDir,
        extraConfig: [
          'auth:',
          '  providers:',
          '    guest:',
          '      userEntityRef: user:default/ada',
        ],
      });
      api = client(backend, await signIn(backend, 'user:default/ada'));
      await waitForCost(backend, api);
    }, 240_000);

    afterAll(() => backend?.stop());

    it('sees every part', async () => {
      for (const aspect of ['cost', 'health']) {
        expect(
          (
            await api.get(
              `/api/skyforge/v1/entities/${PLATFORMS_COMPONENT}/${aspect}`,
            )
          ).status,
        ).toBe(200);
        const rollUp = await api.get(
          `/api/skyforge/v1/entities/${PAYMENTS_SYSTEM}/${aspect}`,
        );
        expect(rollUp.status).toBe(200);
        expect(rollUp.body.hiddenCount).toBe(0);
      }
      expect((await api.get('/api/skyforge/v1/cost/sources')).status).toBe(200);
      const cost = await invoke(api, 'skyforge', 'get-entity-cost', {
        entityRef: 'component:default/prime-manager-drive',
      });
      expect(cost.status).toBe(200);
    });
  });
});
