import { checkRenderedTerraform } from './checkRenderedTerraform';

const gcpVersions = `
terraform {
  required_version = ">= 1.10"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.50"
    }
  }
}
`;

function gcpRoot(environment: string): Record<string, string> {
  const root = `infra/envs/${environment}/gcp`;
  return {
    [`${root}/versions.tf`]: gcpVersions,
    [`${root}/backend.tf`]: `terraform {\n  backend "gcs" {\n    bucket = "state"\n    prefix = "${environment}/gcp"\n  }\n}\n`,
    [`${root}/variables.tf`]: 'variable "project_id" {\n  type = string\n}\n',
    [`${root}/main.tf`]: `
provider "google" {
  project = var.project_id
}

module "storage" {
  source = "../../../modules/storage/gcp"
  name   = "payments-${environment}"
  labels = { environment = "${environment}" }
}
`,
    [`${root}/outputs.tf`]:
      'output "bucket_name" {\n  value = module.storage.bucket_name\n}\n',
    [`${root}/terraform.tfvars`]: 'project_id = "payments"\n',
  };
}

const storageModule = {
  'infra/modules/storage/gcp/versions.tf': gcpVersions,
  'infra/modules/storage/gcp/variables.tf':
    'variable "name" {\n  type = string\n}\n\nvariable "labels" {\n  type    = map(string)\n  default = {}\n}\n',
  'infra/modules/storage/gcp/main.tf': `
resource "google_storage_bucket" "this" {
  name                        = var.name
  location                    = "EU"
  labels                      = var.labels
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"

  versioning {
    enabled = true
  }
}
`,
  'infra/modules/storage/gcp/outputs.tf':
    'output "bucket_name" {\n  value = google_storage_bucket.this.name\n}\n',
};

const azureBootstrap = {
  'infra/bootstrap/azure/main.tf': `
provider "azurerm" {
  features {
    storage {
      data_plane_available = false
    }
  }
}

resource "azurerm_storage_account" "state" {
  name                            = "paymentstfstate"
  resource_group_name             = "payments-tfstate"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false

  network_rules {
    default_action = "Deny"
  }
}
`,
};

const awsBootstrap = {
  'infra/bootstrap/aws/main.tf': `
resource "aws_kms_key" "state" {
  description         = "state"
  enable_key_rotation = true
}
`,
};

const clean = {
  ...gcpRoot('dev'),
  ...gcpRoot('prod'),
  ...storageModule,
  ...azureBootstrap,
  ...awsBootstrap,
  'README.md': '# not Terraform\n',
};

describe('checkRenderedTerraform', () => {
  it('passes a clean multi-cloud tree', async () => {
    expect(await checkRenderedTerraform({ files: clean })).toEqual({
      schemaProblems: [],
      violations: [],
    });
  });

  it('reports schema problems per provider and a shared module violation once', async () => {
    const result = await checkRenderedTerraform({
      files: {
        ...clean,
        'infra/modules/storage/gcp/main.tf': storageModule[
          'infra/modules/storage/gcp/main.tf'
        ]
          .replace(
            'public_access_prevention    = "enforced"',
            'public_access_prevention = "inherited"',
          )
          .replace(
            'location                    = "EU"',
            'location = "EU"\n  colour = "blue"',
          ),
        'infra/bootstrap/azure/main.tf': azureBootstrap[
          'infra/bootstrap/azure/main.tf'
        ].replace('account_replication_type        = "ZRS"', ''),
        'infra/bootstrap/aws/main.tf': awsBootstrap[
          'infra/bootstrap/aws/main.tf'
        ].replace('description', 'descriptions'),
      },
    });
    expect(
      result.schemaProblems.map(({ rule, file, address, path }) => ({
        rule,
        file,
        address,
        path,
      })),
    ).toEqual([
      {
        rule: 'unknown-argument',
        file: 'infra/bootstrap/aws/main.tf',
        address: 'aws_kms_key.state',
        path: 'descriptions',
      },
      {
        rule: 'missing-required-argument',
        file: 'infra/bootstrap/azure/main.tf',
        address: 'azurerm_storage_account.state',
        path: 'account_replication_type',
      },
      {
        rule: 'unknown-argument',
        file: 'infra/modules/storage/gcp/main.tf',
        address: 'google_storage_bucket.this',
        path: 'colour',
      },
    ]);
    // Both the dev and the prod root call the module; the violation is reported once.
    expect(result.violations).toEqual([
      {
        ruleId: 'CKV_GCP_114',
        title: 'GCS public access prevention enforced',
        cloud: 'gcp',
        file: 'infra/modules/storage/gcp/main.tf',
        address: 'google_storage_bucket.this',
        message: 'public_access_prevention is "inherited"; expected "enforced"',
      },
    ]);
  });

  it('checks the wiring between roots and modules', async () => {
    const root = 'infra/envs/dev/gcp';
    const result = await checkRenderedTerraform({
      files: {
        ...clean,
        [`${root}/main.tf`]: `
provider "google" {
  project = var.project
}

module "storage" {
  source = "../../../modules/storage/gcp"
  labels = { environment = local.environment }
  size   = 3
}

module "remote" {
  source = "terraform-google-modules/network/google"
}

module "missing" {
  source = "../../../modules/cache/gcp"
}
`,
        [`${root}/outputs.tf`]:
          'output "bucket_name" {\n  value = module.storage.bucket\n}\n',
      },
    });
    expect(
      result.schemaProblems.map(({ rule, address, path, message }) => ({
        rule,
        address,
        path,
        message,
      })),
    ).toEqual([
      {
        rule: 'unknown-module-source',
        address: 'module.missing',
        path: 'source',
        message:
          'module source infra/modules/cache/gcp holds no Terraform files',
      },
      {
        rule: 'remote-module-source',
        address: 'module.remote',
        path: 'source',
        message:
          'module source "terraform-google-modules/network/google" is not a local path',
      },
      {
        rule: 'unknown-argument',
        address: 'module.storage',
        path: 'size',
        message: 'module infra/modules/storage/gcp declares no variable "size"',
      },
      {
        rule: 'missing-required-argument',
        address: 'module.storage',
        path: 'name',
        message: 'module infra/modules/storage/gcp requires variable "name"',
      },
      {
        rule: 'undeclared-reference',
        address: 'module.storage',
        path: '',
        message: `local.environment is not declared in ${root}`,
      },
      {
        rule: 'unknown-module-output',
        address: 'output.bucket_name',
        path: '',
        message: 'module infra/modules/storage/gcp has no output "bucket"',
      },
      {
        rule: 'undeclared-reference',
        address: 'provider.google',
        path: '',
        message: `var.project is not declared in ${root}`,
      },
    ]);
  });

  it('flags providers the renderer must not use', async () => {
    const result = await checkRenderedTerraform({
      files: {
        'infra/modules/database/gcp/main.tf':
          'resource "random_password" "db" {\n  length = 32\n}\n',
      },
    });
    expect(result.schemaProblems).toEqual([
      {
        rule: 'unknown-provider',
        file: 'infra/modules/database/gcp/main.tf',
        address: 'random_password.db',
        path: '',
        message: 'provider "random" is not one of aws, google, azurerm',
      },
    ]);
  });

  it('fails clearly when the schema directory does not exist', async () => {
    await expect(
      checkRenderedTerraform({
        files: clean,
        schemaDirectory: '/nonexistent/schemas',
      }),
    ).rejects.toThrow(
      'Terraform provider schema directory /nonexistent/schemas does not exist',
    );
  });
});
