import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findTerraformSchemaDirectory,
  loadProviderSchema,
  readProviderSchemaFile,
  TERRAFORM_SCHEMAS_VARIABLE,
} from './loadProviderSchema';

describe('loadProviderSchema', () => {
  const saved = process.env[TERRAFORM_SCHEMAS_VARIABLE];
  let temporary: string;

  beforeEach(() => {
    delete process.env[TERRAFORM_SCHEMAS_VARIABLE];
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
    if (saved === undefined) delete process.env[TERRAFORM_SCHEMAS_VARIABLE];
    else process.env[TERRAFORM_SCHEMAS_VARIABLE] = saved;
    fs.rmSync(temporary, { recursive: true, force: true });
  });

  it('finds ../shared/data/terraform-schemas next to the repository root', () => {
    const directory = findTerraformSchemaDirectory();
    expect(
      directory.endsWith(path.join('shared', 'data', 'terraform-schemas')),
    ).toBe(true);
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

  it('prefers an explicit directory, then the environment variable', () => {
    expect(findTerraformSchemaDirectory({ directory: temporary })).toBe(
      temporary,
    );
    process.env[TERRAFORM_SCHEMAS_VARIABLE] = temporary;
    expect(findTerraformSchemaDirectory()).toBe(temporary);
    const schema = loadProviderSchema({ provider: 'azurerm' });
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
    process.env[TERRAFORM_SCHEMAS_VARIABLE] = path.join(temporary, 'elsewhere');
    expect(() => findTerraformSchemaDirectory()).toThrow(
      `(from ${TERRAFORM_SCHEMAS_VARIABLE})`,
    );
    delete process.env[TERRAFORM_SCHEMAS_VARIABLE];
    expect(() =>
      findTerraformSchemaDirectory({ repositoryRoot: temporary }),
    ).toThrow(
      /No Terraform provider schema directory found .*Pass a directory or set SKYFORGE_TERRAFORM_SCHEMAS/,
    );
    expect(() =>
      loadProviderSchema({ provider: 'random', directory: temporary }),
    ).toThrow('No schema file is known for provider "random"');
    expect(() =>
      loadProviderSchema({ provider: 'google', directory: temporary }),
    ).toThrow(/google-6\.50\.0\.schema\.json does not exist/);
    fs.writeFileSync(path.join(temporary, 'empty.schema.json'), '{}');
    expect(() =>
      readProviderSchemaFile(path.join(temporary, 'empty.schema.json')),
    ).toThrow(/holds no provider_schemas/);
  });
});
