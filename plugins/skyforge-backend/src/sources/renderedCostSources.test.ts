import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { renderStack } from '@skyforge/stack-renderer';
import { parse } from 'yaml';
import { bigQueryFocusQuery } from './billingApis/BigQueryFocusSource';
import { builtInCostSourceTypes } from './builtInCostSourceTypes';
import { CostSourceTypeRegistry, createCostSources } from './createCostSources';
import { parseFocusLocation } from './focus/storage/parseFocusLocation';

/** A stack as the Create wizard renders it, on AWS. */
const awsStack = {
  apiVersion: 'skyforge.io/v1alpha1',
  kind: 'Stack',
  metadata: {
    name: 'payments-api',
    owner: 'group:default/payments',
    system: 'payments',
  },
  spec: {
    clouds: ['aws'],
    regions: { aws: 'eu-west-1' },
    environments: ['dev', 'prod'],
    size: 'small',
    app: { image: 'ghcr.io/acme/payments-api:1.4.2', port: 8080 },
  },
};

/** The same stack on all three clouds, as the wizard renders it. */
const threeCloudStack = {
  ...awsStack,
  spec: {
    ...awsStack.spec,
    clouds: ['aws', 'gcp', 'azure'],
    regions: { aws: 'eu-west-1', gcp: 'europe-west1', azure: 'westeurope' },
    gcp: { projects: { dev: 'payments-dev-1', prod: 'payments-prod-1' } },
  },
};

/** The `skyforge.cost.sources` block of a rendered README, as a platform team pastes it. */
function renderedCostConfig(input: unknown): JsonObject {
  const readme = renderStack(input).files['README.md'];
  const section = readme.slice(readme.indexOf('### Cost'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error('The rendered README has no cost sources block');
  return parse(block[1]);
}

function readSources(config: JsonObject) {
  return createCostSources({
    config: new ConfigReader(config),
    types: new CostSourceTypeRegistry(builtInCostSourceTypes),
    context: {
      logger: mockServices.logger.mock(),
      urlReader: mockServices.urlReader.mock(),
      workingDirectory: process.cwd(),
    },
  });
}

describe('the skyforge.cost.sources entries a rendered stack documents', () => {
  it('are read by the backend as the FOCUS source of the AWS Data Exports bucket', () => {
    const config = renderedCostConfig(awsStack);
    const sources = readSources(config);
    expect(sources.map(source => source.id)).toEqual([
      'payments-api-aws-focus',
    ]);

    const [entry] = (config as any).skyforge.cost.sources;
    expect(entry.options.layout).toBe('aws-data-exports');
    expect(
      parseFocusLocation(entry.options.location, process.cwd()),
    ).toMatchObject({
      store: 's3',
      bucket: 'payments-api-billing-<account-id>',
      prefix: 'focus/payments-api-focus',
    });
  });

  it('are read by the backend as the FOCUS sources of every cloud: Data Exports, the Azure FOCUS export and the BigQuery FOCUS view', () => {
    const config = renderedCostConfig(threeCloudStack);
    const sources = readSources(config);
    expect(sources.map(source => source.id)).toEqual([
      'payments-api-aws-focus',
      'payments-api-gcp-focus',
      'payments-api-azure-focus',
    ]);

    const [, gcp, azure] = (config as any).skyforge.cost.sources;
    expect(gcp).toEqual({
      id: 'payments-api-gcp-focus',
      type: 'bigquery',
      options: {
        table: 'payments-prod-1.payments_api_billing.focus',
        projectId: 'payments-prod-1',
        location: 'EU',
      },
    });
    expect(azure.options.layout).toBe('azure-cost-exports');
    expect(
      parseFocusLocation(azure.options.location, process.cwd()),
    ).toMatchObject({
      store: 'azure',
      container: 'cost-exports',
      prefix: 'focus/payments-api-focus',
    });
  });

  it('name the storage account, dataset and view that the rendered bootstraps create', () => {
    const { files } = renderStack(threeCloudStack);
    const config = renderedCostConfig(threeCloudStack) as any;
    const [, gcp, azure] = config.skyforge.cost.sources;

    const azureLocation = parseFocusLocation(
      azure.options.location,
      process.cwd(),
    ) as { account: string };
    expect(files['infra/bootstrap/azure/terraform.tfvars']).toContain(
      `billing_storage_account_name = "${azureLocation.account}"`,
    );
    const azureBilling = files['infra/bootstrap/azure/billing.tf'];
    expect(azureBilling).toMatch(/type\s+= "FocusCost"/);
    expect(azureBilling).toMatch(/rootFolderPath\s+= "focus"/);
    expect(azureBilling).toMatch(/name\s+= "payments-api-focus"/);

    const [project, dataset, table] = gcp.options.table.split('.');
    expect(files['infra/bootstrap/gcp/terraform.tfvars']).toMatch(
      new RegExp(`billing_project\\s+= "${project}"`),
    );
    const gcpBilling = files['infra/bootstrap/gcp/billing.tf'];
    expect(gcpBilling).toMatch(new RegExp(`dataset_id\\s+= "${dataset}"`));
    expect(gcpBilling).toMatch(new RegExp(`table_id\\s+= "${table}"`));
    // The view offers every FOCUS column the bigquery source's own query reads.
    const read = new Set(
      bigQueryFocusQuery('p.d.v', ['skyforge-component']).match(
        /\b[A-Z][a-z]+(?:[A-Z][a-z]*)*\b/g,
      ),
    );
    expect([...read].sort()).toEqual([
      'BilledCost',
      'BillingCurrency',
      'ChargePeriodStart',
      'EffectiveCost',
      'ProviderName',
      'RegionId',
      'ServiceCategory',
      'ServiceName',
      'SubAccountId',
      'Tags',
    ]);
    for (const column of read) {
      expect(gcpBilling).toMatch(new RegExp(`AS ${column},?\\n`));
    }
  });

  it('are refused by the same reader when an option breaks the schema (the check can fail)', () => {
    const config = renderedCostConfig(awsStack) as any;
    config.skyforge.cost.sources[0].options.layout = 'aws-cur';
    expect(() => readSources(config)).toThrow(
      /skyforge\.cost\.sources\[0\].*options\.layout 'aws-cur'/,
    );
  });
});
