import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { OpenCostSource } from './OpenCostSource';

const FIXTURES = path.resolve(__dirname, '../../__fixtures__/opencost');
const recorded = {
  week: fs.readFileSync(
    path.join(FIXTURES, 'allocation-example-output.json'),
    'utf8',
  ),
  twoDays: fs.readFileSync(
    path.join(FIXTURES, 'allocation-compute-example-from-swagger.json'),
    'utf8',
  ),
};

/**
 * A stand-in for OpenCost's API on a free loopback port: it answers `/allocation` with recorded
 * responses (one per window day, alternating) and records each request it saw.
 */
async function startOpenCostDouble(options: { failOnDay?: string } = {}) {
  const requests: URL[] = [];
  const authorizations: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    authorizations.push(req.headers.authorization);
    if (url.pathname !== '/allocation') {
      res.writeHead(404).end();
      return;
    }
    const day = url.searchParams.get('window')?.slice(0, 10);
    if (day === options.failOnDay) {
      res
        .writeHead(500, { 'content-type': 'text/plain' })
        .end('prometheus unreachable');
      return;
    }
    const body =
      Number(day?.slice(8, 10)) % 2 === 0 ? recorded.week : recorded.twoDays;
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    authorizations,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function collect(
  source: OpenCostSource,
  window: { from?: string; to: string },
) {
  const rows: CostRow[] = [];
  for await (const row of source.ingest({
    window,
    logger: mockServices.logger.mock(),
  })) {
    rows.push(row);
  }
  return rows;
}

describe('OpenCostSource', () => {
  it('ingests daily allocations against a local OpenCost double serving recorded responses', async () => {
    const double = await startOpenCostDouble();
    try {
      const source = OpenCostSource.fromConfig(
        new ConfigReader({
          id: 'opencost-prod',
          type: 'opencost',
          options: {
            baseUrl: `${double.baseUrl}/`,
            cluster: 'payments-prod',
            aggregate: 'namespace',
            tags: { environment: 'prod' },
            region: 'us-east-1',
            provider: 'AWS',
            token: 'secret-token',
          },
        }),
      );
      const rows = await collect(source, {
        from: '2024-09-01',
        to: '2024-09-02',
      });

      expect(
        double.requests.map(url => Object.fromEntries(url.searchParams)),
      ).toEqual([
        {
          window: '2024-09-01T00:00:00Z,2024-09-02T00:00:00Z',
          aggregate: 'namespace',
          accumulate: 'true',
        },
        {
          window: '2024-09-02T00:00:00Z,2024-09-03T00:00:00Z',
          aggregate: 'namespace',
          accumulate: 'true',
        },
      ]);
      expect(double.authorizations).toEqual([
        'Bearer secret-token',
        'Bearer secret-token',
      ]);
      // 2024-09-01 (odd) got the swagger example, 2024-09-02 the website example.
      expect(rows.map(r => [r.date, r.tags.namespace, r.amount])).toEqual([
        ['2024-09-01', 'kube-system', 0.425469],
        ['2024-09-01', 'opencost', 0.030644],
        ['2024-09-01', 'prometheus', 0],
        ['2024-09-02', 'kube-system', 1.52743],
        ['2024-09-02', 'opencost', 0.10937],
        ['2024-09-02', 'prometheus', 0.14136],
      ]);
      expect(rows[3]).toEqual({
        date: '2024-09-02',
        amount: 1.52743,
        currency: 'USD',
        provider: 'AWS',
        service: 'Kubernetes workloads',
        serviceCategory: 'Compute',
        region: 'us-east-1',
        subAccount: 'payments-prod',
        resourceId: 'payments-prod/kube-system',
        tags: {
          namespace: 'kube-system',
          'skyforge-component': 'kube-system',
          'kubernetes-cluster': 'payments-prod',
          environment: 'prod',
        },
      });
    } finally {
      await double.close();
    }
  });

  it('aggregates by the entity label by default and covers lookbackDays', async () => {
    const double = await startOpenCostDouble();
    try {
      const source = new OpenCostSource({
        id: 'oc',
        baseUrl: double.baseUrl,
        cluster: 'c1',
        lookbackDays: 3,
      });
      const rows = await collect(source, { to: '2024-09-10' });
      expect(
        double.requests.map(u => u.searchParams.get('window')!.slice(0, 10)),
      ).toEqual(['2024-09-08', '2024-09-09', '2024-09-10']);
      expect(double.requests[0].searchParams.get('aggregate')).toBe(
        'label:backstage.io/kubernetes-id',
      );
      expect(rows[0].tags).toMatchObject({
        'backstage.io/kubernetes-id': 'kube-system',
        'skyforge-component': 'kube-system',
      });
    } finally {
      await double.close();
    }
  });

  it('fails the run on an error answer, without leaking the token', async () => {
    const double = await startOpenCostDouble({ failOnDay: '2024-09-02' });
    try {
      const source = new OpenCostSource({
        id: 'oc',
        baseUrl: double.baseUrl,
        cluster: 'c1',
        token: 'secret-token',
      });
      const error = await collect(source, {
        from: '2024-09-01',
        to: '2024-09-03',
      }).catch(e => e);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toBe(
        "OpenCost for cluster 'c1' answered 500 Internal Server Error for 2024-09-02",
      );
      expect(error.message).not.toContain('secret-token');
    } finally {
      await double.close();
    }
  });
});
