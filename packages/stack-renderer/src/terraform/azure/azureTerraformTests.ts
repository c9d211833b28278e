import { expr, type HclValue } from '../../hcl/hcl';
import {
  azureDeployIdentityName,
  azureEnvironmentResourceGroup,
  azureStateContainer,
  azureStateResourceGroup,
} from '../../naming';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import {
  githubVariables,
  mockProvider,
  planRun,
  terraformTestFile,
} from '../common/terraformTestFile';
import { ASSIGNABLE_ROLE_IDS } from './azureBootstrap';
import type { AzureEnvironment } from './azureService';
import { AZURE_TEST_IDS } from './azureTestIds';

const {
  subscription: SUBSCRIPTION,
  tenant: TENANT,
  deployPrincipal: DEPLOY_PRINCIPAL,
  adminGroup: ADMIN_GROUP,
} = AZURE_TEST_IDS;

function clientConfig(): Record<string, HclValue> {
  return {
    tenant_id: TENANT,
    subscription_id: SUBSCRIPTION,
    client_id: '00000000-0000-0000-0000-000000000004',
    object_id: '00000000-0000-0000-0000-000000000005',
  };
}

/** `infra/envs/<env>/azure/tests/environment.tftest.hcl`. */
export function azureEnvironmentTests(context: AzureEnvironment): FileTree {
  const { spec, environment } = context;
  const name = spec.metadata.name;
  const region = spec.spec.regions.azure!;
  const stateGroup = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${azureStateResourceGroup(
    name,
  )}`;
  const adminGroup = { object_id: ADMIN_GROUP, display_name: `${name}-admins` };
  const body = [
    mockProvider({
      provider: 'azurerm',
      data: {
        azurerm_client_config: clientConfig(),
        azurerm_resource_group: {
          id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${azureEnvironmentResourceGroup(
            { name, environment },
          )}`,
          location: region,
        },
        azurerm_user_assigned_identity: {
          id: `${stateGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${azureDeployIdentityName(
            { name, environment },
          )}`,
          principal_id: DEPLOY_PRINCIPAL,
          client_id: '00000000-0000-0000-0000-000000000006',
          tenant_id: TENANT,
          location: region,
        },
        azurerm_network_watcher: {
          id: `${stateGroup}/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${region}`,
          location: region,
        },
      },
    }),
    planRun({
      name: 'ci_and_the_admin_group_can_use_the_cluster',
      why: 'Local accounts are off: CI deploys with an AKS RBAC role, the admin group fetches credentials.',
      variables: { admin_group: adminGroup },
      asserts: [
        {
          condition: `module.cluster.cluster_access["${DEPLOY_PRINCIPAL}"] == "Azure Kubernetes Service RBAC Cluster Admin"`,
          message:
            "This environment's CI identity must be able to apply manifests to its cluster.",
        },
        {
          condition: `module.cluster.cluster_access["${ADMIN_GROUP}"] == "Azure Kubernetes Service Cluster User Role"`,
          message: 'The admin group must be able to fetch cluster credentials.',
        },
      ],
    }),
    context.services.map(service => service.environmentTests?.(context)),
    environment === 'prod' &&
      planRun({
        name: 'prod_needs_an_admin_group',
        why: 'Production is never left without people who can administer it.',
        variables: { admin_group: expr('null') },
        expectFailures: ['var.admin_group'],
      }),
  ];
  return {
    [`infra/envs/${environment}/azure/tests/environment.tftest.hcl`]:
      terraformTestFile({
        what: `Behaviour of the ${environment} Azure root: who can reach the cluster and the database.`,
        body,
      }),
  };
}

/** `infra/bootstrap/azure/tests/bootstrap.tftest.hcl`. */
export function azureBootstrapTests(spec: StackSpec): FileTree {
  const environments = spec.spec.environments;
  const body = [
    mockProvider({
      provider: 'azurerm',
      data: {
        azurerm_client_config: clientConfig(),
        azurerm_subscription: {
          id: `/subscriptions/${SUBSCRIPTION}`,
          subscription_id: SUBSCRIPTION,
          tenant_id: TENANT,
        },
      },
    }),
    githubVariables(),
    planRun({
      name: 'each_environment_writes_only_its_own_state',
      why: 'One state container per environment; each apply identity is granted its own.',
      asserts: [
        {
          condition: `toset(keys(azurerm_storage_container.state)) == toset([${environments
            .map(environment => `"${environment}"`)
            .join(', ')}])`,
          message: 'Every environment needs a state container of its own.',
        },
        ...environments.map(environment => ({
          condition: `azurerm_storage_container.state["${environment}"].name == "${azureStateContainer(
            environment,
          )}"`,
          message: `The ${environment} state container must be the one its backend names.`,
        })),
        {
          condition:
            'alltrue([for assignment in azurerm_role_assignment.apply_state : assignment.role_definition_name == "Storage Blob Data Contributor"])',
          message: 'Apply identities write their own state container.',
        },
      ],
    }),
    planRun({
      name: 'pull_request_plans_write_nothing',
      why: 'Unreviewed pull-request code runs with the plan identity: it reads, and plans run with -lock=false.',
      asserts: [
        {
          condition:
            'azurerm_role_assignment.plan_state.role_definition_name == "Storage Blob Data Reader"',
          message: 'The plan identity must read the state, never write it.',
        },
        {
          condition:
            'alltrue([for name in concat([for assignment in azurerm_role_assignment.plan_environment_reader : assignment.role_definition_name], [for assignment in azurerm_role_assignment.plan_cluster_user : assignment.role_definition_name], [azurerm_role_assignment.plan_flow_logs.role_definition_name, azurerm_role_assignment.plan_state.role_definition_name]) : contains(["Reader", "Azure Kubernetes Service Cluster User Role", "Storage Blob Data Reader"], name)])',
          message: 'The plan identity may hold read roles only.',
        },
      ],
    }),
    planRun({
      name: 'apply_identities_grant_only_the_roles_the_roots_assign',
      why: 'The ABAC condition on Role Based Access Control Administrator lists the roles the roots assign, AKS RBAC included.',
      asserts: [
        {
          condition: `alltrue([for assignment in azurerm_role_assignment.apply_role_assignments : alltrue([for id in [${ASSIGNABLE_ROLE_IDS.map(
            id => `"${id}"`,
          ).join(', ')}] : strcontains(assignment.condition, id)])])`,
          message:
            'Every role the environment roots assign must be in the ABAC condition.',
        },
        {
          condition:
            'alltrue([for assignment in azurerm_role_assignment.apply_role_assignments : !strcontains(assignment.condition, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635")])',
          message: 'Apply identities must never be able to grant Owner.',
        },
      ],
    }),
  ];
  return {
    'infra/bootstrap/azure/tests/bootstrap.tftest.hcl': terraformTestFile({
      what: 'Behaviour of the Azure bootstrap: state and identities kept apart per environment.',
      body,
    }),
  };
}
