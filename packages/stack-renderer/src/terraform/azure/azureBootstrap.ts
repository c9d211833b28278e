import {
  attr,
  block,
  comment,
  data,
  expr,
  resource,
  writeHcl,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import {
  azureDeployIdentityName,
  azureEnvironmentResourceGroup,
  azureStateContainer,
  azureStateResourceGroup,
} from '../../naming';
import type { StackSpec } from '../../spec/stackSpec';
import { stackTags } from '../../tags';
import type { FileTree } from '../../types';
import { azureBootstrapStorageAccount } from './azureBootstrapStorageAccount';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import {
  AZURE_BILLING_FILE,
  AZURE_COST_EXPORTS_PROVIDER,
  azureBillingFile,
} from './azureBilling';
import { azureProvider } from './azureHclBlocks';
import { AZAPI_PROVIDER, terraformSettings } from '../common/terraformSettings';
import {
  azureBillingStorageAccount,
  azureStateStorageAccount,
} from './azureResourceNames';
import { azureServices } from './azureServices';
import { containerAppsTargets } from './containerAppsWarnings';

/**
 * Built-in roles the environment roots assign, by name and ID. The apply identities may grant
 * these and nothing else (an ABAC condition on their Role Based Access Control Administrator
 * assignment), so none can make itself Owner.
 */
const ASSIGNABLE_ROLES: ReadonlyArray<[string, string]> = [
  ['AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d'],
  ['Network Contributor', '4d97b98b-1d4f-4787-a291-c67834d212e7'],
  ['Managed Identity Operator', 'f1a07417-d97a-45cb-824c-7a7467783830'],
  ['Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6'],
  ['Key Vault Certificates Officer', 'a4417e6f-fecd-4de8-b567-7b0420556985'],
  ['Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'],
  ['Monitoring Reader', '43d0d8ad-25c7-4714-9337-8ba259a9fe05'],
  ['Monitoring Data Reader', 'b0d8363b-8ddd-447d-831f-62ca05bff136'],
  ['Grafana Admin', '22926164-76b3-42b3-bc55-97df8dab3e41'],
  ['Grafana Editor', 'a79a5197-3a5c-4973-a920-486035ffd60f'],
  [
    'Azure Kubernetes Service RBAC Cluster Admin',
    'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
  ],
  [
    'Azure Kubernetes Service Cluster User Role',
    '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
  ],
];

/** Role IDs the apply identities may assign, as the ABAC condition lists them. */
export const ASSIGNABLE_ROLE_IDS: readonly string[] = ASSIGNABLE_ROLES.map(
  ([, id]) => id,
);

/**
 * Resource providers the environment roots use. The bootstrap registers them once per
 * subscription; the environment identities, scoped to their resource groups, cannot.
 */
export function azureResourceProviders(spec: StackSpec): string[] {
  return [
    'Microsoft.Compute',
    'Microsoft.ContainerService',
    AZURE_COST_EXPORTS_PROVIDER,
    'Microsoft.Insights',
    'Microsoft.KeyVault',
    'Microsoft.ManagedIdentity',
    'Microsoft.Network',
    'Microsoft.OperationalInsights',
    'Microsoft.OperationsManagement',
    'Microsoft.PolicyInsights',
    'Microsoft.Security',
    'Microsoft.Storage',
    ...azureServices(spec).flatMap(service => service.resourceProviders ?? []),
    ...(containerAppsTargets(spec).length > 0 ? ['Microsoft.App'] : []),
  ].sort();
}

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITHUB_SUBJECT_PREFIX =
  'repo:${var.github_owner}-${var.github_owner_id}/${var.github_repository}-${var.github_repository_id}';

/** An ABAC condition limiting role assignment writes and deletes to the roles above. */
function assignableRolesCondition(): string {
  const roles = ASSIGNABLE_ROLE_IDS.join(', ');
  return (
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR ` +
    `(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}})) AND ` +
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR ` +
    `(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}}))`
  );
}

function versions(spec: StackSpec): string {
  return writeHcl([
    comment(
      'The bootstrap creates the remote state, so its own state is local: run it once per\n' +
        'subscription by hand (`az login`, ARM_SUBSCRIPTION_ID set) and keep terraform.tfstate safe.',
    ),
    terraformSettings('azure', [AZAPI_PROVIDER]),
    azureProvider({ resourceProviders: azureResourceProviders(spec) }),
  ]);
}

function roleAssignment(name: string, body: HclBody): HclBlock {
  return resource('azurerm_role_assignment', name, [
    body,
    attr('principal_type', 'ServicePrincipal'),
  ]);
}

function main(spec: StackSpec): string {
  const name = spec.metadata.name;
  const environments = spec.spec.environments;
  return writeHcl([
    data('azurerm_client_config', 'current', []),
    data('azurerm_subscription', 'current', []),
    block(
      'locals',
      [],
      [
        comment(
          [
            'Each environment lives in its own resource group, created here so that its identities can',
            'be scoped to it before anything else exists. The environment roots read it by name.',
          ].join('\n'),
        ),
        attr(
          'environment_resource_groups',
          Object.fromEntries(
            environments.map(environment => [
              environment,
              azureEnvironmentResourceGroup({ name, environment }),
            ]),
          ),
        ),
        attr(
          'state_containers',
          Object.fromEntries(
            environments.map(environment => [
              environment,
              azureStateContainer(environment),
            ]),
          ),
        ),
        attr(
          'apply_identity_names',
          Object.fromEntries(
            environments.map(environment => [
              environment,
              azureDeployIdentityName({ name, environment }),
            ]),
          ),
        ),
        attr(
          'network_watcher_id',
          expr(
            'var.existing_network_watcher == null ? azurerm_network_watcher.this[0].id : data.azurerm_network_watcher.existing[0].id',
          ),
        ),
      ],
    ),
    resource('azurerm_resource_group', 'state', [
      attr('name', azureStateResourceGroup(name)),
      attr('location', expr('var.location')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_resource_group', 'environment', [
      attr('for_each', expr('local.environment_resource_groups')),
      attr('name', expr('each.value')),
      attr('location', expr('var.location')),
      attr('tags', expr('merge(var.tags, { environment = each.key })')),
    ]),
    comment(
      'Terraform state: one container per environment, so each identity can be given exactly its own.\n' +
        'Entra ID only (no shared keys), TLS 1.2+, double encryption, versioned and soft-deleted so a\n' +
        'broken state can be restored. GitHub-hosted runners reach it over the internet; list their\n' +
        'egress ranges in allowed_ip_ranges to close it.',
    ),
    azureBootstrapStorageAccount({
      name: 'state',
      accountNameVariable: 'state_storage_account_name',
      replication: 'ZRS',
      softDeleteDays: 30,
    }),
    resource('azurerm_storage_container', 'state', [
      attr('for_each', expr('local.state_containers')),
      attr('name', expr('each.value')),
      attr('storage_account_id', expr('azurerm_storage_account.state.id')),
      attr('container_access_type', 'private'),
    ]),
    resource('azurerm_management_lock', 'state', [
      attr('name', 'do-not-delete'),
      attr('scope', expr('azurerm_storage_account.state.id')),
      attr('lock_level', 'CanNotDelete'),
      attr('notes', 'Terraform state of every environment.'),
    ]),
    comment(
      'Flow logs of every environment go through the one Network Watcher Azure allows per region and\n' +
        'subscription. Created here unless the subscription already has one (existing_network_watcher),\n' +
        'instead of relying on the NetworkWatcher_<region> that Azure may or may not create with the\n' +
        'first virtual network.',
    ),
    resource('azurerm_network_watcher', 'this', [
      attr('count', expr('var.existing_network_watcher == null ? 1 : 0')),
      attr('name', expr('"NetworkWatcher_${var.location}"')),
      attr('resource_group_name', expr('azurerm_resource_group.state.name')),
      attr('location', expr('var.location')),
      attr('tags', expr('var.tags')),
    ]),
    data('azurerm_network_watcher', 'existing', [
      attr('count', expr('var.existing_network_watcher == null ? 0 : 1')),
      attr('name', expr('var.existing_network_watcher.name')),
      attr(
        'resource_group_name',
        expr('var.existing_network_watcher.resource_group_name'),
      ),
    ]),
    comment(
      'Creating and reading flow logs, and nothing else of the shared Network Watcher.',
    ),
    resource('azurerm_role_definition', 'flow_logs', [
      attr('name', `${name} flow log writer`),
      attr('scope', expr('data.azurerm_subscription.current.id')),
      attr(
        'description',
        'Manage VNet flow logs on the regional Network Watcher (Skyforge environments).',
      ),
      block(
        'permissions',
        [],
        [
          attr('actions', [
            'Microsoft.Network/networkWatchers/read',
            'Microsoft.Network/networkWatchers/flowLogs/read',
            'Microsoft.Network/networkWatchers/flowLogs/write',
            'Microsoft.Network/networkWatchers/flowLogs/delete',
          ]),
        ],
      ),
      attr('assignable_scopes', [expr('local.network_watcher_id')]),
    ]),

    comment(
      'GitHub Actions sign in with OIDC: no client secret exists. Each environment has its own\n' +
        'identity, trusted only for jobs running in the GitHub environment of the same name, with\n' +
        'the immutable subject format (owner and repository IDs survive renames and transfers).',
    ),
    resource('azurerm_user_assigned_identity', 'apply', [
      attr('for_each', expr('local.apply_identity_names')),
      attr('name', expr('each.value')),
      attr('resource_group_name', expr('azurerm_resource_group.state.name')),
      attr('location', expr('azurerm_resource_group.state.location')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_federated_identity_credential', 'apply', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('name', expr('"github-environment-${each.key}"')),
      attr('user_assigned_identity_id', expr('each.value.id')),
      attr('issuer', GITHUB_ISSUER),
      attr(
        'subject',
        expr(`"${GITHUB_SUBJECT_PREFIX}:environment:\${each.key}"`),
      ),
      attr('audience', ['api://AzureADTokenExchange']),
    ]),
    comment(
      'Pull requests plan with a read-only identity; it can change nothing and write no state.',
    ),
    resource('azurerm_user_assigned_identity', 'plan', [
      attr('name', expr(`"${name}-github-plan"`)),
      attr('resource_group_name', expr('azurerm_resource_group.state.name')),
      attr('location', expr('azurerm_resource_group.state.location')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_federated_identity_credential', 'plan', [
      attr('name', 'github-pull-request'),
      attr(
        'user_assigned_identity_id',
        expr('azurerm_user_assigned_identity.plan.id'),
      ),
      attr('issuer', GITHUB_ISSUER),
      attr('subject', expr(`"${GITHUB_SUBJECT_PREFIX}:pull_request"`)),
      attr('audience', ['api://AzureADTokenExchange']),
    ]),
    comment(
      'The apply workflow plans each environment on main with it too, before the approval to apply.',
    ),
    resource('azurerm_federated_identity_credential', 'plan_main', [
      attr('name', 'github-main'),
      attr(
        'user_assigned_identity_id',
        expr('azurerm_user_assigned_identity.plan.id'),
      ),
      attr('issuer', GITHUB_ISSUER),
      attr('subject', expr(`"${GITHUB_SUBJECT_PREFIX}:ref:refs/heads/main"`)),
      attr('audience', ['api://AzureADTokenExchange']),
    ]),

    comment(
      "Each apply identity manages its own environment's resource group, and nothing outside it.",
    ),
    roleAssignment('apply_contributor', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('azurerm_resource_group.environment[each.key].id')),
      attr('role_definition_name', 'Contributor'),
      attr('principal_id', expr('each.value.principal_id')),
    ]),
    comment(
      'Contributor cannot grant roles, and the environments grant a few (AcrPull to the kubelets,\n' +
        'Storage Blob Data Contributor to the app, AKS roles to CI and the admin group, ...). This\n' +
        "condition allows exactly those roles, within the environment's resource group.",
    ),
    roleAssignment('apply_role_assignments', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('azurerm_resource_group.environment[each.key].id')),
      attr('role_definition_name', 'Role Based Access Control Administrator'),
      attr('principal_id', expr('each.value.principal_id')),
      attr('condition_version', '2.0'),
      attr('condition', assignableRolesCondition()),
    ]),
    comment(
      "Writes its own environment's state container only (the state lock is a blob lease: a write).",
    ),
    roleAssignment('apply_state', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('azurerm_storage_container.state[each.key].id')),
      attr('role_definition_name', 'Storage Blob Data Contributor'),
      attr('principal_id', expr('each.value.principal_id')),
    ]),
    comment(
      'The environment root looks its apply identity up by name (to grant it AKS RBAC on the cluster).',
    ),
    roleAssignment('apply_identity_reader', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('each.value.id')),
      attr('role_definition_name', 'Reader'),
      attr('principal_id', expr('each.value.principal_id')),
    ]),
    resource('azurerm_role_assignment', 'apply_flow_logs', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('local.network_watcher_id')),
      attr(
        'role_definition_id',
        expr('azurerm_role_definition.flow_logs.role_definition_resource_id'),
      ),
      attr('principal_id', expr('each.value.principal_id')),
      attr('principal_type', 'ServicePrincipal'),
    ]),

    comment(
      'The plan identity reads every environment: its resource groups, the apply identities, the\n' +
        'flow logs and the state (Storage Blob Data Reader: plans run with -lock=false). Refreshing an\n' +
        'AKS cluster lists its user credentials, which Reader lacks, hence the Cluster User Role.',
    ),
    roleAssignment('plan_environment_reader', [
      attr('for_each', expr('azurerm_resource_group.environment')),
      attr('scope', expr('each.value.id')),
      attr('role_definition_name', 'Reader'),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
    ]),
    roleAssignment('plan_cluster_user', [
      attr('for_each', expr('azurerm_resource_group.environment')),
      attr('scope', expr('each.value.id')),
      attr(
        'role_definition_name',
        'Azure Kubernetes Service Cluster User Role',
      ),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
    ]),
    roleAssignment('plan_identity_reader', [
      attr('for_each', expr('azurerm_user_assigned_identity.apply')),
      attr('scope', expr('each.value.id')),
      attr('role_definition_name', 'Reader'),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
    ]),
    roleAssignment('plan_flow_logs', [
      attr('scope', expr('local.network_watcher_id')),
      attr('role_definition_name', 'Reader'),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
    ]),
    roleAssignment('plan_state', [
      attr('scope', expr('azurerm_storage_account.state.id')),
      attr('role_definition_name', 'Storage Blob Data Reader'),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
    ]),
    containerAppSecretsReader(spec),
  ]);
}

/**
 * Refreshing a container app lists its secrets (the azurerm provider reads them back), which
 * Reader lacks: in the serverless environments the plan identity gets exactly that action. The
 * secrets are Key Vault references, so it learns secret IDs, never values.
 */
function containerAppSecretsReader(spec: StackSpec): HclBody {
  const environments = containerAppsTargets(spec).map(
    target => target.environment,
  );
  if (environments.length === 0) return [];
  const groups = `[for environment in ${JSON.stringify(environments).replace(
    /,/g,
    ', ',
  )} : azurerm_resource_group.environment[environment].id]`;
  return [
    comment(
      [
        'Refreshing a container app lists its secrets (Key Vault references, no values), which Reader',
        'lacks: the plan identity gets exactly that action in the serverless environments.',
      ].join('\n'),
    ),
    resource('azurerm_role_definition', 'container_app_secrets', [
      attr('name', `${spec.metadata.name} container app secrets reader`),
      attr('scope', expr('data.azurerm_subscription.current.id')),
      attr(
        'description',
        'List the secret references of container apps (Skyforge plans).',
      ),
      block(
        'permissions',
        [],
        [attr('actions', ['Microsoft.App/containerApps/listSecrets/action'])],
      ),
      attr('assignable_scopes', expr(groups)),
    ]),
    resource('azurerm_role_assignment', 'plan_container_app_secrets', [
      attr(
        'for_each',
        expr(`toset(${JSON.stringify(environments).replace(/,/g, ', ')})`),
      ),
      attr('scope', expr('azurerm_resource_group.environment[each.value].id')),
      attr(
        'role_definition_id',
        expr(
          'azurerm_role_definition.container_app_secrets.role_definition_resource_id',
        ),
      ),
      attr(
        'principal_id',
        expr('azurerm_user_assigned_identity.plan.principal_id'),
      ),
      attr('principal_type', 'ServicePrincipal'),
    ]),
  ];
}

function variables(): string {
  return writeHcl([
    terraformVariable({
      name: 'location',
      type: 'string',
      description: 'Azure region of the state storage and CI identities.',
    }),
    terraformVariable({
      name: 'state_storage_account_name',
      type: 'string',
      description: 'Globally unique name of the state storage account.',
      validations: [
        {
          condition:
            'can(regex("^[a-z0-9]{3,24}$", var.state_storage_account_name))',
          message:
            'state_storage_account_name must be 3 to 24 lowercase letters and digits.',
        },
      ],
    }),
    terraformVariable({
      name: 'existing_network_watcher',
      type: 'object({\n    name                = string\n    resource_group_name = string\n  })',
      description:
        "The subscription's Network Watcher in this region, if it has one (Azure allows one per region); null creates it. Find it with: az network watcher list --query \"[?location=='<region>']\"",
      default: expr('null'),
    }),
    terraformVariable({
      name: 'allowed_ip_ranges',
      type: 'list(string)',
      description:
        'Public IP ranges allowed to reach the state account; empty allows any network (Entra ID is still required).',
      default: [],
    }),
    terraformVariable({
      name: 'tags',
      type: 'map(string)',
      description: 'Attribution tags of the bootstrap resources.',
    }),
    terraformVariable({
      name: 'github_owner',
      type: 'string',
      description: 'GitHub organisation or user owning the repository.',
      validations: [
        {
          condition:
            'can(regex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", var.github_owner))',
          message: 'github_owner must be a GitHub user or organisation name.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_owner_id',
      type: 'string',
      description:
        'Numeric ID of the owner (immutable subject claims use it): gh api users/<owner> --jq .id',
      validations: [
        {
          condition: 'can(regex("^[0-9]+$", var.github_owner_id))',
          message: 'github_owner_id must be the numeric owner ID.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_repository',
      type: 'string',
      description: 'Repository name, without the owner.',
      validations: [
        {
          condition:
            'can(regex("^[A-Za-z0-9._-]{1,100}$", var.github_repository))',
          message:
            'github_repository must be a repository name without the owner.',
        },
      ],
    }),
    terraformVariable({
      name: 'github_repository_id',
      type: 'string',
      description:
        'Numeric ID of the repository: gh api repos/<owner>/<repo> --jq .id',
      validations: [
        {
          condition: 'can(regex("^[0-9]+$", var.github_repository_id))',
          message: 'github_repository_id must be the numeric repository ID.',
        },
      ],
    }),
  ]);
}

function outputs(): string {
  return writeHcl([
    terraformOutput({
      name: 'azure_client_id',
      description:
        'Client ID of the apply identity per environment: the AZURE_CLIENT_ID variable of each GitHub environment.',
      value:
        '{ for environment, identity in azurerm_user_assigned_identity.apply : environment => identity.client_id }',
    }),
    terraformOutput({
      name: 'azure_plan_client_id',
      description:
        'Client ID of the read-only identity of the plans of pull requests and of main.',
      value: 'azurerm_user_assigned_identity.plan.client_id',
    }),
    terraformOutput({
      name: 'azure_tenant_id',
      description: 'AZURE_TENANT_ID.',
      value: 'data.azurerm_client_config.current.tenant_id',
    }),
    terraformOutput({
      name: 'azure_subscription_id',
      description: 'AZURE_SUBSCRIPTION_ID.',
      value: 'data.azurerm_subscription.current.subscription_id',
    }),
    terraformOutput({
      name: 'tf_state_account',
      description:
        'TF_STATE_ACCOUNT: storage account of the remote state (terraform init -backend-config=storage_account_name=...).',
      value: 'azurerm_storage_account.state.name',
    }),
  ]);
}

function tfvars(spec: StackSpec): string {
  const tags = {
    ...stackTags({ spec, environment: spec.spec.environments[0] }),
    environment: 'shared',
  };
  return writeHcl([
    comment(
      'github_owner, github_owner_id, github_repository and github_repository_id are known once the\n' +
        'repository exists: pass them with -var or TF_VAR_github_* when running the bootstrap.',
    ),
    attr('location', spec.spec.regions.azure!),
    attr('state_storage_account_name', azureStateStorageAccount(spec)),
    attr('billing_storage_account_name', azureBillingStorageAccount(spec)),
    comment('Shared by every environment, so environment is "shared".'),
    attr('tags', tags),
  ]);
}

/**
 * `infra/bootstrap/azure`: remote-state storage, the GitHub OIDC identities of CI, and the FOCUS
 * cost export Backstage reads (billing.tf).
 */
export function azureBootstrap(spec: StackSpec): FileTree {
  const directory = 'infra/bootstrap/azure';
  return {
    [`${directory}/versions.tf`]: versions(spec),
    [`${directory}/main.tf`]: main(spec),
    [`${directory}/variables.tf`]: variables(),
    [`${directory}/outputs.tf`]: outputs(),
    [`${directory}/${AZURE_BILLING_FILE}`]: azureBillingFile(
      spec.metadata.name,
    ),
    [`${directory}/terraform.tfvars`]: tfvars(spec),
  };
}
