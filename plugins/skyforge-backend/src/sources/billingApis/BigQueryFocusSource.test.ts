import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import {
  BigQueryFocusSource,
  BigQueryFocusSourceOptions,
  bigQueryFocusQuery,
} from './BigQueryFocusSource';

const FIXTURES = path.resolve(__dirname, '../../__fixtures__/bigquery');
const fixture = (name: string) =>
  fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
const PROJECT = 'skyforge-billing';

/**
 * The BigQuery REST endpoints a query job uses, on loopback: `jobs.insert` (rate-limited first,
 * as BigQuery does: 403 `rateLimitExceeded`), then `getQueryResults`, answering "still running"
 * once and then the two recorded-format pages by `pageToken`.
 */
async function startBigQueryDouble() {
  const requests: Array<{
    method: string;
    url: URL;
    body?: any;
    authorization?: string;
  }> = [];
  let insertsToRefuse = 1;
  let stillRunning = 1;
  let jobId = '';
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({
        method: req.method ?? '',
        url,
        body: text ? JSON.parse(text) : undefined,
        authorization: req.headers.authorization,
      });
      const json = (status: number, body: string) => {
        res.writeHead(status, {
          'content-type': 'application/json; charset=UTF-8',
        });
        res.end(body);
      };
      if (
        req.method === 'POST' &&
        url.pathname === `/bigquery/v2/projects/${PROJECT}/jobs`
      ) {
        if (insertsToRefuse > 0) {
          insertsToRefuse -= 1;
          json(
            403,
            JSON.stringify({
              error: {
                code: 403,
                message:
                  'Exceeded rate limits: too many api requests per user per method for this user_method. For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas',
                errors: [
                  {
                    message: 'Exceeded rate limits',
                    domain: 'usageLimits',
                    reason: 'rateLimitExceeded',
                  },
                ],
                status: 'PERMISSION_DENIED',
              },
            }),
          );
          return;
        }
        // BigQuery keeps the job id the client chose.
        const job = JSON.parse(fixture('jobs-insert'));
        job.jobReference = {
          ...job.jobReference,
          ...JSON.parse(text).jobReference,
        };
        jobId = job.jobReference.jobId;
        json(200, JSON.stringify(job));
        return;
      }
      if (
        req.method === 'GET' &&
        url.pathname === `/bigquery/v2/projects/${PROJECT}/queries/${jobId}`
      ) {
        if (stillRunning > 0) {
          stillRunning -= 1;
          json(200, fixture('query-results-running'));
          return;
        }
        json(
          200,
          fixture(
            url.searchParams.has('pageToken')
              ? 'query-results-page-2'
              : 'query-results-page-1',
          ),
        );
        return;
      }
      json(
        404,
        JSON.stringify({
          error: { code: 404, message: `Not found: ${url.pathname}` },
        }),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** A stand-in for Google's auth client: a fixed access token, no metadata server. */
const authClient = {
  getRequestHeaders: async () => ({ Authorization: 'Bearer test-token' }),
} as unknown as BigQueryFocusSourceOptions['authClient'];

describe('BigQueryFocusSource (real BigQuery client against a double serving recorded-format responses)', () => {
  it('runs the day × tag aggregation in BigQuery and pages out its groups, retrying a rate limit', async () => {
    const double = await startBigQueryDouble();
    const waits: number[] = [];
    try {
      const logger = mockServices.logger.mock();
      const rows: CostRow[] = [];
      for await (const batch of new BigQueryFocusSource({
        id: 'gcp',
        table: 'skyforge-billing.billing_export.focus_v1',
        projectId: PROJECT,
        location: 'EU',
        apiEndpoint: double.endpoint,
        authClient,
        wait: async ms => {
          waits.push(ms);
        },
      }).ingest({ window: { from: '2024-11-04', to: '2024-11-05' }, logger })) {
        rows.push(...batch);
      }
      expect(rows).toEqual([
        {
          date: '2024-11-04',
          amount: '52.118223101237',
          billedAmount: '55.3',
          currency: 'USD',
          provider: 'Google Cloud',
          service: 'Compute Engine',
          serviceCategory: 'Compute',
          region: 'europe-west1',
          subAccount: 'skyforge-payments-prod',
          tags: {
            'skyforge-component': 'payments-api',
            'skyforge-system': 'payments',
            environment: 'prod',
            owner: 'payments',
            'skyforge-capability': 'kubernetes-cluster',
            'kubernetes-cluster': 'payments-prod',
          },
          rowCount: 96,
        },
        expect.objectContaining({
          service: 'Cloud SQL',
          tags: expect.not.objectContaining({
            'kubernetes-cluster': expect.anything(),
          }),
        }),
        expect.objectContaining({ date: '2024-11-05', amount: '51.9' }),
      ]);
      expect(waits).toHaveLength(1);

      const [, insert, running, page1, page2] = double.requests;
      expect(insert.authorization).toBe('Bearer test-token');
      const query = insert.body.configuration.query;
      expect(query.query).toBe(
        bigQueryFocusQuery('skyforge-billing.billing_export.focus_v1', [
          'skyforge-component',
          'skyforge-system',
          'environment',
          'owner',
          'skyforge-capability',
          'kubernetes-cluster',
        ]),
      );
      expect(query.maximumBytesBilled).toBe('10000000000');
      expect(query.queryParameters).toEqual([
        {
          name: 'from_day',
          parameterType: { type: 'DATE' },
          parameterValue: { value: '2024-11-04' },
        },
        {
          name: 'to_day',
          parameterType: { type: 'DATE' },
          parameterValue: { value: '2024-11-05' },
        },
      ]);
      expect(running.url.searchParams.get('pageToken')).toBeNull();
      expect(page1.url.searchParams.get('pageToken')).toBeNull();
      expect(page2.url.searchParams.get('pageToken')).toBe(
        'BEDW2JSXQIAQAAASAUIIBAEAAUNAICAKCAFCBMFOCU======',
      );
      expect(logger.info).toHaveBeenCalledWith(
        'BigQuery: 1 query job and 2 result page(s) for 2024-11-04..2024-11-05 from skyforge-billing.billing_export.focus_v1',
      );
    } finally {
      await double.close();
    }
  });

  it('pushes the aggregation into SQL over the FOCUS view, reading tags from its JSON', () => {
    const sql = bigQueryFocusQuery('p.d.focus', [
      'skyforge-component',
      'environment',
    ]);
    expect(sql).toContain(
      `JSON_VALUE(Tags, '$."skyforge-component"') AS tag_0`,
    );
    expect(sql).toContain(
      'CAST(SUM(CAST(EffectiveCost AS BIGNUMERIC)) AS STRING) AS amount',
    );
    expect(sql).toContain('FROM `p.d.focus`');
    expect(sql).toContain(
      'GROUP BY day, currency, provider, service, service_category, region, sub_account, tag_0, tag_1',
    );
    expect(() => bigQueryFocusQuery('p.d.x; DROP TABLE y', [])).toThrow(
      /is not a BigQuery table name/,
    );
  });

  it('is configured from skyforge.cost.sources entries', () => {
    const config = (options: object) =>
      new ConfigReader({ id: 'gcp', type: 'bigquery', options });
    expect(
      BigQueryFocusSource.fromConfig(config({ table: 'p.d.v', projectId: 'p' }))
        .lookbackDays,
    ).toBe(35);
    expect(() =>
      BigQueryFocusSource.fromConfig(
        config({ table: 'p.d.v', projectId: 'p', maximumBytesBilled: '10GB' }),
      ),
    ).toThrow(/must be a whole number of bytes/);
  });
});
