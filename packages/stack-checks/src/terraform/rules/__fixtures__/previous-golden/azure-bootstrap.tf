# Excerpt of the all-clouds-gpu golden render before issue #12 (commit a461cc5,
# packages/stack-renderer/src/__golden__/all-clouds-gpu.txt), kept verbatim so the rules can be
# shown to fail on the previous rendering. Not Terraform anyone applies.

# infra/bootstrap/azure/main.tf
# Apply identities manage resources in the subscription.
resource "azurerm_role_assignment" "apply_contributor" {
  for_each             = azurerm_user_assigned_identity.apply
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Contributor"
  principal_id         = each.value.principal_id
  principal_type       = "ServicePrincipal"
}

# infra/bootstrap/azure/main.tf
resource "azurerm_role_assignment" "plan_reader" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Reader"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
  principal_type       = "ServicePrincipal"
}

# infra/bootstrap/azure/main.tf
# Planning takes the state lock (a blob lease), so it needs write access to the state blobs.
resource "azurerm_role_assignment" "plan_state" {
  scope                = azurerm_storage_account.state.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.plan.principal_id
  principal_type       = "ServicePrincipal"
}
