import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SkyforgeClient } from './SkyforgeClient';

const baseUrl = 'http://127.0.0.1:7007/api/skyforge';

function setup(response: Response) {
  const discoveryApi: DiscoveryApi = {
    getBaseUrl: jest.fn(async (pluginId: string) =>
      pluginId === 'skyforge' ? baseUrl : 'http://wrong',
    ),
  };
  const fetch = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response,
  );
  const fetchApi: FetchApi = { fetch: fetch as FetchApi['fetch'] };
  return { client: new SkyforgeClient({ discoveryApi, fetchApi }), fetch };
}

const body = {
  entityRef: 'component:default/payments-api',
  from: '2025-02-06',
  to: '2025-03-07',
  granularity: 'day',
  groupBy: 'environment',
  selectors: [],
  currencies: [],
  sources: [],
};

describe('SkyforgeClient', () => {
  it('requests the entity cost with the query through fetchApi', async () => {
    const { client, fetch } = setup(
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await expect(
      client.getEntityCost({
        entityRef: {
          kind: 'Component',
          namespace: 'Default',
          name: 'payments-api',
        },
        from: '2025-02-06',
        to: '2025-03-07',
        granularity: 'day',
        groupBy: 'environment',
      }),
    ).resolves.toEqual(body);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/entities/default/component/payments-api/cost?from=2025-02-06&to=2025-03-07&granularity=day&groupBy=environment`,
    );
  });

  it('encodes path segments and leaves out unset query fields', async () => {
    const { client, fetch } = setup(new Response(JSON.stringify(body)));
    await client.getEntityCost({
      entityRef: { kind: 'group', namespace: 'team a', name: 'ops/infra' },
    });
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/entities/team%20a/group/ops%2Finfra/cost`,
    );
  });

  it('turns error responses into ResponseError with the server message', async () => {
    const { client } = setup(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: 'No entity named "component:default/nope"',
          },
          request: {
            method: 'GET',
            url: '/v1/entities/default/component/nope/cost',
          },
          response: { statusCode: 404 },
        }),
        {
          status: 404,
          statusText: 'Not Found',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    const error = await client
      .getEntityCost({
        entityRef: { kind: 'component', namespace: 'default', name: 'nope' },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.name).toBe('NotFoundError');
    expect(error.cause.message).toBe(
      'No entity named "component:default/nope"',
    );
  });

  it('maps a non-JSON failure too', async () => {
    const { client } = setup(
      new Response('upstream timed out', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    const error = await client
      .getEntityCost({
        entityRef: { kind: 'component', namespace: 'default', name: 'x' },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
  });

  it('requests the entity health through fetchApi', async () => {
    const health = {
      entityRef: 'component:default/payments-api',
      view: 'workloads',
      status: 'healthy',
      reasons: [],
      clusters: [],
      generatedAt: '2025-03-07T12:00:00.000Z',
    };
    const { client, fetch } = setup(
      new Response(JSON.stringify(health), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await expect(
      client.getEntityHealth({
        entityRef: {
          kind: 'Component',
          namespace: 'Default',
          name: 'payments-api',
        },
      }),
    ).resolves.toEqual(health);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/entities/default/component/payments-api/health`,
    );
  });

  it('turns a failed health request into ResponseError', async () => {
    const { client } = setup(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Missing permission' },
          request: { method: 'GET', url: '/health' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    const error = await client
      .getEntityHealth({
        entityRef: { kind: 'component', namespace: 'default', name: 'x' },
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.name).toBe('NotAllowedError');
  });

  it('requests the fleet with its filters', async () => {
    const fleet = { clusters: [], owners: [], clouds: [], generatedAt: 'x' };
    const { client, fetch } = setup(
      new Response(JSON.stringify(fleet), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await expect(
      client.getFleet({ owner: 'group:default/platform', cloud: 'aws' }),
    ).resolves.toEqual(fleet);
    expect(fetch.mock.calls[0][0]).toBe(
      `${baseUrl}/v1/fleet?owner=group%3Adefault%2Fplatform&cloud=aws`,
    );
  });

  it('posts the form values to the stack check and rejects a 400 with the field error', async () => {
    const report = {
      passed: true,
      findings: [],
      skipped: [],
      terraformFiles: 30,
      overlays: [],
    };
    const { client, fetch } = setup(new Response(JSON.stringify(report)));
    await expect(client.checkStack({ name: 'payments-api' })).resolves.toEqual(
      report,
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${baseUrl}/v1/stack-checks`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ name: 'payments-api' });

    const refused = setup(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: "Invalid form values: 'size'" },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    const error = await refused.client.checkStack({}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toContain("'size'");
  });
});
