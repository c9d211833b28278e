import { checkAgainstProviderSchema } from './checkAgainstProviderSchema';
import { loadProviderSchema } from './loadProviderSchema';
import { parseTerraformFiles } from './parseTerraformFiles';
import type { ProviderSchema } from './types';

let google: ProviderSchema;
let azurerm: ProviderSchema;

beforeAll(() => {
  google = loadProviderSchema({ provider: 'google' });
  azurerm = loadProviderSchema({ provider: 'azurerm' });
});

async function problems(hcl: string, schema: () => ProviderSchema) {
  const parsed = await parseTerraformFiles({ 'main.tf': hcl });
  return checkAgainstProviderSchema({ parsed, schema: schema() }).map(
    ({ rule, file, address, path }) => ({ rule, file, address, path }),
  );
}

const cleanGoogle = `
provider "google" {
  project = "p"
}

resource "google_storage_bucket" "assets" {
  count                       = 2
  name                        = "assets-\${count.index}"
  location                    = "EU"
  uniform_bucket_level_access = true
  labels                      = { environment = "dev" }
  depends_on                  = [google_service_account.nodes]
  provider                    = google

  versioning {
    enabled = true
  }

  lifecycle_rule {
    action {
      type = "Delete"
    }
    condition {
      age = 30
    }
  }

  dynamic "lifecycle_rule" {
    for_each = var.rules
    content {
      action {
        type = "Delete"
      }
      condition {
        age = lifecycle_rule.value
      }
    }
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "google_service_account" "nodes" {
  for_each   = toset(["a"])
  account_id = each.key
}

resource "google_container_node_pool" "apps" {
  cluster = "c"
  node_config {
    shielded_instance_config {
      enable_secure_boot = true
    }
  }
}

data "google_client_config" "current" {}

resource "aws_s3_bucket" "ignored_other_provider" {
  whatever = true
}
`;

const cleanAzure = `
provider "azurerm" {
  features {}
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"

  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    network_policy = "cilium"
  }
}

resource "azurerm_storage_account" "this" {
  name                     = "sa"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  tags                     = var.tags
}
`;

describe('checkAgainstProviderSchema', () => {
  it('passes clean google snippets, including meta-arguments and dynamic blocks', async () => {
    expect(await problems(cleanGoogle, () => google)).toEqual([]);
  });

  it('passes clean azurerm snippets', async () => {
    expect(await problems(cleanAzure, () => azurerm)).toEqual([]);
  });

  it.each([
    {
      kind: 'an unknown resource type',
      hcl: 'resource "google_storage_buckets" "x" {}',
      expected: [
        {
          rule: 'unknown-resource-type',
          address: 'google_storage_buckets.x',
          path: '',
        },
      ],
    },
    {
      kind: 'an unknown data source',
      hcl: 'data "google_client_configuration" "x" {}',
      expected: [
        {
          rule: 'unknown-resource-type',
          address: 'data.google_client_configuration.x',
          path: '',
        },
      ],
    },
    {
      kind: 'an unknown argument',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  colour = "red"\n}',
      expected: [
        {
          rule: 'unknown-argument',
          address: 'google_storage_bucket.x',
          path: 'colour',
        },
      ],
    },
    {
      kind: 'a missing required attribute',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n}',
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'google_storage_bucket.x',
          path: 'location',
        },
      ],
    },
    {
      kind: 'a missing required nested block',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  lifecycle_rule {\n    action {\n      type = "Delete"\n    }\n  }\n}',
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'google_storage_bucket.x',
          path: 'lifecycle_rule[0].condition',
        },
      ],
    },
    {
      kind: 'a computed-only attribute',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  self_link = "y"\n}',
      expected: [
        {
          rule: 'computed-only-argument',
          address: 'google_storage_bucket.x',
          path: 'self_link',
        },
      ],
    },
    {
      kind: 'an attribute written as a block',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  labels {\n    a = "b"\n  }\n}',
      expected: [
        {
          rule: 'attribute-as-block',
          address: 'google_storage_bucket.x',
          path: 'labels',
        },
      ],
    },
    {
      kind: 'a block written as an attribute',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  versioning = { enabled = true }\n}',
      expected: [
        {
          rule: 'block-as-attribute',
          address: 'google_storage_bucket.x',
          path: 'versioning',
        },
      ],
    },
    {
      kind: 'a block assigned an expression',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  versioning = var.versioning\n}',
      expected: [
        {
          rule: 'block-as-attribute',
          address: 'google_storage_bucket.x',
          path: 'versioning',
        },
      ],
    },
    {
      kind: 'a block repeated beyond max_items',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  versioning {\n    enabled = true\n  }\n  versioning {\n    enabled = false\n  }\n}',
      expected: [
        {
          rule: 'too-many-blocks',
          address: 'google_storage_bucket.x',
          path: 'versioning',
        },
      ],
    },
    {
      kind: 'an unknown argument deep inside nested blocks',
      hcl: 'resource "google_container_node_pool" "x" {\n  cluster = "c"\n  node_config {\n    shielded_instance_config {\n      secure_boot = true\n    }\n  }\n}',
      expected: [
        {
          rule: 'unknown-argument',
          address: 'google_container_node_pool.x',
          path: 'node_config[0].shielded_instance_config[0].secure_boot',
        },
      ],
    },
    {
      kind: 'a bad argument inside dynamic block content',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  dynamic "lifecycle_rule" {\n    for_each = var.rules\n    content {\n      action {\n        type = "Delete"\n      }\n      condition {\n        age = 1\n      }\n      priority = 1\n    }\n  }\n}',
      expected: [
        {
          rule: 'unknown-argument',
          address: 'google_storage_bucket.x',
          path: 'dynamic.lifecycle_rule[0].content.priority',
        },
      ],
    },
    {
      kind: 'a dynamic block for an attribute',
      hcl: 'resource "google_storage_bucket" "x" {\n  name = "x"\n  location = "EU"\n  dynamic "labels" {\n    for_each = var.labels\n    content {\n      a = "b"\n    }\n  }\n}',
      expected: [
        {
          rule: 'attribute-as-block',
          address: 'google_storage_bucket.x',
          path: 'dynamic.labels',
        },
      ],
    },
    {
      kind: 'a deprecated argument',
      hcl: 'resource "google_compute_subnetwork" "x" {\n  name = "x"\n  network = "n"\n  ip_cidr_range = "10.0.0.0/16"\n  enable_flow_logs = true\n}',
      expected: [
        {
          rule: 'deprecated-argument',
          address: 'google_compute_subnetwork.x',
          path: 'enable_flow_logs',
        },
      ],
    },
  ])('reports $kind (google)', async ({ hcl, expected }) => {
    expect(await problems(hcl, () => google)).toEqual(
      expected.map(problem => ({ ...problem, file: 'main.tf' })),
    );
  });

  it.each([
    {
      kind: 'an unknown resource type',
      hcl: 'resource "azurerm_kubernetes_clusters" "x" {}',
      expected: [
        {
          rule: 'unknown-resource-type',
          address: 'azurerm_kubernetes_clusters.x',
          path: '',
        },
      ],
    },
    {
      kind: 'an argument removed in azurerm 4 (unknown)',
      hcl: cleanAzure.replace(
        'dns_prefix          = "aks"',
        'dns_prefix = "aks"\n  enable_rbac = true',
      ),
      expected: [
        {
          rule: 'unknown-argument',
          address: 'azurerm_kubernetes_cluster.this',
          path: 'enable_rbac',
        },
      ],
    },
    {
      kind: 'missing required attributes',
      hcl: 'resource "azurerm_storage_account" "x" {\n  name = "x"\n  resource_group_name = "rg"\n  location = "westeurope"\n  account_tier = "Standard"\n}',
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'azurerm_storage_account.x',
          path: 'account_replication_type',
        },
      ],
    },
    {
      kind: 'a missing required block (min_items 1)',
      hcl: 'resource "azurerm_kubernetes_cluster" "x" {\n  name = "x"\n  location = "westeurope"\n  resource_group_name = "rg"\n  dns_prefix = "x"\n}',
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'azurerm_kubernetes_cluster.x',
          path: 'default_node_pool',
        },
      ],
    },
    {
      kind: 'a missing required attribute in a nested block',
      hcl: cleanAzure.replace(
        'network_plugin = "azure"',
        'load_balancer_sku = "standard"',
      ),
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'azurerm_kubernetes_cluster.this',
          path: 'network_profile[0].network_plugin',
        },
      ],
    },
    {
      kind: 'a computed-only attribute in a nested block',
      hcl: cleanAzure.replace(
        'type = "SystemAssigned"',
        'type = "SystemAssigned"\n    principal_id = "x"',
      ),
      expected: [
        {
          rule: 'computed-only-argument',
          address: 'azurerm_kubernetes_cluster.this',
          path: 'identity[0].principal_id',
        },
      ],
    },
    {
      kind: 'a computed-only top-level attribute',
      hcl: cleanAzure.replace(
        'tags                     = var.tags',
        'primary_access_key = "k"',
      ),
      expected: [
        {
          rule: 'computed-only-argument',
          address: 'azurerm_storage_account.this',
          path: 'primary_access_key',
        },
      ],
    },
    {
      kind: 'an attribute written as a block',
      hcl: cleanAzure.replace(
        'tags                     = var.tags',
        'tags {\n    a = "b"\n  }',
      ),
      expected: [
        {
          rule: 'attribute-as-block',
          address: 'azurerm_storage_account.this',
          path: 'tags',
        },
      ],
    },
    {
      kind: 'a block written as an attribute',
      hcl: cleanAzure.replace(
        'identity {\n    type = "SystemAssigned"\n  }',
        'identity = { type = "SystemAssigned" }',
      ),
      expected: [
        {
          rule: 'block-as-attribute',
          address: 'azurerm_kubernetes_cluster.this',
          path: 'identity',
        },
      ],
    },
    {
      kind: 'a nested block repeated beyond max_items',
      hcl: cleanAzure.replace(
        'identity {\n    type = "SystemAssigned"\n  }',
        'identity {\n    type = "SystemAssigned"\n  }\n  identity {\n    type = "SystemAssigned"\n  }',
      ),
      expected: [
        {
          rule: 'too-many-blocks',
          address: 'azurerm_kubernetes_cluster.this',
          path: 'identity',
        },
      ],
    },
    {
      kind: 'a provider block without features',
      hcl: 'provider "azurerm" {\n  subscription_id = "s"\n}',
      expected: [
        {
          rule: 'missing-required-argument',
          address: 'provider.azurerm',
          path: 'features',
        },
      ],
    },
    {
      kind: 'an unknown provider argument',
      hcl: 'provider "azurerm" {\n  features {}\n  subscription = "s"\n}',
      expected: [
        {
          rule: 'unknown-argument',
          address: 'provider.azurerm',
          path: 'subscription',
        },
      ],
    },
  ])('reports $kind (azurerm)', async ({ hcl, expected }) => {
    expect(await problems(hcl, () => azurerm)).toEqual(
      expected.map(problem => ({ ...problem, file: 'main.tf' })),
    );
  });

  it('leaves blocks bound to another provider (google-beta) alone', async () => {
    const hcl =
      'resource "google_container_cluster" "x" {\n  provider = google-beta\n  beta_only = true\n}\n';
    expect(await problems(hcl, () => google)).toEqual([]);
  });

  it('names the file, the address, the path and the reason', async () => {
    const parsed = await parseTerraformFiles({
      'infra/modules/storage/gcp/main.tf':
        'resource "google_storage_bucket" "x" {\n  name = "x"\n}',
    });
    expect(checkAgainstProviderSchema({ parsed, schema: google })).toEqual([
      {
        rule: 'missing-required-argument',
        file: 'infra/modules/storage/gcp/main.tf',
        address: 'google_storage_bucket.x',
        path: 'location',
        message: 'required argument "location" is missing',
      },
    ]);
  });
});
