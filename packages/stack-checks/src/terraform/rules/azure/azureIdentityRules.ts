import type {
  ParsedResource,
  ParsedTerraform,
  TerraformRule,
} from '../../types';
import { asBoolean, blocks, lookup, refersTo, strings } from '../ruleHelpers';

/** Roles that write resources, data or state, or grant roles. */
const WRITE_ROLES = [
  'Owner',
  'Contributor',
  'User Access Administrator',
  'Role Based Access Control Administrator',
  'Storage Blob Data Contributor',
  'Storage Blob Data Owner',
];

/** Roles that manage everything within their scope (or grant roles there). */
const MANAGING_ROLES = [
  'Owner',
  'Contributor',
  'User Access Administrator',
  'Role Based Access Control Administrator',
];

/** The AKS data-plane roles that let a caller apply manifests (Azure RBAC for Kubernetes). */
const AKS_WRITE_ROLES = [
  'Azure Kubernetes Service RBAC Cluster Admin',
  'Azure Kubernetes Service RBAC Admin',
  'Azure Kubernetes Service RBAC Writer',
];

/** The Key Vault roles that let the application routing add-on read a certificate. */
const CERTIFICATE_READ_ROLES = [
  'Key Vault Secrets User',
  'Key Vault Certificate User',
  'Key Vault Administrator',
];

const PLAN_IDENTITY = 'azurerm_user_assigned_identity.plan.';

function roleOf(assignment: ParsedResource): string | undefined {
  const role = assignment.body.role_definition_name;
  return typeof role === 'string' ? role : undefined;
}

function isPlanAssignment(assignment: ParsedResource): boolean {
  return strings(assignment.body.principal_id).some(text =>
    text.includes(PLAN_IDENTITY),
  );
}

function roleAssignments(parsed: ParsedTerraform): ParsedResource[] {
  return parsed.resources.filter(
    resource => resource.type === 'azurerm_role_assignment',
  );
}

/**
 * Azure identity rules, one per finding of the production review (2026-12-03) they guard
 * against: a pull-request identity that writes state (6), CI that cannot use the cluster (9) or
 * a plan that cannot read it (10), identities with rights over the whole subscription (15), the
 * application as database administrator (18) and a TLS certificate the ingress cannot read (20).
 */
export const AZURE_IDENTITY_RULES: readonly TerraformRule[] = [
  {
    id: 'SKYFORGE_AZURE_PLAN_READ_ONLY',
    title:
      'The pull-request plan identity writes nothing, state included (review finding 6)',
    cloud: 'azure',
    resourceTypes: ['azurerm_role_assignment'],
    check: ({ resource }) => {
      const role = roleOf(resource);
      if (!isPlanAssignment(resource) || !role) return undefined;
      return WRITE_ROLES.includes(role)
        ? `the plan identity, which runs unreviewed pull-request code, holds ${role}; plans run with -lock=false and need Reader roles only`
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_PLAN_READS_CLUSTERS',
    title: 'The plan identity can refresh AKS clusters (review finding 10)',
    cloud: 'azure',
    resourceTypes: ['azurerm_role_assignment'],
    check: ({ resource, parsed }) => {
      if (!isPlanAssignment(resource) || roleOf(resource) !== 'Reader')
        return undefined;
      return roleAssignments(parsed).some(
        other =>
          isPlanAssignment(other) &&
          roleOf(other) === 'Azure Kubernetes Service Cluster User Role',
      )
        ? undefined
        : 'the plan identity has Reader but not the Azure Kubernetes Service Cluster User Role: refreshing azurerm_kubernetes_cluster lists its user credentials and fails with 403';
    },
  },
  {
    id: 'SKYFORGE_AZURE_ENVIRONMENT_SCOPE',
    title:
      'Managing roles are scoped to an environment, not the subscription (review finding 15)',
    cloud: 'azure',
    resourceTypes: ['azurerm_role_assignment'],
    check: ({ resource }) => {
      const role = roleOf(resource);
      if (!role || !MANAGING_ROLES.includes(role)) return undefined;
      const scope = strings(resource.body.scope);
      const subscription = scope.some(
        text =>
          /data\.azurerm_subscription\.[A-Za-z0-9_]+\.id/.test(text) ||
          /^\/subscriptions\/[^/]+\/?$/.test(text),
      );
      return subscription
        ? `${role} on the whole subscription: every environment's identity can change every other environment; scope it to the environment's resource group`
        : undefined;
    },
  },
  {
    id: 'SKYFORGE_AZURE_CLUSTER_ACCESS',
    title:
      'Without local accounts, CI holds an AKS RBAC role on the cluster (review finding 9)',
    cloud: 'azure',
    resourceTypes: ['azurerm_kubernetes_cluster'],
    check: ({ resource, parsed }) => {
      const local = lookup(resource.body, 'local_account_disabled');
      if (local.state !== 'value' || asBoolean(local.value) !== true)
        return undefined;
      const granted = roleAssignments(parsed).some(
        assignment =>
          AKS_WRITE_ROLES.includes(roleOf(assignment) ?? '') &&
          refersTo(assignment.body.scope, resource),
      );
      return granted
        ? undefined
        : 'local accounts are off and no Azure Kubernetes Service RBAC role is assigned on the cluster: nobody, CI included, can apply manifests';
    },
  },
  {
    id: 'SKYFORGE_AZURE_APP_ROUTING_CERTIFICATE',
    title:
      'The application routing add-on can read its Key Vault certificate (review finding 20)',
    cloud: 'azure',
    resourceTypes: ['azurerm_kubernetes_cluster'],
    check: ({ resource, parsed }) => {
      if (blocks(resource.body, 'web_app_routing').length === 0)
        return undefined;
      const granted = roleAssignments(parsed).some(
        assignment =>
          CERTIFICATE_READ_ROLES.includes(roleOf(assignment) ?? '') &&
          strings(assignment.body.principal_id).some(text =>
            text.includes('web_app_routing_identity'),
          ),
      );
      return granted
        ? undefined
        : "the application routing add-on's identity has no Key Vault role: NGINX serves its fake certificate";
    },
  },
  {
    id: 'SKYFORGE_AZURE_DATABASE_ADMIN_NOT_APP',
    title:
      'The application identity is never the PostgreSQL administrator (review finding 18)',
    cloud: 'azure',
    resourceTypes: [
      'azurerm_postgresql_flexible_server_active_directory_administrator',
    ],
    check: ({ resource }) =>
      strings(resource.body.object_id).some(text =>
        /app_principal_id|azurerm_user_assigned_identity\.app\b/.test(text),
      )
        ? 'the application identity can become the Entra administrator of the server; give it an ordinary role and make a group administrator'
        : undefined,
  },
];
