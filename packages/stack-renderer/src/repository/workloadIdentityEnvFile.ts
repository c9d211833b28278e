/**
 * File in `deploy/overlays/<env>-azure/` that `make k8s-identity` writes at deploy time with
 * `AZURE_CLIENT_ID=<client id>` (the Terraform output `app_identity_client_id`), so the Azure
 * Kustomize component can put the client ID of the app's user-assigned identity on its
 * ServiceAccount without the value being known at render time.
 */
export const AZURE_WORKLOAD_IDENTITY_ENV_FILE = 'workload-identity.env';
