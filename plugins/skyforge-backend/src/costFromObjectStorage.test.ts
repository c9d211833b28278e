import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  CostSourceStatus,
  EntityCostResponse,
} from '@skyforge/plugin-skyforge-common';
import request from 'supertest';
import { skyforgePlugin } from './plugin';
import { parseAmountNanos } from './util/money';
import {
  FocusTestRecord,
  focusCsvGzip,
  focusParquet,
} from './__testUtils__/focusFiles';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  AzureEmulator,
  S3Emulator,
  startAzureEmulator,
  startS3Emulator,
} from './__testUtils__/storageEmulators';

jest.setTimeout(180_000);

/** Hourly rows of November 2024 for one component with awkward amounts (11 decimals). */
function monthOfRows(component: string, seed: number): FocusTestRecord[] {
  const rows: FocusTestRecord[] = [];
  for (let day = 1; day <= 30; day++) {
    for (let hour = 0; hour < 24; hour++) {
      const n = (day * 24 + hour) * seed;
      rows.push({
        ChargePeriodStart: `2024-11-${String(day).padStart(2, '0')}T${String(
          hour,
        ).padStart(2, '0')}:00:00Z`,
        EffectiveCost: `${n % 7}.${String((n * 7919) % 99999999999).padStart(
          11,
          '0',
        )}`,
        ServiceName:
          hour % 2
            ? 'Amazon Elastic Compute Cloud'
            : 'Amazon Relational Database Service',
        Tags: { 'skyforge-component': component, environment: 'prod' },
      });
    }
  }
  return rows;
}

/** A file's total in cents, rounded half away from zero, from its decimal text alone. */
function cents(records: FocusTestRecord[]): number {
  const nanos = records.reduce(
    (sum, record) => sum + parseAmountNanos(record.EffectiveCost)!,
    0n,
  );
  return Number((nanos + 5_000_000n) / 10_000_000n);
}

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team',
    system: 'shop',
  },
  relations: [{ type: 'partOf', targetRef: 'system:default/shop' }],
});

describe('the running backend ingests FOCUS exports from s3rver (S3) and Azurite (Azure Blob)', () => {
  let s3: S3Emulator;
  let azure: AzureEmulator;
  // AWS: one Parquet file and one gzip CSV file of the same billing period, both in the manifest.
  const awsParquet = monthOfRows('payments-api', 3).slice(0, 400);
  const awsGzip = monthOfRows('payments-api', 3).slice(400);
  // Azure: the latest run holds a Parquet part and a gzip CSV part.
  const azureParquet = monthOfRows('checkout', 5).slice(0, 360);
  const azureGzip = monthOfRows('checkout', 5).slice(360);
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    [s3, azure] = await Promise.all([
      startS3Emulator(['billing']),
      startAzureEmulator(['cost-exports']),
    ]);
    const data = 'focus/skyforge-focus/data/BILLING_PERIOD=2024-11';
    await s3.put(
      'billing',
      `${data}/skyforge-focus-00001.snappy.parquet`,
      await focusParquet(awsParquet),
    );
    await s3.put(
      'billing',
      `${data}/skyforge-focus-00002.csv.gz`,
      focusCsvGzip(awsGzip),
    );
    await s3.put(
      'billing',
      'focus/skyforge-focus/metadata/BILLING_PERIOD=2024-11/skyforge-focus-Manifest.json',
      JSON.stringify({
        dataFiles: [
          `s3://billing/${data}/skyforge-focus-00001.snappy.parquet`,
          `s3://billing/${data}/skyforge-focus-00002.csv.gz`,
        ],
      }),
    );

    const run = 'focus/skyforge-focus/20241101-20241130/6c2b1e0f';
    await azure.put(
      'cost-exports',
      `${run}/part_0_0001.snappy.parquet`,
      await focusParquet(azureParquet, { tags: 'json' }),
    );
    await azure.put(
      'cost-exports',
      `${run}/part_1_0001.csv.gz`,
      focusCsvGzip(azureGzip),
    );
    await azure.put(
      'cost-exports',
      `${run}/manifest.json`,
      JSON.stringify({
        exportConfig: { exportName: 'skyforge-focus', type: 'FocusCost' },
        runInfo: {
          submittedTime: '2024-12-01T03:00:00Z',
          startDate: '2024-11-01T00:00:00',
          endDate: '2024-11-30T00:00:00',
        },
        blobs: [
          { blobName: `${run}/part_0_0001.snappy.parquet` },
          { blobName: `${run}/part_1_0001.csv.gz` },
        ],
      }),
    );

    ({ server } = await startTestBackend({
      features: [
        skyforgePlugin,
        mockServices.rootConfig.factory({
          data: {
            skyforge: {
              cost: {
                sources: [
                  {
                    id: 'focus-aws',
                    type: 'focus',
                    options: {
                      location: 's3://billing/focus/skyforge-focus',
                      layout: 'aws-data-exports',
                      s3: {
                        endpoint: s3.endpoint,
                        forcePathStyle: true,
                        accessKeyId: s3.accessKeyId,
                        secretAccessKey: s3.secretAccessKey,
                      },
                    },
                  },
                  {
                    id: 'focus-azure',
                    type: 'focus',
                    options: {
                      location: `azure://${AZURITE_ACCOUNT}/cost-exports/focus/skyforge-focus`,
                      layout: 'azure-cost-exports',
                      azure: {
                        endpoint: azure.endpoint,
                        accountKey: AZURITE_KEY,
                      },
                    },
                  },
                ],
              },
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            component('payments-api'),
            component('checkout'),
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: { name: 'shop', namespace: 'default' },
              spec: { owner: 'team' },
              relations: [
                {
                  type: 'hasPart',
                  targetRef: 'component:default/payments-api',
                },
                { type: 'hasPart', targetRef: 'component:default/checkout' },
              ],
            },
          ],
        }),
      ],
    }));
    // Ingestion runs at start-up on the scheduler; wait for both sources.
    for (let attempt = 0; attempt < 600; attempt++) {
      const { body } = await request(server).get(
        '/api/skyforge/v1/cost/sources',
      );
      const sources: CostSourceStatus[] = body.sources;
      if (sources.some(source => source.lastError)) {
        throw new Error(JSON.stringify(sources));
      }
      if (sources.every(source => source.lastSuccessAt)) {
        return;
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('ingestion did not finish');
  });

  afterAll(async () => {
    await Promise.all([s3?.stop(), azure?.stop()]);
  });

  async function total(ref: string): Promise<number> {
    const response = await request(server).get(
      `/api/skyforge/v1/entities/default/${ref}/cost?from=2024-11-01&to=2024-11-30`,
    );
    expect(response.status).toBe(200);
    const body: EntityCostResponse = response.body;
    expect(body.currencies.map(c => c.currency)).toEqual(['USD']);
    return Math.round(body.currencies[0].total * 100);
  }

  it('serves totals equal to the files to the cent', async () => {
    expect(await total('component/payments-api')).toBe(
      cents([...awsParquet, ...awsGzip]),
    );
    expect(await total('component/checkout')).toBe(
      cents([...azureParquet, ...azureGzip]),
    );
    expect(await total('system/shop')).toBe(
      cents([...awsParquet, ...awsGzip, ...azureParquet, ...azureGzip]),
    );
  });
});
