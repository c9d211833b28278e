import {
  attr,
  blank,
  block,
  comment,
  expr,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import { terraformVariable } from '../common/terraformVariable';

/**
 * The azurerm provider block of every root module. `resourceProviders` (the bootstrap only)
 * registers the subscription's resource providers; every other root registers none, because its
 * identity is scoped to one resource group and may not.
 */
export function azureProvider(
  options: { resourceProviders?: readonly string[] } = {},
): HclBlock {
  const { resourceProviders } = options;
  return block(
    'provider',
    ['azurerm'],
    [
      block(
        'features',
        [],
        [
          comment(
            'The storage accounts deny public networks, so their data plane cannot be reached from\n' +
              'GitHub-hosted runners (403 on queue and static-website properties,\n' +
              'hashicorp/terraform-provider-azurerm#33454): manage them through Azure Resource Manager only.',
          ),
          block('storage', [], [attr('data_plane_available', false)]),
          comment(
            'Key Vault names stay reserved for 90 days after a delete (purge protection): re-creating\n' +
              'the environment recovers the soft-deleted vault instead of failing on the name.',
          ),
          block(
            'key_vault',
            [],
            [
              attr('purge_soft_delete_on_destroy', false),
              attr('recover_soft_deleted_key_vaults', true),
            ],
          ),
        ],
      ),
      blank(),
      resourceProviders
        ? [
            comment(
              'Registers exactly the resource providers the environments use (once per subscription).',
            ),
            attr('resource_provider_registrations', 'none'),
            attr('resource_providers_to_register', [...resourceProviders]),
          ]
        : [
            comment(
              'infra/bootstrap/azure registered the resource providers; this identity may not register any.',
            ),
            attr('resource_provider_registrations', 'none'),
          ],
      comment('Entra ID, never shared keys, wherever storage is reached.'),
      attr('storage_use_azuread', true),
    ],
  );
}

/** Variables that every Azure module takes: where to put resources, how to name and tag them. */
export function commonModuleVariables(): HclBody {
  return [
    terraformVariable({
      name: 'name_prefix',
      type: 'string',
      description:
        'Prefix of every resource name: the stack name and environment, e.g. payments-api-prod.',
    }),
    terraformVariable({
      name: 'location',
      type: 'string',
      description: 'Azure region of every resource.',
    }),
    terraformVariable({
      name: 'resource_group_name',
      type: 'string',
      description:
        'Resource group of the environment; every resource of the module goes into it.',
    }),
    terraformVariable({
      name: 'tags',
      type: 'map(string)',
      description:
        'Attribution tags (skyforge-component, skyforge-system, environment, owner, managed-by) set on every taggable resource.',
    }),
  ];
}

/** `location`, `resource_group_name` and `tags` attributes shared by most resources. */
export function placement(): HclBody {
  return [
    attr('location', expr('var.location')),
    attr('resource_group_name', expr('var.resource_group_name')),
  ];
}

/** A private endpoint for one sub-resource of a PaaS service, registered in its private DNS zone. */
export function privateEndpoint(options: {
  name: string;
  endpointName: string;
  resourceId: string;
  subresource: string;
  subnetId: string;
  dnsZoneId: string;
}): HclBlock {
  return block(
    'resource',
    ['azurerm_private_endpoint', options.name],
    [
      attr('name', expr(`"${options.endpointName}"`)),
      placement(),
      attr('subnet_id', expr(options.subnetId)),
      attr(
        'custom_network_interface_name',
        expr(`"${options.endpointName}-nic"`),
      ),
      block(
        'private_service_connection',
        [],
        [
          attr('name', expr(`"${options.endpointName}"`)),
          attr('private_connection_resource_id', expr(options.resourceId)),
          attr('subresource_names', [options.subresource]),
          attr('is_manual_connection', false),
        ],
      ),
      block(
        'private_dns_zone_group',
        [],
        [
          attr('name', 'default'),
          attr('private_dns_zone_ids', [expr(options.dnsZoneId)]),
        ],
      ),
      attr('tags', expr('var.tags')),
    ],
  );
}
