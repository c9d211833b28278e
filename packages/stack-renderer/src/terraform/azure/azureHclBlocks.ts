import {
  attr,
  block,
  comment,
  expr,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformModuleFiles } from '../common/terraformModuleFiles';
import { terraformVariable } from '../common/terraformVariable';

export const TERRAFORM_REQUIRED_VERSION = '>= 1.10';
export const AZURERM_VERSION = '~> 4.65';

/** The `terraform` block pinning Terraform and the azurerm provider. */
export function terraformRequirements(extra: HclBody = []): HclBlock {
  return block(
    'terraform',
    [],
    [
      attr('required_version', TERRAFORM_REQUIRED_VERSION),
      block(
        'required_providers',
        [],
        [
          attr('azurerm', {
            source: 'hashicorp/azurerm',
            version: AZURERM_VERSION,
          }),
        ],
      ),
      extra,
    ],
  );
}

/** The four files of a local module under `infra/modules/<capability>/azure`. */
export function azureModuleFiles(options: {
  capability: string;
  description: string;
  variables: HclBody;
  main: HclBody;
  outputs: HclBody;
}): FileTree {
  return terraformModuleFiles({
    directory: `infra/modules/${options.capability}/azure`,
    versions: [
      comment(options.description),
      comment('The provider is configured by the calling root module.'),
      terraformRequirements(),
    ],
    variables: options.variables,
    main: options.main,
    outputs: options.outputs,
  });
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
