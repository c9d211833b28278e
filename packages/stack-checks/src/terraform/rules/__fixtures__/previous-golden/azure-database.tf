# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/modules/database/azure/main.tf
# The Entra administrator: a group when one is given (recommended: people administer, and the
# application gets its own role), otherwise the application identity itself.
resource "azurerm_postgresql_flexible_server_active_directory_administrator" "this" {
  server_name         = azurerm_postgresql_flexible_server.this.name
  resource_group_name = var.resource_group_name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  object_id           = var.entra_admin_group == null ? var.app_principal_id : var.entra_admin_group.object_id
  principal_name      = var.entra_admin_group == null ? var.app_identity_name : var.entra_admin_group.display_name
  principal_type      = var.entra_admin_group == null ? "ServicePrincipal" : "Group"
}

# infra/modules/cache/azure/main.tf
# Azure Cache for Redis: TLS 1.2 only (no plain-text port), no public endpoint, and Entra ID
# authentication instead of access keys, so no key exists to leak.
resource "azurerm_redis_cache" "this" {
  name                               = var.cache_name
  location                           = var.location
  resource_group_name                = var.resource_group_name
  sku_name                           = var.sku_name
  family                             = var.family
  capacity                           = var.capacity
  redis_version                      = "6"
  non_ssl_port_enabled               = false
  minimum_tls_version                = "1.2"
  public_network_access_enabled      = false
  access_keys_authentication_enabled = false
  # Premium only: replicas spread over zones where the environment pays for availability.
  zones                = var.zones
  replicas_per_primary = var.replicas_per_primary
  redis_configuration {
    active_directory_authentication_enabled = true
    maxmemory_policy                        = "volatile-lru"
  }
  patch_schedule {
    day_of_week    = "Sunday"
    start_hour_utc = 4
  }
  tags = var.tags
}
