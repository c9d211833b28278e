import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  writeHcl,
  type HclBody,
} from '../../hcl/hcl';
import { azureBootstrapStorageAccount } from './azureBootstrapStorageAccount';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';

/** File of the Azure bootstrap that sets up the billing side of cost attribution. */
export const AZURE_BILLING_FILE = 'billing.tf';

/** Container of the billing storage account that the FOCUS export writes to. */
export const AZURE_COST_EXPORT_CONTAINER = 'cost-exports';

/** Folder of the container holding the exports (each export's own folder is below it). */
export const AZURE_FOCUS_FOLDER = 'focus';

/**
 * The resource provider Cost Management exports need registered in the subscription (the
 * bootstrap's provider block registers it with the others).
 */
export const AZURE_COST_EXPORTS_PROVIDER = 'Microsoft.CostManagementExports';

/**
 * The Cost Management exports API: 2025-03-01 is the first GA version with the `FocusCost`
 * dataset, Parquet with Snappy and managed-identity delivery (Cost Management REST API,
 * "Exports - Create Or Update").
 */
const EXPORTS_TYPE = 'Microsoft.CostManagement/exports@2025-03-01';

/** FOCUS 1.0 (revision 2, ISO 8601 dates) as Cost Management exports it. */
const FOCUS_DATA_VERSION = '1.0r2';

/** The name of the stack's FOCUS export, also its folder below {@link AZURE_FOCUS_FOLDER}. */
export function azureFocusExportName(stackName: string): string {
  return `${stackName}-focus`;
}

const GUID = '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$';

const variables: HclBody = [
  terraformVariable({
    name: 'billing_storage_account_name',
    type: 'string',
    description:
      'Globally unique name of the storage account the FOCUS cost export writes to.',
    validations: [
      {
        condition:
          'can(regex("^[a-z0-9]{3,24}$", var.billing_storage_account_name))',
        message:
          'billing_storage_account_name must be 3 to 24 lowercase letters and digits.',
      },
    ],
  }),
  terraformVariable({
    name: 'billing_retention_days',
    type: 'number',
    description:
      'Days an exported FOCUS file is kept; Skyforge re-reads the whole history it finds.',
    default: 400,
    validations: [
      {
        condition: 'var.billing_retention_days >= 35',
        message:
          'billing_retention_days must be at least 35: a month is re-exported every day until it closes.',
      },
    ],
  }),
  terraformVariable({
    name: 'backstage_principal_ids',
    type: 'list(string)',
    description:
      "Object (principal) IDs of the Entra identities Backstage's backend runs as (its managed identity, or its app registration's service principal), allowed to read the FOCUS export.",
    default: [],
    validations: [
      {
        condition: `alltrue([for id in var.backstage_principal_ids : can(regex("${GUID}", id))])`,
        message:
          'backstage_principal_ids must be object IDs (GUIDs), not client IDs or names.',
      },
    ],
  }),
  terraformVariable({
    name: 'cost_export_start',
    type: 'string',
    description:
      'When the daily export schedule starts (RFC 3339, in the future); null starts it an hour after the first apply.',
    default: expr('null'),
    validations: [
      {
        condition:
          'var.cost_export_start == null || can(formatdate("YYYY", var.cost_export_start))',
        message:
          'cost_export_start must be an RFC 3339 timestamp such as 2027-01-01T00:00:00Z.',
      },
    ],
  }),
];

function storage(): HclBody {
  return [
    comment(
      [
        'The FOCUS export lands here, and nothing else does. Entra ID only (no shared keys), TLS 1.2+,',
        'no public blobs; the export writes with its own managed identity (a trusted Azure service, so',
        'allowed_ip_ranges also close this account). Billing data can be exported again from Cost',
        'Management for past months, so locally redundant storage is enough.',
      ].join('\n'),
    ),
    azureBootstrapStorageAccount({
      name: 'billing',
      accountNameVariable: 'billing_storage_account_name',
      replication: 'LRS',
      softDeleteDays: 7,
    }),
    resource('azurerm_storage_container', 'billing', [
      attr('name', AZURE_COST_EXPORT_CONTAINER),
      attr('storage_account_id', expr('azurerm_storage_account.billing.id')),
      attr('container_access_type', 'private'),
    ]),
    comment(
      'Each run overwrites its period; replaced versions go after 30 days, exports after billing_retention_days.',
    ),
    resource('azurerm_storage_management_policy', 'billing', [
      attr('storage_account_id', expr('azurerm_storage_account.billing.id')),
      blank(),
      block(
        'rule',
        [],
        [
          attr('name', 'cost-exports'),
          attr('enabled', true),
          block(
            'filters',
            [],
            [
              attr('blob_types', ['blockBlob']),
              attr('prefix_match', [
                `${AZURE_COST_EXPORT_CONTAINER}/${AZURE_FOCUS_FOLDER}/`,
              ]),
            ],
          ),
          block(
            'actions',
            [],
            [
              block(
                'base_blob',
                [],
                [
                  attr(
                    'delete_after_days_since_modification_greater_than',
                    expr('var.billing_retention_days'),
                  ),
                ],
              ),
              block(
                'version',
                [],
                [attr('delete_after_days_since_creation', 30)],
              ),
            ],
          ),
        ],
      ),
    ]),
  ];
}

function focusExport(stackName: string): HclBody {
  return [
    comment(
      [
        'The FOCUS cost export of the subscription: daily, month to date, Parquet. No azurerm resource',
        'can create a FocusCost export yet (hashicorp/terraform-provider-azurerm#29705), so this is the',
        'ARM resource itself. The export signs in to the storage account with its own system-assigned',
        'identity (Cost Management, "Export data to storage accounts behind a firewall"), so the',
        'account needs no keys. Each run writes <export>/<period>/<run>/ with a manifest.json; Skyforge',
        'reads the latest run of each period.',
      ].join('\n'),
    ),
    resource('azapi_resource', 'focus_export', [
      attr('type', EXPORTS_TYPE),
      attr('name', azureFocusExportName(stackName)),
      attr('parent_id', expr('data.azurerm_subscription.current.id')),
      attr('location', expr('var.location')),
      blank(),
      block('identity', [], [attr('type', 'SystemAssigned')]),
      blank(),
      attr('body', {
        properties: {
          exportDescription:
            'FOCUS cost and usage for Backstage (Skyforge cost)',
          format: 'Parquet',
          compressionMode: 'snappy',
          dataOverwriteBehavior: 'OverwritePreviousReport',
          partitionData: true,
          definition: {
            type: 'FocusCost',
            timeframe: 'MonthToDate',
            dataSet: {
              granularity: 'Daily',
              configuration: { dataVersion: FOCUS_DATA_VERSION },
            },
          },
          deliveryInfo: {
            destination: {
              type: 'AzureBlob',
              resourceId: expr('azurerm_storage_account.billing.id'),
              container: expr('azurerm_storage_container.billing.name'),
              rootFolderPath: AZURE_FOCUS_FOLDER,
            },
          },
          schedule: {
            status: 'Active',
            recurrence: 'Daily',
            recurrencePeriod: {
              from: expr(
                'coalesce(var.cost_export_start, timeadd(plantimestamp(), "1h"))',
              ),
            },
          },
        },
      }),
      blank(),
      comment(
        'The start date must lie in the future when written, so a later apply keeps the first one.',
      ),
      block(
        'lifecycle',
        [],
        [
          attr('ignore_changes', [
            expr('body.properties.schedule.recurrencePeriod.from'),
          ]),
        ],
      ),
    ]),
    resource('azurerm_role_assignment', 'focus_export_writer', [
      attr('scope', expr('azurerm_storage_container.billing.id')),
      attr('role_definition_name', 'Storage Blob Data Contributor'),
      attr(
        'principal_id',
        expr('azapi_resource.focus_export.identity[0].principal_id'),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    comment('Backstage reads the exports, and nothing else of the account.'),
    resource('azurerm_role_assignment', 'backstage_cost_reader', [
      attr('for_each', expr('toset(var.backstage_principal_ids)')),
      attr('scope', expr('azurerm_storage_container.billing.id')),
      attr('role_definition_name', 'Storage Blob Data Reader'),
      attr('principal_id', expr('each.value')),
    ]),
  ];
}

const outputs: HclBody = [
  terraformOutput({
    name: 'focus_export_location',
    description:
      'Where the FOCUS export lands: the location of the skyforge.cost.sources entry (layout azure-cost-exports).',
    value: `"azure://\${azurerm_storage_account.billing.name}/\${azurerm_storage_container.billing.name}/${AZURE_FOCUS_FOLDER}/\${azapi_resource.focus_export.name}"`,
  }),
];

/** `infra/bootstrap/azure/billing.tf`: its variables, resources and outputs in one file. */
export function azureBillingFile(stackName: string): string {
  return writeHcl([
    variables,
    comment(
      [
        'The billing side of cost attribution: a FOCUS export of the subscription that Backstage reads',
        '(the skyforge.cost.sources entry in the README). The attribution tags reach its Tags column as',
        'they are: Azure needs no activation of tag keys.',
      ].join('\n'),
    ),
    storage(),
    focusExport(stackName),
    outputs,
  ]);
}
