/**
 * Fixed IDs the mocked data sources of the rendered `*.tftest.hcl` files return, so assertions
 * (the platform's and the services') can name them.
 */
export const AZURE_TEST_IDS = {
  subscription: '00000000-0000-0000-0000-000000000001',
  tenant: '00000000-0000-0000-0000-000000000002',
  deployPrincipal: '00000000-0000-0000-0000-000000000003',
  adminGroup: '00000000-0000-0000-0000-0000000000a1',
} as const;
