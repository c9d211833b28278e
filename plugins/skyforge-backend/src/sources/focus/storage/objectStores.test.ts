import { mockServices } from '@backstage/backend-test-utils';
import type { CostRow } from '@skyforge/plugin-skyforge-node';
import { parseAmountNanos } from '../../../util/money';
import { FocusCostSource, FocusCostSourceOptions } from '../FocusCostSource';
import {
  FocusTestRecord,
  focusCsvGzip,
  focusParquet,
} from '../../../__testUtils__/focusFiles';
import { GcsJsonApiDouble } from '../../../__testUtils__/GcsJsonApiDouble';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  AzureEmulator,
  S3Emulator,
  startAzureEmulator,
  startS3Emulator,
} from '../../../__testUtils__/storageEmulators';

jest.setTimeout(120_000);

function dayRecords(day: string, app: string, cost: string): FocusTestRecord[] {
  return Array.from({ length: 24 }, (_, hour) => ({
    ChargePeriodStart: `${day}T${String(hour).padStart(2, '0')}:00:00Z`,
    EffectiveCost: cost,
    Tags: { 'skyforge-component': app, environment: 'prod' },
  }));
}

/** CSV: each cost rounded to nano-units, then summed. */
function totalNanos(records: FocusTestRecord[]): bigint {
  return records.reduce(
    (sum, record) => sum + parseAmountNanos(record.EffectiveCost)!,
    0n,
  );
}

/** Parquet decimals: summed exactly, the day's sum rounded to nano-units once. */
function exactDayNanos(records: FocusTestRecord[]): bigint {
  const picos = records.reduce((sum, record) => {
    const [whole, fraction = ''] = record.EffectiveCost.split('.');
    return sum + BigInt(`${whole}${fraction.padEnd(12, '0').slice(0, 12)}`);
  }, 0n);
  return (picos + 500n) / 1000n;
}

async function ingest(
  options: Omit<FocusCostSourceOptions, 'id' | 'workingDirectory'>,
): Promise<CostRow[]> {
  const source = new FocusCostSource({
    id: 'test',
    workingDirectory: '/',
    threads: 2,
    ...options,
  });
  const rows: CostRow[] = [];
  for await (const batch of source.ingest({
    window: { to: '2030-01-01' },
    logger: mockServices.logger.mock(),
  })) {
    rows.push(...batch);
  }
  return rows;
}

function rowNanos(rows: CostRow[]): bigint {
  return rows.reduce((sum, row) => sum + parseAmountNanos(row.amount)!, 0n);
}

describe('FOCUS exports in S3 (s3rver: the S3 REST protocol on loopback)', () => {
  let s3: S3Emulator;
  const november = dayRecords('2024-11-03', 'payments-api', '0.1234567891');
  const december = dayRecords('2024-12-01', 'payments-api', '2.5');
  const root = 'focus/skyforge-focus';

  beforeAll(async () => {
    s3 = await startS3Emulator(['billing']);
    const parquet = await focusParquet(november);
    const gzip = focusCsvGzip(december);
    const novemberKey = `${root}/data/BILLING_PERIOD=2024-11/20241104T0130Z-run/skyforge-focus-00001.snappy.parquet`;
    await s3.put('billing', novemberKey, parquet);
    // An older "create new" delivery the manifest no longer lists.
    await s3.put(
      'billing',
      `${root}/data/BILLING_PERIOD=2024-11/20241103T0130Z-run/skyforge-focus-00001.csv.gz`,
      focusCsvGzip(dayRecords('2024-11-03', 'payments-api', '99')),
    );
    await s3.put(
      'billing',
      `${root}/metadata/BILLING_PERIOD=2024-11/skyforge-focus-Manifest.json`,
      JSON.stringify({ dataFiles: [`s3://billing/${novemberKey}`] }),
    );
    const decemberKey = `${root}/data/BILLING_PERIOD=2024-12/skyforge-focus-00001.csv.gz`;
    await s3.put('billing', decemberKey, gzip);
    await s3.put(
      'billing',
      `${root}/metadata/BILLING_PERIOD=2024-12/skyforge-focus-Manifest.json`,
      JSON.stringify({ dataFiles: [`s3://billing/${decemberKey}`] }),
    );
  });
  afterAll(async () => {
    await s3?.stop();
  });

  const settings = () => ({
    s3: {
      endpoint: s3.endpoint,
      forcePathStyle: true,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
  });

  it('reads a Parquet and a gzip CSV delivery of an AWS Data Exports export, the manifest files only', async () => {
    const rows = await ingest({
      location: `s3://billing/${root}`,
      layout: 'aws-data-exports',
      stores: settings(),
    });
    expect(rowNanos(rows)).toBe(exactDayNanos(november) + totalNanos(december));
    expect(rows.reduce((sum, row) => sum + (row.rowCount ?? 1), 0)).toBe(48);
  });

  it('reads prefixes and globs', async () => {
    const gzipOnly = await ingest({
      location: `s3://billing/${root}/data/**/*.csv.gz`,
      stores: settings(),
    });
    expect(rowNanos(gzipOnly)).toBe(
      totalNanos(december) + totalNanos(dayRecords('2024-11-03', 'x', '99')),
    );
    const everything = await ingest({
      location: `s3://billing/${root}/data/BILLING_PERIOD=2024-12`,
      stores: settings(),
    });
    expect(rowNanos(everything)).toBe(totalNanos(december));
  });

  it('fails with the S3 error and never the secret key', async () => {
    const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const failure = ingest({
      location: `s3://billing/${root}`,
      layout: 'aws-data-exports',
      stores: {
        s3: {
          ...settings().s3,
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey,
        },
      },
    });
    const error = await failure.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/Access Key Id/i);
    expect(JSON.stringify({ ...error, message: error?.message })).not.toContain(
      secretAccessKey,
    );
  });
});

describe('FOCUS exports in Azure Blob Storage (Azurite, the Azure Storage emulator)', () => {
  let azure: AzureEmulator;
  const older = dayRecords('2024-11-05', 'checkout', '9');
  const latest = dayRecords('2024-11-05', 'checkout', '1.0000000005');
  const base = 'focus/skyforge-focus/20241101-20241130';

  const upload = async (
    run: string,
    submittedTime: string,
    records: FocusTestRecord[],
    format: 'parquet' | 'csv.gz',
  ) => {
    const name = `${base}/${run}/part_0_0001.${
      format === 'parquet' ? 'snappy.parquet' : 'csv.gz'
    }`;
    await azure.put(
      'cost-exports',
      name,
      format === 'parquet'
        ? await focusParquet(records, { tags: 'json' })
        : focusCsvGzip(records),
    );
    await azure.put(
      'cost-exports',
      `${base}/${run}/manifest.json`,
      JSON.stringify({
        exportConfig: { exportName: 'skyforge-focus', type: 'FocusCost' },
        deliveryConfig: { partitionData: true, fileFormat: format },
        runInfo: {
          executionType: 'Scheduled',
          submittedTime,
          runId: run,
          startDate: '2024-11-01T00:00:00',
          endDate: '2024-11-30T00:00:00',
        },
        blobs: [{ blobName: name, byteCount: 1 }],
      }),
    );
  };

  beforeAll(async () => {
    azure = await startAzureEmulator(['cost-exports']);
    await upload('3f1e2a7c', '2024-11-06T02:11:09.1234567Z', older, 'csv.gz');
    await upload('9b0c4d21', '2024-11-07T02:09:51.7654321Z', latest, 'parquet');
  });
  afterAll(async () => {
    await azure?.stop();
  });

  it('reads only the latest run of the billing period', async () => {
    const rows = await ingest({
      location: `azure://${AZURITE_ACCOUNT}/cost-exports/focus/skyforge-focus`,
      layout: 'azure-cost-exports',
      stores: { azure: { endpoint: azure.endpoint, accountKey: AZURITE_KEY } },
    });
    expect(rowNanos(rows)).toBe(exactDayNanos(latest));
    expect(
      rows.every(row => row.tags['skyforge-component'] === 'checkout'),
    ).toBe(true);
  });

  it('fails with the storage error and never the account key', async () => {
    const accountKey = Buffer.from('not the azurite key at all').toString(
      'base64',
    );
    const failure = ingest({
      location: `azure://${AZURITE_ACCOUNT}/cost-exports/focus`,
      layout: 'azure-cost-exports',
      stores: { azure: { endpoint: azure.endpoint, accountKey } },
    });
    const error = await failure.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/authoriz|signature/i);
    expect(error?.message).not.toContain(accountKey);
  });
});

describe('FOCUS files in Google Cloud Storage (a GCS JSON API double: objects.list paging, media with checksums)', () => {
  const gcs = new GcsJsonApiDouble(2);
  let endpoint: string;
  const days = ['2024-10-01', '2024-10-02', '2024-10-03'];

  beforeAll(async () => {
    endpoint = await gcs.start();
    for (const [i, day] of days.entries()) {
      gcs.put(
        'focus-exports',
        `gcp/focus/part-${i}.csv.gz`,
        focusCsvGzip(dayRecords(day, 'search', '0.3')),
        `${day}T06:00:00.000Z`,
      );
    }
    gcs.put(
      'focus-exports',
      'gcp/other/readme.txt',
      'not FOCUS',
      '2024-10-01T00:00:00Z',
    );
  });
  afterAll(async () => {
    await gcs.stop();
  });

  it('lists a prefix over several pages and reads every file', async () => {
    const rows = await ingest({
      location: 'gs://focus-exports/gcp/focus',
      stores: { gcs: { apiEndpoint: endpoint, projectId: 'test' } },
    });
    expect(rowNanos(rows)).toBe(
      totalNanos(days.flatMap(day => dayRecords(day, 'search', '0.3'))),
    );
    expect(gcs.requests.filter(r => r.includes('pageToken=2'))).toHaveLength(1);
  });
});
