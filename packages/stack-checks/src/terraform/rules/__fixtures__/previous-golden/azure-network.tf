# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/envs/dev/azure/versions.tf
# No subscription is written here: CI sets ARM_SUBSCRIPTION_ID, ARM_TENANT_ID, ARM_CLIENT_ID and
# ARM_USE_OIDC from the GitHub environment (AZURE_* variables, GitHub OIDC, no secrets);
# locally, `az login` and `export ARM_SUBSCRIPTION_ID=...`.
provider "azurerm" {
  features {}

  # Storage data-plane calls use Entra ID, since shared keys are disabled everywhere.
  storage_use_azuread = true
}

# infra/modules/network/azure/main.tf
locals {
  # Address plan carved from the /16: nodes get a /20 (pods use the overlay range, so nodes
  # only need their own addresses), private endpoints and PostgreSQL a /24 each, and the
  # AKS API server VNet integration the /28 it requires.
  subnets = {
    nodes             = cidrsubnet(var.address_space, 4, 0)
    private_endpoints = cidrsubnet(var.address_space, 8, 16)
    postgres          = cidrsubnet(var.address_space, 8, 17)
    api_server        = cidrsubnet(var.address_space, 12, 288)
  }

  private_dns_zones = {
    key_vault = "privatelink.vaultcore.azure.net"
    postgres  = "${var.name_prefix}.private.postgres.database.azure.com"
    redis     = "privatelink.redis.cache.windows.net"
    blob      = "privatelink.blob.core.windows.net"
    registry  = "privatelink.azurecr.io"
  }

  # Azure creates one Network Watcher per subscription and region, NetworkWatcher_<region>.
  network_watcher_name = coalesce(var.network_watcher_name, "NetworkWatcher_${var.location}")
}

# infra/modules/network/azure/main.tf
# Delegated to PostgreSQL Flexible Server (VNet integration; no public endpoint exists).
resource "azurerm_subnet" "postgres" {
  name                 = "postgres"
  resource_group_name  = var.resource_group_name
  virtual_network_name = azurerm_virtual_network.this.name
  address_prefixes     = [local.subnets.postgres]
  # Egress goes through the NAT gateway only; implicit default outbound access is retired.
  default_outbound_access_enabled = false
  delegation {
    name = "postgres-flexible-server"
    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

# infra/modules/network/azure/main.tf
# Only the cluster reaches PostgreSQL.
resource "azurerm_network_security_rule" "postgres_allow_nodes_to_postgres" {
  name                        = "allow-nodes-to-postgres"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.postgres.name
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = local.subnets.nodes
  destination_port_range      = "5432"
  destination_address_prefix  = local.subnets.postgres
}

# infra/modules/network/azure/main.tf
# Nothing else in the VNet reaches this subnet (the default rules would allow the whole VNet).
resource "azurerm_network_security_rule" "postgres_deny_other_vnet_inbound" {
  name                        = "deny-other-vnet-inbound"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.postgres.name
  priority                    = 4000
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  source_address_prefix       = "VirtualNetwork"
  destination_port_range      = "*"
  destination_address_prefix  = local.subnets.postgres
}

# infra/modules/network/azure/main.tf
# VNet flow logs (NSG flow logs can no longer be created since June 2025) into a dedicated
# account. Network Watcher writes as a trusted Azure service, so the account denies every
# network but lets trusted services through, and accepts no shared keys.
resource "azurerm_storage_account" "flow_logs" {
  name                              = var.flow_log_storage_account_name
  location                          = var.location
  resource_group_name               = var.resource_group_name
  account_kind                      = "StorageV2"
  account_tier                      = "Standard"
  account_replication_type          = "LRS"
  min_tls_version                   = "TLS1_2"
  https_traffic_only_enabled        = true
  allow_nested_items_to_be_public   = false
  shared_access_key_enabled         = false
  default_to_oauth_authentication   = true
  infrastructure_encryption_enabled = true
  cross_tenant_replication_enabled  = false
  local_user_enabled                = false
  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
  blob_properties {
    delete_retention_policy {
      days = 7
    }
    container_delete_retention_policy {
      days = 7
    }
  }
  tags = var.tags
}

# infra/modules/network/azure/main.tf
resource "azurerm_network_watcher_flow_log" "vnet" {
  name                 = "${var.name_prefix}-vnet-flow-log"
  location             = var.location
  network_watcher_name = local.network_watcher_name
  resource_group_name  = var.network_watcher_resource_group_name
  target_resource_id   = azurerm_virtual_network.this.id
  storage_account_id   = azurerm_storage_account.flow_logs.id
  enabled              = true
  version              = 2
  retention_policy {
    enabled = true
    days    = var.flow_log_retention_days
  }
  tags = var.tags
}
