import {
  breakSnippet,
  itChecksEveryRule,
  RuleCase,
  violationsOf,
} from '../ruleTesting';

const aks = `
resource "azurerm_kubernetes_cluster" "this" {
  name                              = "payments"
  location                          = "westeurope"
  resource_group_name               = "rg"
  dns_prefix_private_cluster        = "payments"
  private_cluster_enabled           = true
  role_based_access_control_enabled = true
  local_account_disabled            = true
  azure_policy_enabled              = true
  automatic_upgrade_channel         = "stable"

  default_node_pool {
    name                         = "system"
    vm_size                      = "Standard_D4s_v5"
    host_encryption_enabled      = true
    only_critical_addons_enabled = true
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
  }

  oms_agent {
    log_analytics_workspace_id      = azurerm_log_analytics_workspace.this.id
    msi_auth_for_monitoring_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  web_app_routing {
    dns_zone_ids = []
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "apps" {
  name                    = "apps"
  kubernetes_cluster_id   = azurerm_kubernetes_cluster.this.id
  vm_size                 = "Standard_D4s_v5"
  host_encryption_enabled = true
}
`;

const storage = `
resource "azurerm_storage_account" "this" {
  name                            = "paymentsassets"
  resource_group_name             = "rg"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
  }
}

resource "azurerm_container_registry" "this" {
  name                          = "payments"
  resource_group_name           = "rg"
  location                      = "westeurope"
  sku                           = "Premium"
  admin_enabled                 = false
  anonymous_pull_enabled        = false
  public_network_access_enabled = false
}

resource "azurerm_key_vault" "this" {
  name                     = "payments"
  resource_group_name      = "rg"
  location                 = "westeurope"
  tenant_id                = var.tenant_id
  sku_name                 = "standard"
  purge_protection_enabled = true
}
`;

const data = `
resource "azurerm_postgresql_flexible_server" "this" {
  name                          = "payments"
  resource_group_name           = "rg"
  location                      = "westeurope"
  delegated_subnet_id           = var.database_subnet_id
  private_dns_zone_id           = var.private_dns_zone_id
  public_network_access_enabled = false
  geo_redundant_backup_enabled  = var.geo_redundant_backup
}

resource "azurerm_managed_redis" "this" {
  name                  = "payments"
  resource_group_name   = "rg"
  location              = "westeurope"
  sku_name              = "Balanced_B0"
  public_network_access = "Disabled"

  default_database {
    client_protocol = "Encrypted"
  }
}

data "azurerm_network_watcher" "this" {
  name                = "NetworkWatcher_westeurope"
  resource_group_name = "payments-tfstate"
}

resource "azurerm_network_watcher_flow_log" "this" {
  name                 = "payments"
  network_watcher_name = data.azurerm_network_watcher.this.name
  resource_group_name  = data.azurerm_network_watcher.this.resource_group_name
  target_resource_id   = azurerm_virtual_network.this.id
  storage_account_id   = azurerm_storage_account.this.id
  enabled              = true

  retention_policy {
    enabled = true
    days    = 90
  }
}
`;

/** Azure Cache for Redis, which only the rules written for it still judge (it is being retired). */
const legacyRedis = `
resource "azurerm_redis_cache" "this" {
  name                          = "payments"
  resource_group_name           = "rg"
  location                      = "westeurope"
  capacity                      = 1
  family                        = "C"
  sku_name                      = "Standard"
  non_ssl_port_enabled          = false
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}
`;

/** Who may use the cluster, the certificate and the database, as the cluster module grants it. */
const access = `
resource "azurerm_role_assignment" "deploy_cluster_admin" {
  scope                = azurerm_kubernetes_cluster.this.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = var.deploy_principal_id
}

resource "azurerm_postgresql_flexible_server_active_directory_administrator" "this" {
  server_name         = azurerm_postgresql_flexible_server.this.name
  resource_group_name = "rg"
  tenant_id           = var.tenant_id
  object_id           = var.entra_administrator.object_id
  principal_name      = var.entra_administrator.principal_name
  principal_type      = var.entra_administrator.principal_type
}

resource "azurerm_role_assignment" "app_routing_key_vault" {
  scope                = azurerm_key_vault.this.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_kubernetes_cluster.this.web_app_routing[0].web_app_routing_identity[0].object_id
}
`;

/** CI identities as the bootstrap grants them: confined to their environment, plans read-only. */
const identities = `
resource "azurerm_role_assignment" "apply_contributor" {
  for_each             = azurerm_user_assigned_identity.apply
  scope                = azurerm_resource_group.environment[each.key].id
  role_definition_name = "Contributor"
  principal_id         = each.value.principal_id
}

resource "azurerm_role_assignment" "plan_environment_reader" {
  for_each             = azurerm_resource_group.environment
  scope                = each.value.id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
}

resource "azurerm_role_assignment" "plan_cluster_user" {
  for_each             = azurerm_resource_group.environment
  scope                = each.value.id
  role_definition_name = "Azure Kubernetes Service Cluster User Role"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
}

resource "azurerm_role_assignment" "plan_state" {
  scope                = azurerm_storage_account.state.id
  role_definition_name = "Storage Blob Data Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
}
`;

/** A root whose provider manages private storage through Azure Resource Manager only. */
const provider = `
provider "azurerm" {
  features {
    storage {
      data_plane_available = false
    }
  }
}
`;

/** The PostgreSQL subnet and its NSG: the cluster and the subnet itself get in, nothing else. */
const postgresNetwork = `
resource "azurerm_subnet" "postgres" {
  name                 = "postgres"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
  address_prefixes     = [local.subnets.postgres]

  delegation {
    name = "postgres-flexible-server"
    service_delegation {
      name    = "Microsoft.DBforPostgreSQL/flexibleServers"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_network_security_rule" "postgres_allow_intra_subnet" {
  name                        = "allow-postgres-intra-subnet"
  resource_group_name         = "rg"
  network_security_group_name = "postgres"
  priority                    = 110
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  source_address_prefix       = local.subnets.postgres
  destination_port_ranges     = ["5432", "6432"]
  destination_address_prefix  = local.subnets.postgres
}

resource "azurerm_network_security_rule" "postgres_deny_other_vnet_inbound" {
  name                        = "deny-other-vnet-inbound"
  resource_group_name         = "rg"
  network_security_group_name = "postgres"
  priority                    = 4000
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  source_address_prefix       = "VirtualNetwork"
  destination_port_range      = "*"
  destination_address_prefix  = local.subnets.postgres
}
`;

const eventHubs = `
resource "azurerm_eventhub_namespace" "this" {
  name                          = "payments-kafka"
  location                      = "westeurope"
  resource_group_name           = "payments"
  sku                           = "Standard"
  capacity                      = 1
  local_authentication_enabled  = false
  public_network_access_enabled = false
  minimum_tls_version           = "1.2"
}
`;

const budget = `
resource "azurerm_consumption_budget_resource_group" "environment" {
  name              = "checkout-dev-monthly"
  resource_group_id = data.azurerm_resource_group.this.id
  amount            = 558
  time_grain        = "Monthly"
  time_period {
    start_date = "2026-12-01T00:00:00Z"
  }
  filter {
    tag {
      name   = "skyforge-component"
      values = ["checkout"]
    }
  }
  notification {
    threshold      = 80
    operator       = "GreaterThanOrEqualTo"
    contact_roles  = ["Owner"]
  }
}
`;

const containerApps = `
resource "azurerm_subnet" "container_apps" {
  name                 = "container-apps"
  resource_group_name  = "payments-dev-rg"
  virtual_network_name = "payments-dev-vnet"
  address_prefixes     = ["10.42.19.0/24"]
  delegation {
    name = "container-apps"
    service_delegation {
      name    = "Microsoft.App/environments"
      actions = ["Microsoft.Network/virtualNetworks/subnets/join/action"]
    }
  }
}

resource "azurerm_container_app_environment" "this" {
  name                           = "payments-dev-aca"
  location                       = "westeurope"
  resource_group_name            = "payments-dev-rg"
  infrastructure_subnet_id       = azurerm_subnet.container_apps.id
  internal_load_balancer_enabled = true
  log_analytics_workspace_id     = azurerm_log_analytics_workspace.this.id
  workload_profile {
    name                  = "Consumption"
    workload_profile_type = "Consumption"
  }
}

resource "azurerm_container_app" "this" {
  name                         = "payments-dev"
  resource_group_name          = "payments-dev-rg"
  container_app_environment_id = azurerm_container_app_environment.this.id
  revision_mode                = "Multiple"
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }
  registry {
    server   = "paymentsdevacr.azurecr.io"
    identity = azurerm_user_assigned_identity.app.id
  }
  secret {
    name                = "api-token"
    key_vault_secret_id = "https://payments-dev-kv.vault.azure.net/secrets/api-token"
    identity            = azurerm_user_assigned_identity.app.id
  }
  ingress {
    external_enabled           = true
    target_port                = 8080
    allow_insecure_connections = false
    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }
  template {
    container {
      name   = "app"
      image  = "paymentsdevacr.azurecr.io/payments:1.0.0"
      cpu    = 0.5
      memory = "1Gi"
      env {
        name        = "API_TOKEN"
        secret_name = "api-token"
      }
    }
  }
}
`;

const metricAlert = `
resource "azurerm_monitor_metric_alert" "database_cpu" {
  name                = "payments-database-cpu"
  resource_group_name = "rg"
  scopes              = [azurerm_postgresql_flexible_server.this.id]
  window_size         = "PT15M"

  criteria {
    metric_namespace = "Microsoft.DBforPostgreSQL/flexibleServers"
    metric_name      = "cpu_percent"
    aggregation      = "Average"
    operator         = "GreaterThan"
    threshold        = 80
  }

  action {
    action_group_id = azurerm_monitor_action_group.alerts.id
  }
}
`;

const all = [
  aks,
  containerApps,
  storage,
  data,
  access,
  identities,
  provider,
  postgresNetwork,
  eventHubs,
  budget,
  metricAlert,
].join('\n');

const cases: RuleCase[] = [
  {
    rule: 'SKYFORGE_AZURE_METRIC_ALERT_ACTION',
    broken: 'a metric alert that notifies nobody',
    good: metricAlert,
    bad: metricAlert.replace(/\n {2}action \{[^]*?\n {2}\}\n/, '\n'),
  },
  {
    rule: 'SKYFORGE_AZURE_METRIC_ALERT_ACTION',
    broken: 'a disabled metric alert',
    good: metricAlert,
    bad: breakSnippet(
      metricAlert,
      'window_size         = "PT15M"',
      'window_size         = "PT15M"\n  enabled             = false',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_SUBNET_DELEGATED',
    broken: 'infrastructure subnet not delegated to Microsoft.App/environments',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'name    = "Microsoft.App/environments"',
      'name    = "Microsoft.ContainerInstance/containerGroups"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_SUBNET_DELEGATED',
    broken: 'environment outside the VNet',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'infrastructure_subnet_id       = azurerm_subnet.container_apps.id',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_SUBNET_DELEGATED',
    broken: 'delegated subnet without a workload profile',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      `workload_profile {
    name                  = "Consumption"
    workload_profile_type = "Consumption"
  }`,
      '',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_HTTPS_ONLY',
    broken: 'external ingress serving plain HTTP',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'allow_insecure_connections = false',
      'allow_insecure_connections = true',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_REGISTRY_IDENTITY',
    broken: 'registry pulled with the admin password',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'identity = azurerm_user_assigned_identity.app.id\n  }\n  secret',
      'username             = "paymentsdevacr"\n    password_secret_name = "acr-password"\n  }\n  secret',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_REGISTRY_IDENTITY',
    broken: 'registry identity the app does not carry (no AcrPull to use)',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'identity = azurerm_user_assigned_identity.app.id\n  }\n  secret',
      'identity = azurerm_user_assigned_identity.other.id\n  }\n  secret',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_SECRET_REFS',
    broken: 'a secret value in Terraform',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'key_vault_secret_id = "https://payments-dev-kv.vault.azure.net/secrets/api-token"\n    identity            = azurerm_user_assigned_identity.app.id',
      'value = "hunter2"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_SECRET_REFS',
    broken: 'a token as a plain environment value',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'secret_name = "api-token"',
      'value       = "hunter2"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ACA_LOGS',
    broken: 'no Log Analytics workspace',
    good: containerApps,
    bad: breakSnippet(
      containerApps,
      'log_analytics_workspace_id     = azurerm_log_analytics_workspace.this.id',
      '',
    ),
  },
  {
    rule: 'CKV_AZURE_115',
    broken: 'public API server',
    good: aks,
    bad: breakSnippet(
      aks,
      'private_cluster_enabled           = true',
      'private_cluster_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_6',
    broken: 'public API server open to everyone',
    good: breakSnippet(
      aks,
      'private_cluster_enabled           = true',
      'private_cluster_enabled = false\n  api_server_access_profile {\n    authorized_ip_ranges = ["203.0.113.0/24"]\n  }',
    ),
    bad: breakSnippet(
      aks,
      'private_cluster_enabled           = true',
      'private_cluster_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_6',
    broken: 'authorized range 0.0.0.0/0',
    good: aks,
    bad: breakSnippet(
      aks,
      'private_cluster_enabled           = true',
      'api_server_access_profile {\n    authorized_ip_ranges = ["0.0.0.0/0"]\n  }',
    ),
  },
  {
    rule: 'CKV_AZURE_5',
    broken: 'RBAC off',
    good: aks,
    bad: breakSnippet(
      aks,
      'role_based_access_control_enabled = true',
      'role_based_access_control_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_141',
    broken: 'local accounts on by default',
    good: aks,
    bad: breakSnippet(aks, 'local_account_disabled            = true', ''),
  },
  {
    rule: 'CKV_AZURE_7',
    broken: 'no network policy',
    good: aks,
    bad: breakSnippet(aks, 'network_policy      = "cilium"', ''),
  },
  {
    rule: 'CKV_AZURE_116',
    broken: 'no Azure Policy add-on',
    good: aks,
    bad: breakSnippet(
      aks,
      'azure_policy_enabled              = true',
      'azure_policy_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_4',
    broken: 'no OMS agent',
    good: aks,
    bad: aks.replace(/ {2}oms_agent \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_AZURE_227',
    broken: 'system pool without host encryption',
    good: aks,
    bad: breakSnippet(aks, 'host_encryption_enabled      = true', ''),
  },
  {
    rule: 'CKV_AZURE_227',
    broken: 'user pool without host encryption',
    good: aks,
    bad: breakSnippet(
      aks,
      'host_encryption_enabled = true',
      'host_encryption_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_171',
    broken: 'no upgrade channel',
    good: aks,
    bad: breakSnippet(
      aks,
      'automatic_upgrade_channel         = "stable"',
      'automatic_upgrade_channel = "none"',
    ),
  },
  {
    rule: 'CKV_AZURE_232',
    broken: 'apps on the system pool',
    good: aks,
    bad: breakSnippet(aks, 'only_critical_addons_enabled = true', ''),
  },
  {
    rule: 'CKV_AZURE_44',
    broken: 'TLS 1.0',
    good: storage,
    bad: breakSnippet(storage, '"TLS1_2"', '"TLS1_0"'),
  },
  {
    rule: 'CKV_AZURE_59',
    broken: 'public blobs allowed by default',
    good: storage,
    bad: breakSnippet(storage, 'allow_nested_items_to_be_public = false', ''),
  },
  {
    rule: 'CKV2_AZURE_40',
    broken: 'shared keys on',
    good: storage,
    bad: breakSnippet(
      storage,
      'shared_access_key_enabled       = false',
      'shared_access_key_enabled = true',
    ),
  },
  {
    rule: 'CKV_AZURE_35',
    broken: 'network allows by default',
    good: storage,
    bad: breakSnippet(
      storage,
      'default_action = "Deny"',
      'default_action = "Allow"',
    ),
  },
  {
    rule: 'CKV_AZURE_35',
    broken: 'no network rules',
    good: storage
      .replace(/ {2}network_rules \{[^]*?\n {2}\}\n/, '')
      .concat(
        '\nresource "azurerm_storage_account_network_rules" "this" {\n  storage_account_id = azurerm_storage_account.this.id\n  default_action = "Deny"\n}\n',
      ),
    bad: storage.replace(/ {2}network_rules \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_AZURE_137',
    broken: 'admin user on',
    good: storage,
    bad: breakSnippet(
      storage,
      'admin_enabled                 = false',
      'admin_enabled = true',
    ),
  },
  {
    rule: 'CKV_AZURE_138',
    broken: 'anonymous pull on',
    good: storage,
    bad: breakSnippet(
      storage,
      'anonymous_pull_enabled        = false',
      'anonymous_pull_enabled = true',
    ),
  },
  {
    rule: 'CKV_AZURE_139',
    broken: 'public registry by default',
    good: storage,
    bad: breakSnippet(storage, 'public_network_access_enabled = false', ''),
  },
  {
    rule: 'CKV_AZURE_110',
    broken: 'no purge protection',
    good: storage,
    bad: breakSnippet(
      storage,
      'purge_protection_enabled = true',
      'purge_protection_enabled = false',
    ),
  },
  {
    rule: 'CKV2_AZURE_57',
    broken: 'public database',
    good: data,
    bad: breakSnippet(
      data,
      'public_network_access_enabled = false\n  geo',
      'public_network_access_enabled = true\n  geo',
    ),
  },
  {
    rule: 'CKV2_AZURE_57',
    broken: 'not VNet-injected and public by default',
    good: data,
    bad: data
      .replace(/ {2}delegated_subnet_id[^\n]*\n/, '')
      .replace('public_network_access_enabled = false\n  geo', 'geo'),
  },
  {
    rule: 'CKV_AZURE_136',
    broken: 'no geo-redundant backups',
    good: data,
    bad: breakSnippet(
      data,
      'geo_redundant_backup_enabled  = var.geo_redundant_backup',
      'geo_redundant_backup_enabled = false',
    ),
  },
  {
    rule: 'CKV_AZURE_89',
    broken: 'public Redis cache',
    good: legacyRedis,
    bad: breakSnippet(
      legacyRedis,
      'public_network_access_enabled = false',
      'public_network_access_enabled = true',
    ),
  },
  {
    rule: 'CKV_AZURE_89',
    broken: 'public Managed Redis',
    good: data,
    bad: breakSnippet(
      data,
      'public_network_access = "Disabled"',
      'public_network_access = "Enabled"',
    ),
  },
  {
    rule: 'CKV_AZURE_91',
    broken: 'non-SSL port on',
    good: legacyRedis,
    bad: breakSnippet(
      legacyRedis,
      'non_ssl_port_enabled          = false',
      'non_ssl_port_enabled = true',
    ),
  },
  {
    rule: 'CKV_AZURE_91',
    broken: 'Managed Redis in plain text',
    good: data,
    bad: breakSnippet(
      data,
      'client_protocol = "Encrypted"',
      'client_protocol = "Plaintext"',
    ),
  },
  {
    rule: 'CKV_AZURE_148',
    broken: 'Redis TLS 1.0',
    good: legacyRedis,
    bad: breakSnippet(
      legacyRedis,
      'minimum_tls_version           = "1.2"',
      'minimum_tls_version = "1.0"',
    ),
  },
  {
    rule: 'CKV_AZURE_12',
    broken: 'flow logs kept 30 days',
    good: data,
    bad: breakSnippet(data, 'days    = 90', 'days = 30'),
  },
  {
    rule: 'SKYFORGE_AZURE_PLAN_READ_ONLY',
    broken: 'the plan identity writes state',
    good: identities,
    bad: breakSnippet(
      identities,
      '"Storage Blob Data Reader"',
      '"Storage Blob Data Contributor"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_PLAN_READS_CLUSTERS',
    broken: 'Reader only, so AKS credentials cannot be listed',
    good: identities,
    bad: breakSnippet(
      identities,
      '"Azure Kubernetes Service Cluster User Role"',
      '"Monitoring Reader"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_ENVIRONMENT_SCOPE',
    broken: 'Contributor on the subscription',
    good: identities,
    bad: breakSnippet(
      identities,
      'azurerm_resource_group.environment[each.key].id',
      'data.azurerm_subscription.current.id',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_CLUSTER_ACCESS',
    broken: 'no AKS RBAC role with local accounts off',
    good: [aks, access].join('\n'),
    bad: aks,
  },
  {
    rule: 'SKYFORGE_AZURE_APP_ROUTING_CERTIFICATE',
    broken: 'the add-on identity cannot read the vault',
    good: [aks, access].join('\n'),
    bad: [
      aks,
      breakSnippet(
        access,
        'azurerm_kubernetes_cluster.this.web_app_routing[0].web_app_routing_identity[0].object_id',
        'var.someone_else',
      ),
    ].join('\n'),
  },
  {
    rule: 'SKYFORGE_AZURE_DATABASE_ADMIN_NOT_APP',
    broken: 'the application identity as administrator',
    good: access,
    bad: breakSnippet(
      access,
      'object_id           = var.entra_administrator.object_id',
      'object_id           = var.entra_admin_group == null ? var.app_principal_id : var.entra_admin_group.object_id',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_STORAGE_DATA_PLANE',
    broken: 'private storage managed through its data plane',
    good: [storage, provider].join('\n'),
    bad: [storage, 'provider "azurerm" {\n  features {}\n}\n'].join('\n'),
  },
  {
    rule: 'SKYFORGE_AZURE_POSTGRES_HA_TRAFFIC',
    broken: 'the standby cannot reach the primary',
    good: postgresNetwork,
    bad: breakSnippet(
      postgresNetwork,
      'access                      = "Allow"',
      'access                      = "Deny"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_NETWORK_WATCHER_LOOKUP',
    broken: 'an assumed Network Watcher',
    good: data,
    bad: breakSnippet(
      data,
      'network_watcher_name = data.azurerm_network_watcher.this.name',
      'network_watcher_name = "NetworkWatcher_westeurope"',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_MANAGED_REDIS',
    broken: 'the retiring Azure Cache for Redis',
    good: data,
    bad: legacyRedis,
  },
  {
    rule: 'SKYFORGE_AZURE_MANAGED_REDIS',
    broken: 'Managed Redis with access keys',
    good: data,
    bad: breakSnippet(
      data,
      'client_protocol = "Encrypted"',
      'client_protocol                    = "Encrypted"\n    access_keys_authentication_enabled = true',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_EVENTHUB_ENTRA_ONLY',
    broken: 'SAS keys allowed by default',
    good: eventHubs,
    bad: breakSnippet(eventHubs, 'local_authentication_enabled  = false', ''),
  },
  {
    rule: 'SKYFORGE_AZURE_EVENTHUB_PRIVATE',
    broken: 'public network access on',
    good: eventHubs,
    bad: breakSnippet(
      eventHubs,
      'public_network_access_enabled = false',
      'public_network_access_enabled = true',
    ),
  },
  {
    rule: 'SKYFORGE_AZURE_EVENTHUB_TLS',
    broken: 'TLS 1.0 allowed',
    good: eventHubs,
    bad: breakSnippet(eventHubs, '"1.2"', '"1.0"'),
  },
  {
    rule: 'SKYFORGE_AZURE_EVENTHUB_KAFKA_TIER',
    broken: 'Basic tier without the Kafka endpoint',
    good: eventHubs,
    bad: breakSnippet(eventHubs, '"Standard"', '"Basic"'),
  },
  {
    rule: 'SKYFORGE_AZURE_BUDGET_ATTRIBUTION',
    broken: 'budget filtered by another tag',
    good: budget,
    bad: breakSnippet(budget, 'name   = "skyforge-component"', 'name = "team"'),
  },
  {
    rule: 'SKYFORGE_AZURE_BUDGET_ATTRIBUTION',
    broken: 'budget over the whole resource group',
    good: budget,
    bad: budget.replace(/ {2}filter \{[^]*?\n {2}\}\n/, ''),
  },
];

describe('Azure rules', () => {
  itChecksEveryRule({ cloud: 'azure', label: 'Azure', baseline: all, cases });

  it('only applies rules whose resource types are present', async () => {
    const violations = await violationsOf(
      'resource "azurerm_resource_group" "this" {\n  name = "rg"\n  location = "westeurope"\n}\n',
    );
    expect(violations).toEqual([]);
  });
});
