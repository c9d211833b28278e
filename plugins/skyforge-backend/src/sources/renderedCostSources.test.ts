import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { renderStack } from '@skyforge/stack-renderer';
import { parse } from 'yaml';
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

  it('are refused by the same reader when an option breaks the schema (the check can fail)', () => {
    const config = renderedCostConfig(awsStack) as any;
    config.skyforge.cost.sources[0].options.layout = 'aws-cur';
    expect(() => readSources(config)).toThrow(
      /skyforge\.cost\.sources\[0\].*options\.layout 'aws-cur'/,
    );
  });
});
