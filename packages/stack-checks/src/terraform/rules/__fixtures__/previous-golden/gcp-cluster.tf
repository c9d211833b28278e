# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/modules/cluster/gcp/main.tf
resource "google_container_cluster" "this" {
  project             = var.project_id
  name                = var.name
  location            = local.location
  resource_labels     = var.labels
  deletion_protection = var.deletion_protection

  network         = var.network_id
  subnetwork      = var.subnetwork_id
  networking_mode = "VPC_NATIVE"

  # Dataplane V2 (eBPF): enforces NetworkPolicy and logs policy decisions, no Calico add-on needed.
  datapath_provider = "ADVANCED_DATAPATH"

  min_master_version = var.kubernetes_version
  release_channel {
    channel = "REGULAR"
  }

  # Node pools are managed below. GKE still creates a default pool first; it runs with the
  # dedicated service account and hardened settings for the few minutes it exists.
  remove_default_node_pool = true
  initial_node_count       = 1
  node_config {
    service_account = google_service_account.nodes.email
    oauth_scopes    = ["https://www.googleapis.com/auth/cloud-platform"]
    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
    workload_metadata_config {
      mode = "GKE_METADATA"
    }
  }

  ip_allocation_policy {
    cluster_secondary_range_name  = var.pods_range_name
    services_secondary_range_name = var.services_range_name
  }

  # Nodes have internal IPs only. The control plane is reached over Private Service Connect; its
  # IP endpoint is private unless public_endpoint_cidrs lists networks to admit.
  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = length(var.public_endpoint_cidrs) == 0
  }
  master_authorized_networks_config {
    # Do not admit every Google Cloud public IP (other customers' VMs, Cloud Shell).
    gcp_public_cidrs_access_enabled = false
    dynamic "cidr_blocks" {
      for_each = local.authorized_cidrs
      content {
        cidr_block   = cidr_blocks.value
        display_name = cidr_blocks.value
      }
    }
  }
  # The DNS endpoint admits callers by IAM (container.clusters.connect) rather than by source IP,
  # so CI runners outside the VPC can deploy while the IP endpoint stays private.
  control_plane_endpoints_config {
    dns_endpoint_config {
      allow_external_traffic = true
    }
  }

  # Client certificates and legacy ABAC are long-lived credentials outside IAM; keep both off.
  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
  enable_legacy_abac    = false
  enable_shielded_nodes = true

  workload_identity_config {
    workload_pool = local.workload_pool
  }

  # Admission checks against the project's Binary Authorization policy (tighten it to attested images).
  binary_authorization {
    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"
  }

  # Free workload configuration audit in the security posture dashboard.
  security_posture_config {
    mode = "BASIC"
  }

  # Splits the cluster bill by namespace and label in the billing export (cost attribution).
  cost_management_config {
    enabled = true
  }

  # Secrets in etcd are encrypted with a key this project controls, not only Google's default key.
  database_encryption {
    state    = "ENCRYPTED"
    key_name = google_kms_crypto_key.etcd.id
  }

  logging_config {
    enable_components = [
      "SYSTEM_COMPONENTS",
      "APISERVER",
      "CONTROLLER_MANAGER",
      "SCHEDULER",
      "WORKLOADS",
    ]
  }
  monitoring_config {
    enable_components = var.monitoring_components
    managed_prometheus {
      enabled = true
    }
  }

  addons_config {
    # GKE Ingress (class "gce") for the application.
    http_load_balancing {
      disabled = false
    }
    horizontal_pod_autoscaling {
      disabled = false
    }
    gce_persistent_disk_csi_driver_config {
      enabled = true
    }
  }

  # Automatic upgrades and repairs happen at weekends, 02:00 to 08:00 UTC.
  maintenance_policy {
    recurring_window {
      start_time = "2025-01-04T02:00:00Z"
      end_time   = "2025-01-04T08:00:00Z"
      recurrence = "FREQ=WEEKLY;BYDAY=SA,SU"
    }
  }

  lifecycle {
    # Describes only the temporary default pool, which no longer exists after creation.
    ignore_changes = [node_config, initial_node_count]
  }

  depends_on = [google_kms_crypto_key_iam_member.etcd]
}

# infra/modules/cluster/gcp/main.tf
resource "google_service_account_iam_member" "app_workload_identity" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${local.workload_pool}[${var.app_namespace}/${var.app_namespace}]"

  # The workload pool exists once the first cluster with Workload Identity does.
  depends_on = [google_container_cluster.this]
}
