import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findTerraformSchemaDirectory,
  loadProviderSchema,
  readProviderSchemaFile,
} from './loadProviderSchema';

describe('loadProviderSchema', () => {
  let temporary: string;

  beforeEach(() => {
    temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'skyforge-schemas-'));
    fs.writeFileSync(
      path.join(temporary, 'azurerm-4.65.0.schema.json'),
      JSON.stringify({
        format_version: '1.0',
        provider_schemas: {
          'registry.terraform.io/hashicorp/azurerm': {
            resource_schemas: {
              azurerm_thing: {
                block: {
                  attributes: { name: { type: 'string', required: true } },
                },
              },
            },
          },
        },
      }),
    );
  });

  afterEach(() => {
    fs.rmSync(temporary, { recursive: true, force: true });
  });

  it('reads the schemas vendored in this package, whatever the working directory', () => {
    const directory = findTerraformSchemaDirectory();
    expect(directory).toBe(
      path.resolve(__dirname, '../../data/terraform-schemas'),
    );
    const cwd = process.cwd();
    try {
      process.chdir(temporary);
      expect(findTerraformSchemaDirectory()).toBe(directory);
    } finally {
      process.chdir(cwd);
    }
    const google = loadProviderSchema({ provider: 'google' });
    expect(google.name).toBe('google');
    expect(google.source).toBe('registry.terraform.io/hashicorp/google');
    expect(
      google.resourceSchemas.google_container_cluster.block.block_types
        ?.node_pool,
    ).toBeDefined();
    expect(google.dataSourceSchemas.google_client_config).toBeDefined();
  });

  it('reads each file once', () => {
    expect(loadProviderSchema({ provider: 'google' })).toBe(
      loadProviderSchema({ provider: 'google' }),
    );
  });

  it('keeps every type of the pinned providers, without their documentation', () => {
    const aws = loadProviderSchema({ provider: 'aws' });
    const azurerm = loadProviderSchema({ provider: 'azurerm' });
    expect(Object.keys(aws.resourceSchemas).length).toBeGreaterThan(1500);
    const google = loadProviderSchema({ provider: 'google' });
    expect(Object.keys(google.resourceSchemas).length).toBeGreaterThan(1000);
    expect(Object.keys(azurerm.resourceSchemas).length).toBeGreaterThan(1000);
    const bucket = aws.resourceSchemas.aws_s3_bucket.block;
    expect(bucket.attributes?.bucket).toEqual(
      expect.objectContaining({ optional: true, computed: true }),
    );
    expect(JSON.stringify(bucket)).not.toContain('description');
  });

  it('prefers an explicit directory, and reads plain JSON there', () => {
    expect(findTerraformSchemaDirectory({ directory: temporary })).toBe(
      temporary,
    );
    const schema = readProviderSchemaFile(
      path.join(temporary, 'azurerm-4.65.0.schema.json'),
    );
    expect(Object.keys(schema.resourceSchemas)).toEqual(['azurerm_thing']);
    expect(schema.provider).toBeUndefined();
  });

  it('fails clearly when nothing is found', () => {
    expect(() =>
      findTerraformSchemaDirectory({
        directory: path.join(temporary, 'missing'),
      }),
    ).toThrow(
      /schema directory .*missing does not exist \(from the directory option\)/,
    );
    expect(() =>
      loadProviderSchema({ provider: 'random', directory: temporary }),
    ).toThrow('No schema file is known for provider "random"');
    expect(() =>
      loadProviderSchema({ provider: 'google', directory: temporary }),
    ).toThrow(/google-6\.50\.0\.schema\.json\.gz does not exist/);
    fs.writeFileSync(path.join(temporary, 'empty.schema.json'), '{}');
    expect(() =>
      readProviderSchemaFile(path.join(temporary, 'empty.schema.json')),
    ).toThrow(/holds no provider_schemas/);
  });
});
