import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { AwsCostExplorerSource } from './AwsCostExplorerSource';

const FIXTURES = path.resolve(
  __dirname,
  '../../__fixtures__/aws-cost-explorer',
);
const pages = [1, 2].map(n =>
  fs.readFileSync(
    path.join(FIXTURES, `get-cost-and-usage-page-${n}.json`),
    'utf8',
  ),
);

/**
 * Cost Explorer's JSON 1.1 protocol on loopback: throttles the first `throttle` calls the way the
 * API does (HTTP 400, `LimitExceededException`), then serves the recorded-format pages by
 * `NextPageToken`. Records every request body.
 */
async function startCostExplorerDouble(options: { throttle?: number } = {}) {
  const bodies: Array<Record<string, unknown>> = [];
  let throttle = options.throttle ?? 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSInsightsIndexService.GetCostAndUsage') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
        return;
      }
      const body = JSON.parse(text);
      bodies.push(body);
      if (throttle > 0) {
        throttle -= 1;
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': 'throttled',
        });
        res.end(
          JSON.stringify({
            __type:
              'com.amazonaws.awsinsightsindexservice#LimitExceededException',
            Message: 'You have exceeded the rate limit.',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(body.NextPageToken ? pages[1] : pages[0]);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function collect(source: AwsCostExplorerSource) {
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

describe('AwsCostExplorerSource (real Cost Explorer client against a double serving recorded-format responses)', () => {
  const waits: number[] = [];
  const wait = async (ms: number) => {
    waits.push(ms);
  };
  const credentials = {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  };

  it('pages through daily costs grouped by tag and service, backing off when throttled', async () => {
    const double = await startCostExplorerDouble({ throttle: 2 });
    try {
      const { rows, logger } = await collect(
        new AwsCostExplorerSource({
          id: 'ce',
          endpoint: double.endpoint,
          tags: { environment: 'prod' },
          wait,
          ...credentials,
        }),
      );
      expect(rows).toEqual([
        {
          date: '2024-11-04',
          amount: '41.2830125491',
          billedAmount: '43.9',
          currency: 'USD',
          provider: 'AWS',
          service: 'Amazon Elastic Compute Cloud - Compute',
          tags: { environment: 'prod', 'skyforge-component': 'payments-api' },
        },
        expect.objectContaining({
          service: 'Amazon Relational Database Service',
          amount: '12.0000004998',
        }),
        expect.objectContaining({
          service: 'AWS Key Management Service',
          tags: { environment: 'prod' },
        }),
        expect.objectContaining({
          date: '2024-11-05',
          amount: '40.9166674002',
        }),
        expect.objectContaining({
          amount: '0.7712345',
          tags: { environment: 'prod', 'skyforge-component': 'checkout' },
        }),
      ]);
      // Two throttled attempts, then page 1 and page 2.
      expect(double.bodies).toHaveLength(4);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeLessThanOrEqual(1000);
      expect(waits[1]).toBeLessThanOrEqual(2000);
      expect(double.bodies[0]).toEqual({
        TimePeriod: { Start: '2024-11-04', End: '2024-11-06' },
        Granularity: 'DAILY',
        Metrics: ['AmortizedCost', 'UnblendedCost'],
        GroupBy: [
          { Type: 'TAG', Key: 'skyforge-component' },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
        Filter: {
          Tags: {
            Key: 'environment',
            Values: ['prod'],
            MatchOptions: ['EQUALS'],
          },
        },
      });
      expect(double.bodies[3].NextPageToken).toBe(
        'AAMA-EFRSURBSGlCQ2pjd0tpS2dBVkc2K0xDT0ZBM2Nx',
      );
      expect(logger.info).toHaveBeenCalledWith(
        'Cost Explorer: 4 request(s) for 2024-11-04..2024-11-05, about $0.04 at $0.01 per request',
      );
    } finally {
      await double.close();
    }
  });

  it('gives up after the attempts of its policy, naming the error and never the secret key', async () => {
    const double = await startCostExplorerDouble({ throttle: 10 });
    try {
      const failure = collect(
        new AwsCostExplorerSource({
          id: 'ce',
          endpoint: double.endpoint,
          retry: { maxAttempts: 3 },
          wait,
          ...credentials,
        }),
      );
      const error = await failure.then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toMatch(
        /Cost Explorer GetCostAndUsage \(page 1\) failed after 3 attempts: You have exceeded the rate limit/,
      );
      expect(error?.message).not.toContain(credentials.secretAccessKey);
    } finally {
      await double.close();
    }
  });

  it('is configured with at most two groupings', () => {
    const source = (options: object) =>
      AwsCostExplorerSource.fromConfig(
        new ConfigReader({ id: 'ce', type: 'aws-cost-explorer', options }),
      );
    expect(source({}).lookbackDays).toBe(14);
    expect(() =>
      source({ groupBy: ['skyforge-component', 'environment', 'owner'] }),
    ).toThrow(/must list 1 to 2 groupings/);
    expect(() => source({ groupBy: ['dimension:USAGE_TYPE'] })).toThrow(
      /use tag:<key> or dimension:<SERVICE\|REGION\|LINKED_ACCOUNT>/,
    );
  });
});
