# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/bootstrap/gcp/main.tf
locals {
  services = [
    "artifactregistry.googleapis.com",
    "binaryauthorization.googleapis.com",
    "cloudkms.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "compute.googleapis.com",
    "container.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "monitoring.googleapis.com",
    "redis.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
    "storage.googleapis.com",
    "sts.googleapis.com",
  ]
}

locals {
  # GitHub's immutable subject claim: owner and repository carry their numeric IDs, so a renamed
  # or re-created repository of the same name cannot assume these identities.
  subject_prefix = "repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}"
  ci_roles = [
    "roles/artifactregistry.admin",
    "roles/cloudkms.admin",
    "roles/cloudsql.admin",
    "roles/compute.networkAdmin",
    "roles/container.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/monitoring.alertPolicyEditor",
    "roles/redis.admin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/servicenetworking.networksAdmin",
    "roles/storage.admin",
  ]
  plan_roles = ["roles/iam.securityReviewer", "roles/viewer"]
  ci_service_account_ids = {
    dev     = "checkout-ci-dev"
    staging = "checkout-ci-staging"
    prod    = "checkout-ci-prod"
  }
  ci_bindings = {
    for pair in setproduct(var.environments, local.ci_roles) : "${pair[0]} ${pair[1]}" => {
      environment = pair[0]
      role        = pair[1]
    }
  }
}

# infra/bootstrap/gcp/main.tf
# Every environment of the stack lives in this one project, so its APIs are enabled once, here.
# They stay enabled on destroy: other workloads in the project may use them.
resource "google_project_service" "this" {
  for_each = toset(local.services)

  project            = var.project_id
  service            = each.value
  disable_on_destroy = false
}

# infra/bootstrap/gcp/main.tf
# One CI identity per environment, usable only by jobs running in the matching GitHub environment.
resource "google_service_account" "ci" {
  for_each = toset(var.environments)

  project      = var.project_id
  account_id   = local.ci_service_account_ids[each.value]
  display_name = "CI apply ${each.value}"
}

# infra/bootstrap/gcp/main.tf
# What the environment roots create. The environments share the project, so these roles are
# project-wide; give each environment its own project where they must be isolated.
resource "google_project_iam_member" "ci" {
  for_each = local.ci_bindings

  project = var.project_id
  role    = each.value.role
  member  = google_service_account.ci[each.value.environment].member
}
