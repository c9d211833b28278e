import { attr, expr, type HclBody } from '../../hcl/hcl';
import { runsKubernetes, type ComputeTarget } from '../../spec/computeTarget';
import type { Environment } from '../../spec/profiles';
import type { EnvironmentPlan } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type {
  ServiceEgress,
  ServiceVariable,
  ServiceId,
} from '../../services/types';
import type { FileTree } from '../../types';
import type { ServiceCost } from '../../cost/serviceCost';
import type { ServiceRoot, StackComputes } from '../common/environmentRoot';
import type { VariableValidation } from '../common/terraformVariable';
import type { AzureGlobalName } from './azureResourceNames';

/** One environment of an Azure stack, as the service contributions see it. */
export interface AzureEnvironment {
  spec: StackSpec;
  environment: Environment;
  resolved: EnvironmentPlan;
  /** The Azure contributions of the services the stack turns on. */
  services: readonly AzureService[];
}

/** What a service adds to the network module of every environment. */
export interface AzureNetworkHook {
  /** The private DNS zone its private endpoint (or VNet integration) resolves in, by lookup key. */
  dnsZone?: { key: string; name: string };
  /** A port the nodes reach its private endpoint on besides 443, and what for. */
  privateEndpointPort?: { port: number; description: string };
  /** A subnet delegated to PostgreSQL Flexible Server (VNet integration, no private endpoint). */
  postgresSubnet?: boolean;
}

/** A service on Azure: its module, what it adds to each environment root, and its side effects. */
export interface AzureService {
  id: ServiceId;
  /** `infra/modules/<capability>/azure`, rendered once per stack, for the compute targets it has. */
  module(computes: StackComputes): FileTree;
  root(environment: AzureEnvironment): ServiceRoot;
  /** Locals of the environment root that its arguments read. */
  locals?: HclBody;
  /** Its globally unique name (a public DNS label or a storage account name). */
  globalName?: AzureGlobalName;
  network?: AzureNetworkHook;
  /** Resource providers the bootstrap registers in the subscription. */
  resourceProviders?: readonly string[];
  /** The AKS cluster sends metrics to Azure Monitor managed Prometheus (`monitor_metrics`). */
  clusterManagedPrometheus?: boolean;
  /** `run` blocks of the environment's `tests/environment.tftest.hcl`. */
  environmentTests?(environment: AzureEnvironment): HclBody;
  egress?: ServiceEgress;
  /** Its lines in the cost estimate, where the service is priced by its contribution. */
  cost?: ServiceCost;
  /** What the application reads from the root's outputs (`services.env`). */
  variables?: readonly ServiceVariable[];
}

/** A validation rule that a name variable matches a pattern: "<name> must be <rule>." */
export function azureNameRule(
  name: string,
  pattern: string,
  rule: string,
): VariableValidation {
  return {
    condition: `can(regex("${pattern}", var.${name}))`,
    message: `${name} must be ${rule}.`,
  };
}

/** The arguments of a private endpoint: the shared subnet and the service's private DNS zone. */
export function azurePrivateEndpointArguments(dnsZone: string): HclBody {
  return [
    attr(
      'private_endpoints_subnet_id',
      expr('module.network.private_endpoints_subnet_id'),
    ),
    attr(
      'private_dns_zone_id',
      expr(`module.network.private_dns_zone_ids["${dnsZone}"]`),
    ),
  ];
}

/**
 * The module of an environment root that holds the application's identity, Log Analytics
 * workspace and Key Vault: the AKS cluster module, or the Container Apps module where the
 * environment runs serverless. Both have the same outputs for them.
 */
export function azureAppModule(context: {
  resolved: { compute: ComputeTarget };
}): 'cluster' | 'serverless' {
  return runsKubernetes(context.resolved) ? 'cluster' : 'serverless';
}

/** The app's user-assigned identity, which the data services grant access to. */
export function azureAppPrincipalArgument(context: AzureEnvironment): HclBody {
  return [
    attr(
      'app_principal_id',
      expr(`module.${azureAppModule(context)}.app_identity_principal_id`),
    ),
  ];
}
