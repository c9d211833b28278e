import type { HclJsonBody, TerraformRule } from '../../types';
import {
  asBoolean,
  blocks,
  expectPresent,
  isExpression,
  lookup,
  refersTo,
  resourcesOfType,
  strings,
} from '../ruleHelpers';

/** Variable names that carry credentials (the renderer refuses them in spec.app.env as well). */
const SECRET_NAME =
  /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIAL|CONNECTION_STRING/i;

/** The delegation a workload profiles environment's infrastructure subnet needs. */
const CONTAINER_APPS_DELEGATION = 'Microsoft.App/environments';

/** The containers of a container app's template. */
function containers(app: HclJsonBody): HclJsonBody[] {
  return blocks(app, 'template').flatMap(template =>
    blocks(template, 'container'),
  );
}

/** Azure Container Apps environments and apps (the serverless target on Azure). */
export const AZURE_SERVERLESS_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_AZURE_ACA_SUBNET_DELEGATED',
    title:
      'Container Apps environment in the VNet, on a subnet delegated to Microsoft.App/environments',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_app_environment'],
    // Without a subnet the environment sits outside the VNet and cannot reach the private
    // endpoints of the data services; a workload profiles environment needs its subnet delegated
    // (creation fails otherwise), and a delegated subnet needs a workload profile.
    check: ({ resource, parsed }) => {
      const missing = expectPresent(
        resource.body,
        'infrastructure_subnet_id',
        'a VNet subnet (without one the app cannot reach the private endpoints of the data services)',
      );
      if (missing) return missing;
      if (blocks(resource.body, 'workload_profile').length === 0)
        return 'no workload_profile: a consumption-only environment needs an undelegated /23, not the delegated subnet the VNet plan carves';
      const subnets = resourcesOfType(parsed, 'azurerm_subnet').filter(subnet =>
        refersTo(resource.body.infrastructure_subnet_id, subnet),
      );
      const undelegated = subnets.find(
        subnet =>
          !blocks(subnet.body, 'delegation').some(delegation =>
            strings(delegation.service_delegation).includes(
              CONTAINER_APPS_DELEGATION,
            ),
          ),
      );
      return undelegated
        ? `infrastructure subnet ${undelegated.address} is not delegated to ${CONTAINER_APPS_DELEGATION}: creating the workload profiles environment fails`
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_ACA_HTTPS_ONLY',
    title: 'Container app ingress serves HTTPS only (HTTP redirected)',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_app'],
    check: ({ resource }) => {
      for (const ingress of blocks(resource.body, 'ingress')) {
        const insecure = lookup(ingress, 'allow_insecure_connections');
        if (insecure.state === 'value' && asBoolean(insecure.value) === true)
          return 'ingress.allow_insecure_connections is true: the app is served over plain HTTP';
      }
      return undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_ACA_REGISTRY_IDENTITY',
    title:
      "Container app pulls images with its managed identity (AcrPull), not the registry's admin password",
    cloud: 'azure',
    resourceTypes: ['azurerm_container_app'],
    check: ({ resource }) => {
      const attached = blocks(resource.body, 'identity').flatMap(identity =>
        strings(identity.identity_ids),
      );
      for (const registry of blocks(resource.body, 'registry')) {
        if (registry.password_secret_name !== undefined)
          return 'registry signs in with a password (the admin user); pull with the app identity (registry.identity, AcrPull on the registry)';
        const identity = strings(registry.identity)[0];
        if (identity === undefined)
          return 'registry has no identity: the app cannot pull from a registry without an admin user';
        // The pulling identity must be one the app carries (its resource ID, or "System").
        if (isExpression(identity) && !attached.some(id => id === identity))
          return `registry.identity ${identity} is not among the app's identity_ids`;
      }
      return undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_ACA_SECRET_REFS',
    title:
      'Container app secrets are Key Vault references, never values in Terraform',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_app'],
    check: ({ resource }) => {
      for (const secret of blocks(resource.body, 'secret')) {
        if (secret.value !== undefined)
          return `secret ${String(
            secret.name,
          )} holds its value (in the state and the plan); reference Key Vault with key_vault_secret_id`;
      }
      for (const container of containers(resource.body)) {
        for (const env of blocks(container, 'env')) {
          const name = lookup(env, 'name');
          if (
            name.state === 'value' &&
            SECRET_NAME.test(String(name.value)) &&
            env.value !== undefined
          )
            return `env ${String(
              name.value,
            )} has a plain value; expected secret_name (a Key Vault reference)`;
        }
      }
      return undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_ACA_LOGS',
    title: 'Container Apps environment sends its logs to Log Analytics',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_app_environment'],
    check: ({ resource }) =>
      expectPresent(
        resource.body,
        'log_analytics_workspace_id',
        "a Log Analytics workspace (without one the app's console and system logs go nowhere)",
      ),
  },
];
