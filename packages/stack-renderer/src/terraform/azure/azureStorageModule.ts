import {
  attr,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import {
  commonModuleVariables,
  placement,
  privateEndpoint,
} from './azureHclBlocks';
import { moduleFiles } from '../common/moduleFiles';

function main(): HclBody {
  return [
    comment(
      'Object storage of the application. Only Entra ID (no shared keys, no anonymous access),\n' +
        'only through the private endpoint, TLS 1.2+, double encryption at rest, and every blob\n' +
        'and container recoverable (versions and soft delete).',
    ),
    resource('azurerm_storage_account', 'this', [
      attr('name', expr('var.storage_account_name')),
      placement(),
      attr('account_kind', 'StorageV2'),
      attr('account_tier', 'Standard'),
      attr('account_replication_type', expr('var.replication_type')),
      attr('access_tier', 'Hot'),
      attr('min_tls_version', 'TLS1_2'),
      attr('https_traffic_only_enabled', true),
      attr('allow_nested_items_to_be_public', false),
      attr('shared_access_key_enabled', false),
      attr('default_to_oauth_authentication', true),
      attr('public_network_access_enabled', false),
      attr('infrastructure_encryption_enabled', true),
      attr('cross_tenant_replication_enabled', false),
      attr('local_user_enabled', false),
      attr('allowed_copy_scope', 'AAD'),
      block(
        'network_rules',
        [],
        [attr('default_action', 'Deny'), attr('bypass', ['AzureServices'])],
      ),
      block(
        'blob_properties',
        [],
        [
          attr('versioning_enabled', true),
          attr('change_feed_enabled', true),
          block(
            'delete_retention_policy',
            [],
            [attr('days', expr('var.soft_delete_retention_days'))],
          ),
          block(
            'container_delete_retention_policy',
            [],
            [attr('days', expr('var.soft_delete_retention_days'))],
          ),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    comment('Old versions are kept for a while, not forever.'),
    resource('azurerm_storage_management_policy', 'this', [
      attr('storage_account_id', expr('azurerm_storage_account.this.id')),
      block(
        'rule',
        [],
        [
          attr('name', 'expire-old-versions'),
          attr('enabled', true),
          block('filters', [], [attr('blob_types', ['blockBlob'])]),
          block(
            'actions',
            [],
            [
              block(
                'version',
                [],
                [
                  attr(
                    'delete_after_days_since_creation',
                    expr('var.version_retention_days'),
                  ),
                ],
              ),
            ],
          ),
        ],
      ),
    ]),
    comment(
      'Created through Azure Resource Manager (storage_account_id), so it works without public access.',
    ),
    resource('azurerm_storage_container', 'app', [
      attr('name', expr('var.container_name')),
      attr('storage_account_id', expr('azurerm_storage_account.this.id')),
      attr('container_access_type', 'private'),
    ]),
    privateEndpoint({
      name: 'blob',
      endpointName: '${var.name_prefix}-blob-pe',
      resourceId: 'azurerm_storage_account.this.id',
      subresource: 'blob',
      subnetId: 'var.private_endpoints_subnet_id',
      dnsZoneId: 'var.private_dns_zone_id',
    }),
    comment('The application reads and writes blobs with its Entra identity.'),
    resource('azurerm_role_assignment', 'app_blob_data', [
      attr('scope', expr('azurerm_storage_account.this.id')),
      attr('role_definition_name', 'Storage Blob Data Contributor'),
      attr('principal_id', expr('var.app_principal_id')),
      attr('principal_type', 'ServicePrincipal'),
    ]),
    comment(
      'Deletion protection: the account cannot be deleted while the lock exists.',
    ),
    resource('azurerm_management_lock', 'this', [
      attr('count', expr('var.deletion_protection ? 1 : 0')),
      attr('name', 'do-not-delete'),
      attr('scope', expr('azurerm_storage_account.this.id')),
      attr('lock_level', 'CanNotDelete'),
      attr(
        'notes',
        'Production data: remove this lock deliberately before deleting the account.',
      ),
    ]),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'storage_account_name',
      type: 'string',
      description:
        'Globally unique account name: 3 to 24 lowercase letters and digits.',
      validations: [
        {
          condition: 'can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))',
          message:
            'storage_account_name must be 3 to 24 lowercase letters and digits.',
        },
      ],
    }),
    terraformVariable({
      name: 'replication_type',
      type: 'string',
      description: 'LRS, or ZRS where the environment pays for availability.',
      validations: [
        {
          condition: 'contains(["LRS", "ZRS", "GZRS"], var.replication_type)',
          message: 'replication_type must be LRS, ZRS or GZRS.',
        },
      ],
    }),
    terraformVariable({
      name: 'soft_delete_retention_days',
      type: 'number',
      description: 'Days deleted blobs and containers can be restored.',
    }),
    terraformVariable({
      name: 'version_retention_days',
      type: 'number',
      description: 'Days previous blob versions are kept.',
      default: 90,
    }),
    terraformVariable({
      name: 'container_name',
      type: 'string',
      description: 'Private container of the application.',
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Lock the account against deletion.',
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the private endpoint.',
    }),
    terraformVariable({
      name: 'private_dns_zone_id',
      type: 'string',
      description: 'privatelink.blob.core.windows.net zone ID.',
    }),
    terraformVariable({
      name: 'app_principal_id',
      type: 'string',
      description: 'Principal ID of the application identity.',
    }),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'storage_account_name',
      description: 'Name of the storage account.',
      value: 'azurerm_storage_account.this.name',
    }),
    terraformOutput({
      name: 'container_name',
      description: 'Name of the application container.',
      value: 'azurerm_storage_container.app.name',
    }),
    terraformOutput({
      name: 'blob_endpoint',
      description: 'Blob endpoint (resolves privately inside the VNet).',
      value: 'azurerm_storage_account.this.primary_blob_endpoint',
    }),
  ];
}

/** `infra/modules/storage/azure`: a private, Entra-only, versioned storage account and container. */
export function azureStorageModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'storage',
    description:
      'Object storage of one environment: a private storage account and the application container.',
    variables: variables(),
    main: main(),
    outputs: outputs(),
  });
}
