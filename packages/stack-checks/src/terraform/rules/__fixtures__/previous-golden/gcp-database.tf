# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/modules/database/gcp/main.tf
resource "google_sql_database_instance" "this" {
  project             = var.project_id
  region              = var.region
  name                = "${var.name}-postgres"
  database_version    = "POSTGRES_16"
  deletion_protection = var.deletion_protection

  # Encrypted at rest with a Google-managed key. A customer-managed key would need the Cloud SQL
  # service agent, which only the google-beta provider can create before the first instance.
  settings {
    # PostgreSQL 16 defaults to Enterprise Plus, which has no custom (db-custom-*) tiers.
    edition                     = "ENTERPRISE"
    tier                        = var.tier
    availability_type           = var.high_availability ? "REGIONAL" : "ZONAL"
    deletion_protection_enabled = var.deletion_protection
    disk_type                   = "PD_SSD"
    disk_size                   = var.disk_size_gb
    disk_autoresize             = true
    user_labels                 = var.labels

    # Private IP only (CKV_GCP_60); clients must use TLS (CKV_GCP_6).
    ip_configuration {
      ipv4_enabled       = false
      private_network    = var.network_id
      allocated_ip_range = var.private_services_range_name
      ssl_mode           = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      start_time                     = "02:00"
      point_in_time_recovery_enabled = true
      # Write-ahead logs for point-in-time recovery; Enterprise edition keeps at most 7 days.
      transaction_log_retention_days = min(7, var.backup_retention_days)
      backup_retention_settings {
        retained_backups = var.backup_retention_days
        retention_unit   = "COUNT"
      }
    }

    maintenance_window {
      day          = 7
      hour         = 3
      update_track = "stable"
    }

    insights_config {
      query_insights_enabled = true
      record_client_address  = false
    }

    # IAM database authentication, so no password exists anywhere; connection and lock logging.
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
    }
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    database_flags {
      name  = "log_min_messages"
      value = "warning"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
  }
}
