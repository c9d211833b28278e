import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import selfsigned from 'selfsigned';
import { AzureCostManagementSource } from './AzureCostManagementSource';

const FIXTURES = path.resolve(
  __dirname,
  '../../__fixtures__/azure-cost-management',
);
const SCOPE = '/subscriptions/00000000-0000-0000-0000-000000000000';
const QUERY_PATH = `${SCOPE}/providers/Microsoft.CostManagement/query`;

/**
 * Azure Resource Manager's Cost Management query endpoint over HTTPS on loopback (a certificate
 * made for the test): rate-limits the first `throttle` requests with 429 and the
 * `x-ms-ratelimit-microsoft.costmanagement-*-retry-after` header the API sends, then serves the
 * recorded-format pages, the second one through the first one's `nextLink`.
 */
async function startCostManagementDouble(options: { throttle?: number } = {}) {
  const certificate = selfsigned.generate(
    [{ name: 'commonName', value: '127.0.0.1' }],
    {
      days: 1,
      keySize: 2048,
      extensions: [
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    },
  );
  const requests: Array<{ url: string; authorization?: string; body: any }> =
    [];
  let throttle = options.throttle ?? 0;
  let origin = '';
  const server = https.createServer(
    { key: certificate.private, cert: certificate.cert },
    (req, res) => {
      let text = '';
      req.on('data', chunk => (text += chunk));
      req.on('end', () => {
        const url = new URL(`${origin}${req.url ?? '/'}`);
        requests.push({
          url: `${url.pathname}${url.search}`,
          authorization: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        });
        if (req.method !== 'POST' || url.pathname !== QUERY_PATH) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                code: 'NotFound',
                message: `Not found: ${req.method} ${url.pathname}`,
              },
            }),
          );
          return;
        }
        if (throttle > 0) {
          throttle -= 1;
          res.writeHead(429, {
            'content-type': 'application/json',
            'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after': '2',
            'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after': '7',
          });
          res.end(
            JSON.stringify({
              error: {
                code: '429',
                message: 'Too many requests. Please retry.',
              },
            }),
          );
          return;
        }
        const second = url.searchParams.has('$skiptoken');
        const page = fs
          .readFileSync(
            path.join(FIXTURES, `query-page-${second ? 2 : 1}.json`),
            'utf8',
          )
          .replace(
            '__NEXT_LINK__',
            `${origin}${QUERY_PATH}?api-version=2022-10-01&$skiptoken=AQAAAA%3D%3D`,
          );
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(page);
      });
    },
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint: origin,
    agent: new https.Agent({ ca: certificate.cert }),
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

const credential = {
  getToken: async () => ({
    token: 'test-access-token',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

async function collect(source: AzureCostManagementSource) {
  const logger = mockServices.logger.mock();
  const rows: CostRow[] = [];
  for await (const batch of source.ingest({
    window: { from: '2024-11-04', to: '2024-11-05' },
    logger,
  })) {
    rows.push(...batch);
  }
  return { rows, logger };
}

// The real Azure SDK client and an HTTPS double: seconds on a busy machine, not jest's default 5.
jest.setTimeout(30_000);

describe('AzureCostManagementSource (real Cost Management client against an HTTPS double serving recorded-format responses)', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
  };

  it('pages through daily costs grouped by tag and service, waiting as long as a 429 asks', async () => {
    const double = await startCostManagementDouble({ throttle: 1 });
    try {
      const { rows, logger } = await collect(
        new AzureCostManagementSource({
          id: 'azure',
          scope: SCOPE,
          tags: { environment: 'prod' },
          endpoint: double.endpoint,
          agent: double.agent,
          credential,
          wait,
        }),
      );
      expect(rows).toEqual([
        {
          date: '2024-11-04',
          amount: 27.4105812304,
          currency: 'EUR',
          provider: 'Microsoft',
          service: 'Virtual Machines',
          tags: { environment: 'prod', 'skyforge-component': 'checkout' },
        },
        expect.objectContaining({ service: 'Azure Database for PostgreSQL' }),
        expect.objectContaining({
          service: 'Azure Monitor',
          tags: { environment: 'prod' },
        }),
        expect.objectContaining({ date: '2024-11-05', amount: 27.3512 }),
      ]);
      expect(waits).toEqual([7000]);
      expect(double.requests).toHaveLength(3);
      expect(double.requests[0].authorization).toBe('Bearer test-access-token');
      expect(double.requests[0].body).toEqual({
        type: 'AmortizedCost',
        timeframe: 'Custom',
        timePeriod: {
          from: '2024-11-04T00:00:00.000Z',
          to: '2024-11-05T23:59:59.000Z',
        },
        dataset: {
          granularity: 'Daily',
          aggregation: { totalCost: { name: 'Cost', function: 'Sum' } },
          grouping: [
            { type: 'TagKey', name: 'skyforge-component' },
            { type: 'Dimension', name: 'ServiceName' },
          ],
          filter: {
            tags: { name: 'environment', operator: 'In', values: ['prod'] },
          },
        },
      });
      // The next page: the nextLink, with the same body.
      expect(double.requests[2].url).toContain('$skiptoken=');
      expect(double.requests[2].body).toEqual(double.requests[0].body);
      expect(double.requests[2].authorization).toBe('Bearer test-access-token');
      expect(logger.info).toHaveBeenCalledWith(
        `Cost Management: 3 request(s) for 2024-11-04..2024-11-05 at ${SCOPE}`,
      );
    } finally {
      await double.close();
    }
  });

  it('gives up after the attempts of its policy, never showing the client secret', async () => {
    const double = await startCostManagementDouble({ throttle: 10 });
    try {
      const failure = collect(
        new AzureCostManagementSource({
          id: 'azure',
          scope: SCOPE,
          endpoint: double.endpoint,
          agent: double.agent,
          credential,
          clientSecret: 'Zx8Q~not-a-real-secret~value',
          retry: { maxAttempts: 2 },
          wait,
        }),
      );
      const error = await failure.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(
        /Cost Management query \(page 1\) failed after 2 attempts: Too many requests/,
      );
      expect(error?.message).not.toContain('not-a-real-secret');
    } finally {
      await double.close();
    }
  });

  it('is configured with at most one tag grouping', () => {
    const source = (options: object) =>
      AzureCostManagementSource.fromConfig(
        new ConfigReader({
          id: 'azure',
          type: 'azure-cost-management',
          options: { scope: SCOPE, ...options },
        }),
      );
    expect(source({}).lookbackDays).toBe(14);
    expect(() =>
      source({ groupBy: ['skyforge-component', 'environment'] }),
    ).toThrow(/may hold one tag key/);
    expect(() => source({ costType: 'Usage' })).toThrow(
      /must be AmortizedCost or ActualCost/,
    );
  });
});
