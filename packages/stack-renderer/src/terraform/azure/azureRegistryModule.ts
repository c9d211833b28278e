import { attr, comment, expr, resource, type HclBody } from '../../hcl/hcl';
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
      'Container registry. Premium is the tier with private endpoints; there is no admin user, no\n' +
        'anonymous pull and no public endpoint. Images arrive by `az acr import` (make image-push),\n' +
        'which ACR itself performs as a trusted Azure service: that is what the AzureServices bypass\n' +
        "allows, still authorised by the caller's Entra roles (the environment's CI identity). Untagged\n" +
        'manifests are removed after the retention period.',
    ),
    resource('azurerm_container_registry', 'this', [
      attr('name', expr('var.registry_name')),
      placement(),
      attr('sku', expr('var.sku')),
      attr('admin_enabled', false),
      attr('anonymous_pull_enabled', false),
      attr('public_network_access_enabled', false),
      attr('network_rule_bypass_option', 'AzureServices'),
      attr('export_policy_enabled', false),
      attr('data_endpoint_enabled', true),
      attr('retention_policy_in_days', 7),
      attr('zone_redundancy_enabled', expr('var.zone_redundancy_enabled')),
      attr('tags', expr('var.tags')),
    ]),
    privateEndpoint({
      name: 'this',
      endpointName: '${var.name_prefix}-acr-pe',
      resourceId: 'azurerm_container_registry.this.id',
      subresource: 'registry',
      subnetId: 'var.private_endpoints_subnet_id',
      dnsZoneId: 'var.private_dns_zone_id',
    }),
    comment(
      'The kubelets pull images with their managed identity; no pull secret exists.',
    ),
    resource('azurerm_role_assignment', 'kubelet_pull', [
      attr('scope', expr('azurerm_container_registry.this.id')),
      attr('role_definition_name', 'AcrPull'),
      attr('principal_id', expr('var.kubelet_principal_id')),
      attr('principal_type', 'ServicePrincipal'),
    ]),
  ];
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'registry_name',
      type: 'string',
      description: 'Globally unique registry name: 5 to 50 letters and digits.',
      validations: [
        {
          condition: 'can(regex("^[a-zA-Z0-9]{5,50}$", var.registry_name))',
          message: 'registry_name must be 5 to 50 letters and digits.',
        },
      ],
    }),
    terraformVariable({
      name: 'sku',
      type: 'string',
      description:
        'Registry tier, from the environment plan: Premium, the tier with private endpoints.',
      validations: [
        {
          condition: 'var.sku == "Premium"',
          message:
            'sku must be Premium: the registry is reached only through a private endpoint, which only the Premium tier has.',
        },
      ],
    }),
    terraformVariable({
      name: 'zone_redundancy_enabled',
      type: 'bool',
      description: 'Spread the registry over zones.',
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the private endpoint.',
    }),
    terraformVariable({
      name: 'private_dns_zone_id',
      type: 'string',
      description: 'privatelink.azurecr.io zone ID.',
    }),
    terraformVariable({
      name: 'kubelet_principal_id',
      type: 'string',
      description: 'Principal ID of the kubelet identity.',
    }),
  ];
}

function outputs(): HclBody {
  return [
    terraformOutput({
      name: 'login_server',
      description: 'Registry host for image references.',
      value: 'azurerm_container_registry.this.login_server',
    }),
    terraformOutput({
      name: 'registry_id',
      description: 'ID of the registry.',
      value: 'azurerm_container_registry.this.id',
    }),
  ];
}

/** `infra/modules/registry/azure`: a private Premium container registry. */
export function azureRegistryModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'registry',
    description:
      'Container registry of one environment: private, no admin user, pulled by the kubelet identity.',
    variables: variables(),
    main: main(),
    outputs: outputs(),
  });
}
