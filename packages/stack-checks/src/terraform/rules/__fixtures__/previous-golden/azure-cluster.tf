# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/modules/cluster/azure/main.tf
# Private AKS cluster: the API server has only a private IP in the VNet (API server VNet
# integration), users sign in with Entra ID and are authorised by Azure RBAC, and no local
# admin account or run-command backdoor exists.
resource "azurerm_kubernetes_cluster" "this" {
  name                = "${var.name_prefix}-aks"
  location            = var.location
  resource_group_name = var.resource_group_name
  dns_prefix          = var.name_prefix
  kubernetes_version  = var.kubernetes_version
  # Standard adds the uptime SLA (production); Free has none.
  sku_tier              = var.sku_tier
  cost_analysis_enabled = var.sku_tier != "Free"
  # Minor and patch upgrades follow the "stable" channel; node images are refreshed weekly.
  automatic_upgrade_channel           = "stable"
  node_os_upgrade_channel             = "NodeImage"
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = false
  private_dns_zone_id                 = "System"
  local_account_disabled              = true
  role_based_access_control_enabled   = true
  run_command_enabled                 = false
  oidc_issuer_enabled                 = true
  workload_identity_enabled           = true
  azure_policy_enabled                = true
  image_cleaner_enabled               = true
  image_cleaner_interval_hours        = 48
  api_server_access_profile {
    virtual_network_integration_enabled = true
    subnet_id                           = var.api_server_subnet_id
  }
  azure_active_directory_role_based_access_control {
    azure_rbac_enabled     = true
    tenant_id              = data.azurerm_client_config.current.tenant_id
    admin_group_object_ids = var.admin_group_object_ids
  }
  # User-assigned identities survive cluster re-creation and can be granted roles up front.
  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.control_plane.id]
  }
  kubelet_identity {
    client_id                 = azurerm_user_assigned_identity.kubelet.client_id
    object_id                 = azurerm_user_assigned_identity.kubelet.principal_id
    user_assigned_identity_id = azurerm_user_assigned_identity.kubelet.id
  }
  # System pool: only critical add-ons run here (CriticalAddonsOnly taint), spread over three
  # zones. Encryption at host needs the EncryptionAtHost feature registered on the subscription.
  default_node_pool {
    name                         = "system"
    temporary_name_for_rotation  = "systemtmp"
    vm_size                      = var.system_pool.vm_size
    os_sku                       = "AzureLinux"
    os_disk_size_gb              = var.system_pool.os_disk_size_gb
    host_encryption_enabled      = true
    only_critical_addons_enabled = true
    auto_scaling_enabled         = true
    min_count                    = var.system_pool.min_count
    max_count                    = var.system_pool.max_count
    zones                        = ["1", "2", "3"]
    vnet_subnet_id               = var.nodes_subnet_id
    node_labels = {
      "skyforge.io/pool" = "system"
    }
    upgrade_settings {
      max_surge                     = "10%"
      drain_timeout_in_minutes      = 30
      node_soak_duration_in_minutes = 0
    }
    tags = var.tags
  }
  # Azure CNI overlay with the Cilium dataplane enforces NetworkPolicy; egress leaves through the
  # NAT gateway of the node subnet. Service and pod ranges are outside the VNet range.
  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    outbound_type       = "userAssignedNATGateway"
    load_balancer_sku   = "standard"
    pod_cidr            = var.pod_cidr
    service_cidr        = var.service_cidr
    dns_service_ip      = cidrhost(var.service_cidr, 10)
  }
  auto_scaler_profile {
    balance_similar_node_groups      = true
    expander                         = "least-waste"
    scan_interval                    = "10s"
    new_pod_scale_up_delay           = "0s"
    max_node_provisioning_time       = "15m"
    scale_down_delay_after_add       = "10m"
    scale_down_unneeded              = "10m"
    scale_down_utilization_threshold = "0.5"
    max_graceful_termination_sec     = "600"
    skip_nodes_with_local_storage    = false
    skip_nodes_with_system_pods      = true
  }
  # Upgrades happen on Sunday mornings (UTC), node images after the control plane.
  maintenance_window_auto_upgrade {
    frequency   = "Weekly"
    interval    = 1
    day_of_week = "Sunday"
    start_time  = "02:00"
    utc_offset  = "+00:00"
    duration    = 4
  }
  maintenance_window_node_os {
    frequency   = "Weekly"
    interval    = 1
    day_of_week = "Sunday"
    start_time  = "06:00"
    utc_offset  = "+00:00"
    duration    = 4
  }
  # Container insights and Defender report to the workspace; the agent authenticates with its managed identity.
  oms_agent {
    log_analytics_workspace_id      = azurerm_log_analytics_workspace.this.id
    msi_auth_for_monitoring_enabled = true
  }
  microsoft_defender {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id
  }
  # Managed Prometheus: the monitoring module links the metrics to an Azure Monitor workspace.
  monitor_metrics {}
  # Secrets Store CSI driver, reading Key Vault secrets with the app identity.
  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }
  # Application routing add-on (managed NGINX): IngressClass webapprouting.kubernetes.azure.com.
  # No DNS zones are managed by it; point the ingress host at the load balancer yourself.
  web_app_routing {
    dns_zone_ids = []
  }
  tags = var.tags
  lifecycle {
    # The upgrade channel moves these forward; Terraform must not roll them back.
    ignore_changes = [kubernetes_version, default_node_pool[0].node_count]
  }
  depends_on = [
    azurerm_role_assignment.control_plane_nodes_subnet,
    azurerm_role_assignment.control_plane_api_server_subnet,
    azurerm_role_assignment.control_plane_kubelet_identity,
  ]
}
