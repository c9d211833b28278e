import { checkRenderedTerraform } from './checkRenderedTerraform';

function exportRoot(resource: string): Record<string, string> {
  return { 'infra/bootstrap/azure/billing.tf': resource };
}

describe('azapi resources, checked without a provider schema', () => {
  it('passes an ARM resource with a typed API version, identity and body', async () => {
    const { schemaProblems } = await checkRenderedTerraform({
      files: exportRoot(`
resource "azapi_resource" "focus_export" {
  type      = "Microsoft.CostManagement/exports@2025-03-01"
  name      = "payments-focus"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000"
  location  = "westeurope"

  identity {
    type = "SystemAssigned"
  }

  body = {
    properties = { format = "Parquet" }
  }

  lifecycle {
    ignore_changes = [body.properties.schedule]
  }
}
`),
    });
    expect(schemaProblems).toEqual([]);
  });

  it('reports a type without an API version, unknown arguments and other azapi resource types', async () => {
    const { schemaProblems } = await checkRenderedTerraform({
      files: exportRoot(`
resource "azapi_resource" "focus_export" {
  type       = "Microsoft.CostManagement/exports"
  name       = "payments-focus"
  properties = {}

  identity {
    type         = "SystemAssigned"
    principal_id = "x"
  }
}

resource "azapi_update_resource" "patch" {
  type = "Microsoft.Storage/storageAccounts@2023-05-01"
}
`),
    });
    expect(
      schemaProblems.map(problem => [
        problem.rule,
        problem.address,
        problem.path,
      ]),
    ).toEqual([
      ['unknown-resource-type', 'azapi_resource.focus_export', 'type'],
      [
        'unknown-argument',
        'azapi_resource.focus_export',
        'identity.principal_id',
      ],
      ['unknown-argument', 'azapi_resource.focus_export', 'properties'],
      ['unknown-resource-type', 'azapi_update_resource.patch', ''],
    ]);
  });
});
