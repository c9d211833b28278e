/**
 * File in `deploy/overlays/<env>-azure/` that `make k8s-identity` writes at deploy time with
 * `AZURE_CLIENT_ID=<client id>` (the Terraform output `app_identity_client_id`), so the Azure
 * Kustomize component can put the client ID of the app's user-assigned identity on its
 * ServiceAccount without the value being known at render time.
 */
export const AZURE_WORKLOAD_IDENTITY_ENV_FILE = 'workload-identity.env';

/** Key of the Azure client ID in the workload identity env file. */
export const AZURE_CLIENT_ID_KEY = 'AZURE_CLIENT_ID';

/**
 * The value committed until `make k8s-identity` writes the real client ID: the overlay builds,
 * but never authenticates, so `make k8s-apply` refuses to apply it.
 */
export const AZURE_CLIENT_ID_PLACEHOLDER =
  '00000000-0000-0000-0000-000000000000';
