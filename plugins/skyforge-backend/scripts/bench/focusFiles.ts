import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const HEADER =
  '"AvailabilityZone","BilledCost","BillingAccountId","BillingAccountName","BillingCurrency","BillingPeriodEnd","BillingPeriodStart","ChargeCategory","ChargeClass","ChargeDescription","ChargeFrequency","ChargePeriodEnd","ChargePeriodStart","CommitmentDiscountCategory","CommitmentDiscountId","CommitmentDiscountName","CommitmentDiscountStatus","CommitmentDiscountType","ConsumedQuantity","ConsumedUnit","ContractedCost","ContractedUnitPrice","EffectiveCost","InvoiceIssuerName","ListCost","ListUnitPrice","PricingCategory","PricingQuantity","PricingUnit","ProviderName","PublisherName","RegionId","RegionName","ResourceId","ResourceName","ResourceType","ServiceCategory","Id","ServiceName","SkuId","SkuPriceId","SubAccountId","SubAccountName","Tags"';
export const SERVICES = [
  ['Compute', 'Amazon Elastic Compute Cloud'],
  ['Databases', 'Amazon Relational Database Service'],
  ['Storage', 'Amazon Simple Storage Service'],
  ['Networking', 'Elastic Load Balancing'],
];
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const RESOURCES = 2_000;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Writes an hourly FOCUS 1.0 export with all 44 columns of the FOCUS sample: `rows` rows, hour
 * by hour, each of 2,000 resources every hour with `linesPerHour` charge lines each (so 48,000
 * rows make one day with one line per resource and hour).
 */
export async function generateFocusCsv(
  file: string,
  rows: number,
  options: { linesPerHour?: number } = {},
): Promise<void> {
  const linesPerHour = options.linesPerHour ?? 1;
  const out = fs.createWriteStream(file);
  const write = (text: string) =>
    out.write(text)
      ? undefined
      : new Promise<void>(resolve => out.once('drain', () => resolve()));
  await write(`${HEADER}\n`);
  const start = Date.UTC(2024, 0, 1);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const resource = i % RESOURCES;
    const hour = Math.floor(i / (RESOURCES * linesPerHour));
    const at = new Date(start + hour * 3_600_000);
    const stamp = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(
      at.getUTCDate(),
    )} ${pad(at.getUTCHours())}:00:00`;
    const end = new Date(at.getTime() + 3_600_000)
      .toISOString()
      .replace('T', ' ')
      .slice(0, 19);
    const [category, service] = SERVICES[resource % SERVICES.length];
    const region = REGIONS[resource % REGIONS.length];
    const cost = (
      ((resource * 7919 + hour * 104729) % 100_000) / 1e5 +
      0.01
    ).toFixed(11);
    const tags = `"{""application"": ""app-${
      resource % 500
    }"", ""environment"": ""${
      resource % 3 === 0 ? 'prod' : 'dev'
    }"", ""business_unit"": ""unit-${resource % 40}""}"`;
    buffer += `NULL,${cost},"1234567890123","SunBird","USD","2024-02-01 00:00:00","2024-01-01 00:00:00","Usage",NULL,"${service} usage","Usage-Based","${end}","${stamp}",NULL,NULL,NULL,NULL,NULL,1.000000000000000,"Hours",${cost},0.00000000000,${cost},"Amazon Web Services, Inc.",${cost},"0.1","Standard",1.00000000000,"Hours","AWS","Amazon Web Services, Inc.","${region}","Region ${region}","arn:aws:ec2:${region}:111122223333:instance/i-${resource
      .toString(16)
      .padStart(8, '0')}",NULL,NULL,"${category}",${i},"${service}","SKU${
      resource % 97
    }","SKU${resource % 97}.PRICE","${
      100000000000 + (resource % 25)
    }","Account ${resource % 25}",${tags}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>(resolve => out.end(() => resolve()));
}

/**
 * Converts a generated CSV file into Parquet the way AWS Data Exports types FOCUS: DECIMAL costs,
 * TIMESTAMP periods, Tags as MAP(VARCHAR, VARCHAR).
 */
export async function convertToParquet(
  csv: string,
  parquet: string,
): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run(`
      COPY (
        SELECT * REPLACE (
          CAST(EffectiveCost AS DECIMAL(28, 11)) AS EffectiveCost,
          CAST(BilledCost AS DECIMAL(28, 11)) AS BilledCost,
          CAST(ChargePeriodStart AS TIMESTAMP) AS ChargePeriodStart,
          CAST(json_transform(Tags, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS Tags
        )
        FROM read_csv('${csv}', header = true, all_varchar = true, nullstr = 'NULL')
      ) TO '${parquet}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
