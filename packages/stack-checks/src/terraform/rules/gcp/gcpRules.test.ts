import {
  breakSnippet,
  itChecksEveryRule,
  RuleCase,
  violationsOf,
} from '../ruleTesting';

const gke = `
resource "google_container_cluster" "this" {
  name                     = "payments"
  location                 = "europe-west1"
  remove_default_node_pool = true
  initial_node_count       = 1
  datapath_provider        = "ADVANCED_DATAPATH"
  enable_shielded_nodes    = true
  enable_legacy_abac       = false
  logging_service          = "logging.googleapis.com/kubernetes"
  monitoring_service       = "monitoring.googleapis.com/kubernetes"

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.0.0.0/8"
      display_name = "internal"
    }
  }

  workload_identity_config {
    workload_pool = "project.svc.id.goog"
  }

  release_channel {
    channel = "REGULAR"
  }

  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }

  logging_config {
    enable_components = ["SYSTEM_COMPONENTS", "WORKLOADS"]
  }
}

resource "google_container_node_pool" "apps" {
  name    = "apps"
  cluster = google_container_cluster.this.id

  management {
    auto_repair  = true
    auto_upgrade = true
  }

  node_config {
    service_account = google_service_account.nodes.email

    workload_metadata_config {
      mode = "GKE_METADATA"
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_integrity_monitoring = true
    }
  }
}
`;

const data = `
resource "google_sql_database_instance" "this" {
  name             = "payments"
  database_version = "POSTGRES_16"
  region           = "europe-west1"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = var.network_id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }

    database_flags {
      name  = "cloudsql.enable_pgaudit"
      value = "on"
    }
  }
}

resource "google_redis_instance" "this" {
  name                    = "payments"
  memory_size_gb          = 1
  auth_enabled            = true
  transit_encryption_mode = "SERVER_AUTHENTICATION"
}

resource "google_storage_bucket" "this" {
  name                        = "payments-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_iam_member" "app" {
  bucket = google_storage_bucket.this.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:app@project.iam.gserviceaccount.com"
}

resource "google_artifact_registry_repository_iam_member" "nodes" {
  repository = "payments"
  role       = "roles/artifactregistry.reader"
  member     = "serviceAccount:nodes@project.iam.gserviceaccount.com"
}

resource "google_artifact_registry_repository" "this" {
  repository_id = "payments"
  location      = "europe-west1"
  format        = "DOCKER"

  docker_config {
    immutable_tags = true
  }
}
`;

const network = `
resource "google_compute_subnetwork" "nodes" {
  name                     = "nodes"
  network                  = google_compute_network.this.id
  ip_cidr_range            = "10.10.0.0/20"
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_5_SEC"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_subnetwork" "proxy" {
  name          = "proxy"
  network       = google_compute_network.this.id
  ip_cidr_range = "10.20.0.0/23"
  purpose       = "REGIONAL_MANAGED_PROXY"
  role          = "ACTIVE"
}

resource "google_kms_crypto_key" "this" {
  name            = "payments"
  key_ring        = google_kms_key_ring.this.id
  rotation_period = "7776000s"
}
`;

/** The GKE Ingress front door: a TLS 1.2+ SSL policy and a reserved global address. */
const frontDoor = `
resource "google_compute_ssl_policy" "ingress" {
  name            = "payments-tls"
  profile         = "MODERN"
  min_tls_version = "TLS_1_2"
}

resource "google_compute_global_address" "ingress" {
  name = "payments-ingress"
}
`;

/** A cluster that pins a minimum version, checked against what GKE offers. */
const versionedGke = breakSnippet(
  gke,
  'remove_default_node_pool = true',
  `remove_default_node_pool = true
  min_master_version       = var.kubernetes_version

  lifecycle {
    precondition {
      condition     = length(data.google_container_engine_versions.this.valid_master_versions) > 0
      error_message = "Kubernetes \${var.kubernetes_version} is no longer offered."
    }
  }`,
);

const IAM_ADMIN_CONDITION = `  condition {
    title      = "Only the roles the environment grants"
    expression = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(\${jsonencode(local.grantable_roles)})"
  }
`;

/** CI and application identities as the bootstrap and cluster module render them. */
const identity = `
locals {
  services        = ["container.googleapis.com", "redis.googleapis.com"]
  ci_roles        = ["roles/container.admin", "roles/storage.admin"]
  grantable_roles = ["roles/logging.logWriter"]
  ci_bindings = {
    for pair in setproduct(keys(var.projects), local.ci_roles) : "\${pair[0]} \${pair[1]}" => {
      environment = pair[0]
      role        = pair[1]
    }
  }
}

resource "google_project_service" "this" {
  for_each = toset(local.services)
  project  = var.project_id
  service  = each.value
}

resource "google_service_account" "ci" {
  for_each   = var.projects
  project    = each.value
  account_id = "payments-ci-\${each.key}"
}

resource "google_project_iam_member" "ci" {
  for_each = local.ci_bindings
  project  = var.projects[each.value.environment]
  role     = each.value.role
  member   = google_service_account.ci[each.value.environment].member
}

resource "google_project_iam_member" "ci_grant_roles" {
  for_each = var.projects
  project  = each.value
  role     = "roles/resourcemanager.projectIamAdmin"
  member   = google_service_account.ci[each.key].member

${IAM_ADMIN_CONDITION}}

resource "google_project_iam_custom_role" "plan" {
  for_each    = toset(values(var.projects))
  project     = each.value
  role_id     = "payments_plan_reader"
  title       = "Terraform plan reads"
  permissions = ["redis.instances.getAuthString"]
}

resource "google_service_account_iam_member" "app_workload_identity" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:\${local.workload_pool}[\${var.app_namespace}/\${var.app_service_account}]"
}
`;

const kafka = `
resource "google_managed_kafka_cluster" "this" {
  cluster_id = "payments-kafka"
  location   = "us-central1"

  capacity_config {
    vcpu_count   = "3"
    memory_bytes = "12884901888"
  }

  gcp_config {
    access_config {
      network_configs {
        subnet = google_compute_subnetwork.nodes.id
      }
    }
  }
}

resource "google_managed_kafka_acl" "orders" {
  cluster  = google_managed_kafka_cluster.this.cluster_id
  location = "us-central1"
  acl_id   = "topic/orders"

  acl_entries {
    principal       = "User:app@payments.iam.gserviceaccount.com"
    permission_type = "ALLOW"
    operation       = "ALL"
  }
}

resource "google_project_iam_member" "kafka_client" {
  project = "payments"
  role    = "roles/managedkafka.client"
  member  = "serviceAccount:app@payments.iam.gserviceaccount.com"
}
`;

const budget = `
resource "google_billing_budget" "environment" {
  billing_account = var.billing_account_id
  display_name    = "checkout-dev"
  budget_filter {
    projects = ["projects/123"]
    labels = {
      "skyforge-component" = "checkout"
    }
  }
  amount {
    specified_amount {
      currency_code = "USD"
      units         = "634"
    }
  }
}
`;

/** A Cloud Run service behind an HTTPS load balancer, as the serverless module renders it. */
const cloudRun = `
resource "google_cloud_run_v2_service" "this" {
  name                 = "payments-dev"
  location             = "europe-west1"
  ingress              = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
  invoker_iam_disabled = true
  template {
    service_account = google_service_account.app.email
    containers {
      image = "europe-west1-docker.pkg.dev/acme/payments/api:1.0.0"
      env {
        name  = "LOG_LEVEL"
        value = "info"
      }
      env {
        name = "REDIS_AUTH"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.auth.id
            version = "latest"
          }
        }
      }
    }
  }
}
`;

const alertPolicy = `
resource "google_monitoring_alert_policy" "service" {
  display_name          = "lab: ServiceErrors"
  combiner              = "OR"
  notification_channels = local.notification_channels

  conditions {
    display_name = "More than 5 % of the requests answered 5xx."
    condition_prometheus_query_language {
      query    = "sum(rate(run_googleapis_com:request_count[5m])) > 1"
      duration = "300s"
    }
  }
}
`;

const all = [
  alertPolicy,
  versionedGke,
  frontDoor,
  data,
  network,
  identity,
  kafka,
  budget,
  cloudRun,
].join('\n');

/** The cluster keeping its default pool, so its own node_config is judged. */
const gkeWithDefaultPool = breakSnippet(
  gke,
  'remove_default_node_pool = true',
  'remove_default_node_pool = false\n  node_config {\n    service_account = var.node_service_account\n    workload_metadata_config {\n      mode = "GKE_METADATA"\n    }\n    shielded_instance_config {\n      enable_secure_boot = true\n    }\n  }',
);

const cases: RuleCase[] = [
  {
    rule: 'SKYFORGE_GCP_ALERT_POLICY_CHANNELS',
    broken: 'an alert policy that notifies nobody',
    good: alertPolicy,
    bad: breakSnippet(
      alertPolicy,
      'notification_channels = local.notification_channels',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_ALERT_POLICY_CHANNELS',
    broken: 'a disabled alert policy',
    good: alertPolicy,
    bad: breakSnippet(
      alertPolicy,
      'notification_channels = local.notification_channels',
      'notification_channels = local.notification_channels\n  enabled = false',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_PROJECT_PER_ENVIRONMENT',
    broken: 'every environment in one project',
    good: identity,
    bad: breakSnippet(
      identity,
      'project    = each.value\n  account_id',
      'project    = var.project_id\n  account_id',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_PLAN_READS_REDIS_AUTH',
    broken: 'Memorystore on, no role to read its AUTH string',
    good: identity,
    bad: breakSnippet(
      identity,
      'permissions = ["redis.instances.getAuthString"]',
      'permissions = ["redis.instances.get"]',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CONDITIONAL_IAM_ADMIN',
    broken: 'projectIamAdmin among the unconditional CI roles',
    good: identity,
    bad: breakSnippet(
      identity,
      'ci_roles        = ["roles/container.admin", "roles/storage.admin"]',
      'ci_roles        = ["roles/container.admin", "roles/resourcemanager.projectIamAdmin"]',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CONDITIONAL_IAM_ADMIN',
    broken: 'projectIamAdmin without its condition',
    good: identity,
    bad: breakSnippet(identity, IAM_ADMIN_CONDITION, ''),
  },
  {
    rule: 'SKYFORGE_GCP_WORKLOAD_IDENTITY_MEMBER',
    broken: 'member names the namespace twice',
    good: identity,
    bad: breakSnippet(
      identity,
      '[${var.app_namespace}/${var.app_service_account}]',
      '[${var.app_namespace}/${var.app_namespace}]',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_VERSION_OFFERED',
    broken: 'a pinned minimum version nobody checks',
    good: versionedGke,
    bad: breakSnippet(
      gke,
      'remove_default_node_pool = true',
      'remove_default_node_pool = true\n  min_master_version       = var.kubernetes_version',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_INGRESS_TLS',
    broken: 'no SSL policy (TLS 1.0 accepted)',
    good: [gke, frontDoor].join('\n'),
    bad: gke,
  },
  {
    rule: 'SKYFORGE_GCP_INGRESS_TLS',
    broken: 'a COMPATIBLE SSL policy',
    good: [gke, frontDoor].join('\n'),
    bad: [gke, breakSnippet(frontDoor, '"MODERN"', '"COMPATIBLE"')].join('\n'),
  },
  {
    rule: 'SKYFORGE_GCP_INGRESS_TLS',
    broken: 'no reserved global address',
    good: [gke, frontDoor].join('\n'),
    bad: [
      gke,
      breakSnippet(
        frontDoor,
        'resource "google_compute_global_address" "ingress"',
        'resource "google_compute_address" "ingress"',
      ),
    ].join('\n'),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_SQL_PGAUDIT',
    broken: 'pgAudit off',
    good: data,
    bad: breakSnippet(data, '"cloudsql.enable_pgaudit"', '"log_connections"'),
  },
  {
    rule: 'CKV_GCP_25',
    broken: 'public nodes',
    good: gke,
    bad: breakSnippet(
      gke,
      'enable_private_nodes    = true',
      'enable_private_nodes = false',
    ),
  },
  {
    rule: 'CKV_GCP_25',
    broken: 'pool opting out of private nodes',
    good: gke,
    bad: breakSnippet(
      gke,
      'cluster = google_container_cluster.this.id',
      'cluster = google_container_cluster.this.id\n  network_config {\n    enable_private_nodes = false\n  }',
    ),
  },
  {
    rule: 'CKV_GCP_18',
    broken: 'public control plane without authorized networks',
    good: gke,
    bad: gke.replace(
      / {2}master_authorized_networks_config \{[^]*?\n {2}\}\n/,
      '',
    ),
  },
  {
    rule: 'CKV_GCP_18',
    broken: 'authorized networks open to the world',
    good: breakSnippet(
      gke,
      'enable_private_endpoint = false',
      'enable_private_endpoint = true',
    ),
    bad: breakSnippet(gke, '"10.0.0.0/8"', '"0.0.0.0/0"'),
  },
  {
    rule: 'CKV_GCP_69',
    broken: 'node metadata exposed',
    good: gke,
    bad: breakSnippet(gke, 'mode = "GKE_METADATA"', 'mode = "GCE_METADATA"'),
  },
  {
    rule: 'CKV_GCP_69',
    broken: 'no workload identity',
    good: gke,
    bad: gke.replace(/ {2}workload_identity_config \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_GCP_69',
    broken: 'default pool without GKE_METADATA',
    good: gkeWithDefaultPool,
    bad: breakSnippet(
      gkeWithDefaultPool,
      'mode = "GKE_METADATA"\n    }\n    shielded_instance_config {\n      enable_secure_boot = true',
      'mode = "MODE_UNSPECIFIED"\n    }\n    shielded_instance_config {\n      enable_secure_boot = true',
    ),
  },
  {
    rule: 'CKV_GCP_9',
    broken: 'auto-repair off',
    good: gke,
    bad: breakSnippet(gke, 'auto_repair  = true', 'auto_repair = false'),
  },
  {
    rule: 'CKV_GCP_10',
    broken: 'auto-upgrade off',
    good: gke,
    bad: breakSnippet(gke, 'auto_upgrade = true', 'auto_upgrade = false'),
  },
  {
    rule: 'CKV_GCP_71',
    broken: 'shielded nodes off',
    good: gke,
    bad: breakSnippet(
      gke,
      'enable_shielded_nodes    = true',
      'enable_shielded_nodes = false',
    ),
  },
  {
    rule: 'CKV_GCP_68',
    broken: 'secure boot omitted (defaults to off)',
    good: gke,
    bad: breakSnippet(gke, 'enable_secure_boot          = true', ''),
  },
  {
    rule: 'CKV_GCP_72',
    broken: 'integrity monitoring off',
    good: gke,
    bad: breakSnippet(
      gke,
      'enable_integrity_monitoring = true',
      'enable_integrity_monitoring = false',
    ),
  },
  {
    rule: 'CKV_GCP_12',
    broken: 'no network policy and legacy dataplane',
    good: breakSnippet(
      gke,
      'datapath_provider        = "ADVANCED_DATAPATH"',
      'network_policy {\n    enabled = true\n  }',
    ),
    bad: breakSnippet(
      gke,
      'datapath_provider        = "ADVANCED_DATAPATH"',
      'datapath_provider = "LEGACY_DATAPATH"',
    ),
  },
  {
    rule: 'CKV2_GCP_1',
    broken: 'default compute service account',
    good: gke,
    bad: breakSnippet(
      gke,
      'service_account = google_service_account.nodes.email',
      'service_account = "123-compute@developer.gserviceaccount.com"',
    ),
  },
  {
    rule: 'CKV2_GCP_1',
    broken: 'no service account on the default pool',
    good: gkeWithDefaultPool,
    bad: breakSnippet(
      gkeWithDefaultPool,
      'service_account = var.node_service_account',
      '',
    ),
  },
  {
    rule: 'CKV_GCP_70',
    broken: 'no release channel',
    good: gke,
    bad: gke.replace(/ {2}release_channel \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_GCP_13',
    broken: 'client certificate issued',
    good: gke,
    bad: breakSnippet(
      gke,
      'issue_client_certificate = false',
      'issue_client_certificate = true',
    ),
  },
  {
    rule: 'CKV_GCP_7',
    broken: 'legacy ABAC on',
    good: gke,
    bad: breakSnippet(
      gke,
      'enable_legacy_abac       = false',
      'enable_legacy_abac = true',
    ),
  },
  {
    rule: 'CKV_GCP_1',
    broken: 'logging off',
    good: gke,
    bad: breakSnippet(gke, '"logging.googleapis.com/kubernetes"', '"none"'),
  },
  {
    rule: 'CKV_GCP_8',
    broken: 'monitoring off',
    good: gke,
    bad: breakSnippet(gke, '"monitoring.googleapis.com/kubernetes"', '"none"'),
  },
  {
    rule: 'CKV_GCP_60',
    broken: 'public IP by default',
    good: data,
    bad: breakSnippet(data, 'ipv4_enabled    = false', ''),
  },
  {
    rule: 'CKV_GCP_11',
    broken: 'authorized network 0.0.0.0/0',
    good: data,
    bad: breakSnippet(
      data,
      'ssl_mode        = "ENCRYPTED_ONLY"',
      'ssl_mode = "ENCRYPTED_ONLY"\n      authorized_networks {\n        value = "0.0.0.0/0"\n      }',
    ),
  },
  {
    rule: 'CKV_GCP_6',
    broken: 'SSL optional',
    good: data,
    bad: breakSnippet(
      data,
      'ssl_mode        = "ENCRYPTED_ONLY"',
      'ssl_mode = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"',
    ),
  },
  {
    rule: 'CKV_GCP_14',
    broken: 'backups off',
    good: data,
    bad: breakSnippet(
      data,
      'enabled                        = true',
      'enabled = false',
    ),
  },
  {
    rule: 'CKV_GCP_95',
    broken: 'Memorystore without AUTH',
    good: data,
    bad: breakSnippet(data, 'auth_enabled            = true', ''),
  },
  {
    rule: 'CKV_GCP_97',
    broken: 'Memorystore without TLS',
    good: data,
    bad: breakSnippet(data, '"SERVER_AUTHENTICATION"', '"DISABLED"'),
  },
  {
    rule: 'CKV_GCP_29',
    broken: 'fine-grained ACLs',
    good: data,
    bad: breakSnippet(
      data,
      'uniform_bucket_level_access = true',
      'uniform_bucket_level_access = false',
    ),
  },
  {
    rule: 'CKV_GCP_114',
    broken: 'public access prevention inherited',
    good: data,
    bad: breakSnippet(data, 'public_access_prevention    = "enforced"', ''),
  },
  {
    rule: 'CKV_GCP_28',
    broken: 'bucket readable by allUsers',
    good: data,
    bad: breakSnippet(
      data,
      'member = "serviceAccount:app@project.iam.gserviceaccount.com"',
      'member = "allUsers"',
    ),
  },
  {
    rule: 'CKV_GCP_101',
    broken: 'public registry',
    good: data,
    bad: breakSnippet(
      data,
      'member     = "serviceAccount:nodes@project.iam.gserviceaccount.com"',
      'member = "allAuthenticatedUsers"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_ARTIFACT_REGISTRY_IMMUTABLE_TAGS',
    broken: 'mutable tags',
    good: data,
    bad: breakSnippet(data, 'immutable_tags = true', 'immutable_tags = false'),
  },
  {
    rule: 'SKYFORGE_GCP_ARTIFACT_REGISTRY_IMMUTABLE_TAGS',
    broken:
      'a standard repository without immutable tags (a remote one mirrors Docker Hub)',
    good: `
resource "google_artifact_registry_repository" "docker_hub" {
  repository_id = "payments-docker-hub"
  location      = "europe-west4"
  format        = "DOCKER"
  mode          = "REMOTE_REPOSITORY"

  remote_repository_config {
    docker_repository {
      public_repository = "DOCKER_HUB"
    }
  }
}
`,
    bad: `
resource "google_artifact_registry_repository" "images" {
  repository_id = "payments-images"
  location      = "europe-west4"
  format        = "DOCKER"
  mode          = "STANDARD_REPOSITORY"
}
`,
  },
  {
    rule: 'CKV_GCP_26',
    broken: 'no flow logs',
    good: network,
    bad: network.replace(/ {2}log_config \{[^]*?\n {2}\}\n/, ''),
  },
  {
    rule: 'CKV_GCP_74',
    broken: 'no Private Google Access',
    good: network,
    bad: breakSnippet(network, 'private_ip_google_access = true', ''),
  },
  {
    rule: 'CKV_GCP_43',
    broken: 'yearly rotation',
    good: network,
    bad: breakSnippet(network, '"7776000s"', '"31536000s"'),
  },
  {
    rule: 'SKYFORGE_GCP_KAFKA_ACL_NOT_EVERYONE',
    broken: 'topic open to every principal',
    good: kafka,
    bad: breakSnippet(
      kafka,
      'principal       = "User:app@payments.iam.gserviceaccount.com"',
      'principal = "User:*"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_KAFKA_CLIENT_NOT_PUBLIC',
    broken: 'Kafka client role for allAuthenticatedUsers',
    good: kafka,
    bad: breakSnippet(
      kafka,
      'member  = "serviceAccount:app@payments.iam.gserviceaccount.com"',
      'member = "allAuthenticatedUsers"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_BUDGET_ATTRIBUTION',
    broken: 'budget filtered by another label',
    good: budget,
    bad: breakSnippet(
      budget,
      '"skyforge-component" = "checkout"',
      '"team" = "payments"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_INGRESS',
    broken: 'run.app URL open to the internet',
    good: cloudRun,
    bad: breakSnippet(
      cloudRun,
      'ingress              = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"',
      'ingress = "INGRESS_TRAFFIC_ALL"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_INGRESS',
    broken: 'ingress left out (defaults to all traffic)',
    good: cloudRun,
    bad: breakSnippet(
      breakSnippet(
        cloudRun,
        'ingress              = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"',
        '',
      ),
      'invoker_iam_disabled = true',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_INVOKER_BEHIND_LB',
    broken: 'no invoker check on a VPC-internal service',
    good: cloudRun,
    bad: breakSnippet(
      cloudRun,
      'ingress              = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"',
      'ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_OWN_IDENTITY',
    broken: 'no service account (runs as the default compute account)',
    good: cloudRun,
    bad: breakSnippet(
      cloudRun,
      'service_account = google_service_account.app.email',
      '',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_OWN_IDENTITY',
    broken: 'the Compute Engine default service account',
    good: cloudRun,
    bad: breakSnippet(
      cloudRun,
      'service_account = google_service_account.app.email',
      'service_account = "123456789012-compute@developer.gserviceaccount.com"',
    ),
  },
  {
    rule: 'SKYFORGE_GCP_CLOUD_RUN_SECRET_REFS',
    broken: 'the Redis AUTH string as a plain value',
    good: cloudRun,
    bad: breakSnippet(
      cloudRun,
      `name = "REDIS_AUTH"
        value_source {
          secret_key_ref {
            secret  = google_secret_manager_secret.auth.id
            version = "latest"
          }
        }`,
      `name  = "REDIS_AUTH"
        value = "hunter2"`,
    ),
  },
];

describe('GCP rules', () => {
  itChecksEveryRule({ cloud: 'gcp', label: 'GCP', baseline: all, cases });

  it('treats references as unknown but fails insecure literals and insecure defaults', async () => {
    const bucket = (value: string) =>
      `resource "google_storage_bucket" "b" {\n  name = "b"\n  location = "EU"\n  public_access_prevention = "enforced"\n${value}}\n`;
    const ids = async (hcl: string) =>
      (await violationsOf(hcl)).map(violation => violation.ruleId);
    expect(
      await ids(bucket('  uniform_bucket_level_access = var.ubla\n')),
    ).not.toContain('CKV_GCP_29');
    expect(
      await ids(
        bucket(
          '  uniform_bucket_level_access = var.env == "prod" ? true : false\n',
        ),
      ),
    ).not.toContain('CKV_GCP_29');
    expect(
      await ids(bucket('  uniform_bucket_level_access = false\n')),
    ).toContain('CKV_GCP_29');
    expect(await ids(bucket(''))).toContain('CKV_GCP_29');
  });
});
