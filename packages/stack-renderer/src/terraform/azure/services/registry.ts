import { registryCostLines } from '../../../cost/registryCostLines';
import { attr, comment, expr } from '../../../hcl/hcl';
import { runsKubernetes } from '../../../spec/computeTarget';
import { imageRepositoryOutput } from '../../common/imageRepositoryOutput';
import { terraformOutput } from '../../common/terraformOutput';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import type { Environment } from '../../../spec/profiles';
import type { StackSpec } from '../../../spec/stackSpec';
import { azureRegistryModule } from '../azureRegistryModule';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import {
  azureNameRule,
  azurePrivateEndpointArguments,
  type AzureService,
} from '../azureService';

const REGISTRY_NAME: AzureGlobalName = {
  style: 'compact',
  kind: 'registry',
  marker: 'acr',
  maxLength: 50,
};

/** The globally unique name of an environment's container registry. */
export function azureRegistryName(options: {
  spec: StackSpec;
  environment: Environment;
}): string {
  return azureGlobalName({ ...options, name: REGISTRY_NAME });
}

/** Premium is the Azure Container Registry tier with private endpoints. */
const REGISTRY_SKU = 'Premium';

/** The container registry on Azure: Azure Container Registry Premium behind a private endpoint. */
export const azureRegistry: AzureService = {
  id: 'registry',
  module: () => azureRegistryModule(),
  cost: { lines: plan => registryCostLines(plan, REGISTRY_SKU) },
  root: context => {
    const { spec, environment } = context;
    const registryName: RootVariable = {
      name: 'registry_name',
      type: 'string',
      description: 'Globally unique container registry name.',
      value: azureRegistryName({ spec, environment }),
      validations: [
        azureNameRule(
          'registry_name',
          '^[a-zA-Z0-9]{5,50}$',
          '5 to 50 letters and digits',
        ),
      ],
    };
    const sku: RootVariable = {
      name: 'registry_sku',
      type: 'string',
      description:
        'Container registry tier (the tier the cost estimate prices).',
      value: REGISTRY_SKU,
    };
    return {
      variables: [registryName, sku],
      arguments: [
        attr('registry_name', variableRef(registryName)),
        attr('sku', variableRef(sku)),
        attr('zone_redundancy_enabled', expr('var.high_availability')),
        azurePrivateEndpointArguments('registry'),
        runsKubernetes(context.resolved)
          ? attr(
              'kubelet_principal_id',
              expr('module.cluster.kubelet_principal_id'),
            )
          : [
              comment(
                'No kubelets here: the container app pulls with the app identity (AcrPull).',
              ),
              attr(
                'kubelet_principal_id',
                expr('module.serverless.app_identity_principal_id'),
              ),
            ],
      ],
      outputs: [
        terraformOutput({
          name: 'registry_url',
          description: 'Login server of the container registry.',
          value: 'module.registry.login_server',
        }),
        terraformOutput({
          name: 'registry_name',
          description: 'Name of the container registry (az acr import --name).',
          value: 'var.registry_name',
        }),
        imageRepositoryOutput(
          context.resolved,
          `"\${module.registry.login_server}/${spec.metadata.name}"`,
        ),
      ],
    };
  },
  globalName: REGISTRY_NAME,
  network: { dnsZone: { key: 'registry', name: 'privatelink.azurecr.io' } },
  resourceProviders: ['Microsoft.ContainerRegistry'],
};
