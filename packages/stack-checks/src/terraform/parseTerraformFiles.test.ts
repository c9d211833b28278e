import { parseTerraformFiles, selectParsedFiles } from './parseTerraformFiles';

const versions = `
terraform {
  required_version = ">= 1.10"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }
  backend "gcs" {
    bucket = "state"
    prefix = "prod/gcp"
  }
}

provider "google" {
  project = var.project_id
}
`;

const main = `
variable "project_id" {
  type = string
}

locals {
  name = "payments"
}

resource "google_storage_bucket" "this" {
  name     = "\${local.name}-assets"
  location = "EU"
  count    = 2

  versioning {
    enabled = true
  }
}

resource "google_storage_bucket" "logs" {
  name     = "logs"
  location = "EU"
}

data "google_client_config" "current" {}

module "network" {
  source = "../../modules/network/gcp"
  cidr   = "10.0.0.0/16"
}

output "bucket" {
  value = google_storage_bucket.this[0].name
}
`;

describe('parseTerraformFiles', () => {
  it('normalises every kind of top-level block and keeps the file of each', async () => {
    const parsed = await parseTerraformFiles({
      'infra/main.tf': main,
      'infra/versions.tf': versions,
      'infra/terraform.tfvars': 'project_id = "x"\n',
    });

    expect(parsed.files).toEqual(['infra/main.tf', 'infra/versions.tf']);
    // hcl2json sorts blocks by type and name within a file.
    expect(parsed.resources.map(resource => resource.address)).toEqual([
      'google_storage_bucket.logs',
      'google_storage_bucket.this',
    ]);
    const bucket = parsed.resources[1];
    expect(bucket.file).toBe('infra/main.tf');
    expect(bucket.type).toBe('google_storage_bucket');
    expect(bucket.name).toBe('this');
    // Expressions stay strings with the interpolation markers; blocks are arrays of bodies.
    expect(bucket.body.name).toBe('${local.name}-assets');
    expect(bucket.body.count).toBe(2);
    expect(bucket.body.versioning).toEqual([{ enabled: true }]);

    expect(parsed.dataSources.map(data => data.address)).toEqual([
      'data.google_client_config.current',
    ]);
    expect(parsed.modules).toEqual([
      {
        file: 'infra/main.tf',
        name: 'network',
        body: { source: '../../modules/network/gcp', cidr: '10.0.0.0/16' },
      },
    ]);
    expect(parsed.variables.map(variable => variable.name)).toEqual([
      'project_id',
    ]);
    expect(parsed.outputs[0].body.value).toBe(
      '${google_storage_bucket.this[0].name}',
    );
    expect(parsed.locals).toEqual([
      { file: 'infra/main.tf', name: 'name', body: { value: 'payments' } },
    ]);
    expect(parsed.providers).toEqual([
      {
        file: 'infra/versions.tf',
        name: 'google',
        body: { project: '${var.project_id}' },
      },
    ]);
    expect(parsed.terraform).toHaveLength(1);
    expect(parsed.terraform[0].requiredVersion).toBe('>= 1.10');
    expect(parsed.terraform[0].requiredProviders.google).toEqual({
      source: 'hashicorp/google',
      version: '~> 6.50',
    });
    expect(parsed.terraform[0].backend).toEqual({
      type: 'gcs',
      body: { bucket: 'state', prefix: 'prod/gcp' },
    });
  });

  it('names the file when the HCL is invalid', async () => {
    await expect(
      parseTerraformFiles({ 'broken/main.tf': 'resource "x" "y" {' }),
    ).rejects.toThrow(
      /Cannot parse broken\/main\.tf: .*Unclosed configuration block/,
    );
  });

  it('filters a parse result by file', async () => {
    const parsed = await parseTerraformFiles({
      'a/main.tf': main,
      'b/versions.tf': versions,
    });
    const onlyB = selectParsedFiles(parsed, file => file.startsWith('b/'));
    expect(onlyB.files).toEqual(['b/versions.tf']);
    expect(onlyB.resources).toEqual([]);
    expect(onlyB.providers).toHaveLength(1);
  });
});
