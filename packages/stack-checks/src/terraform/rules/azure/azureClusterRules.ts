import type { TerraformRule } from '../../types';
import {
  asBoolean,
  blocks,
  expectPresent,
  expectSetting,
  expectTrue,
  literalStrings,
  lookup,
  OPEN_CIDRS,
} from '../ruleHelpers';

function clusterRule(
  rule: Omit<TerraformRule, 'resourceTypes' | 'cloud'>,
): TerraformRule {
  return {
    ...rule,
    cloud: 'azure',
    resourceTypes: ['azurerm_kubernetes_cluster'],
  };
}

/** AKS clusters and node pools (see ruleHelpers.ts for how expressions are judged). */
export const AZURE_CLUSTER_RULES: readonly TerraformRule[] = [
  clusterRule({
    id: 'CKV_AZURE_115',
    title: 'AKS private cluster',
    check: ({ resource }) =>
      expectTrue(resource.body, 'private_cluster_enabled', false),
  }),
  clusterRule({
    id: 'CKV_AZURE_6',
    title: 'AKS public API server restricted to authorized IP ranges',
    check: ({ resource }) => {
      const isPrivate = lookup(resource.body, 'private_cluster_enabled');
      if (isPrivate.state === 'unknown') return undefined;
      if (isPrivate.state === 'value' && asBoolean(isPrivate.value) === true)
        return undefined;
      const ranges = literalStrings(
        resource.body,
        'api_server_access_profile.authorized_ip_ranges',
      );
      const open = ranges?.find(range => OPEN_CIDRS.includes(range));
      if (open)
        return `api_server_access_profile.authorized_ip_ranges admits ${open}`;
      return expectPresent(
        resource.body,
        'api_server_access_profile.authorized_ip_ranges',
        'a list of authorized IP ranges',
      );
    },
  }),
  clusterRule({
    id: 'CKV_AZURE_5',
    title: 'AKS RBAC enabled',
    check: ({ resource }) =>
      expectTrue(resource.body, 'role_based_access_control_enabled', true),
  }),
  clusterRule({
    id: 'CKV_AZURE_141',
    title: 'AKS local admin account disabled',
    check: ({ resource }) =>
      expectTrue(resource.body, 'local_account_disabled', false),
  }),
  clusterRule({
    id: 'CKV_AZURE_7',
    title: 'AKS network policy configured',
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'network_profile.network_policy',
        expected: '"azure", "calico" or "cilium"',
        accept: value =>
          typeof value === 'string' && value !== '' && value !== 'none',
      }),
  }),
  clusterRule({
    id: 'CKV_AZURE_116',
    title: 'AKS Azure Policy add-on',
    check: ({ resource }) =>
      expectTrue(resource.body, 'azure_policy_enabled', false),
  }),
  clusterRule({
    id: 'CKV_AZURE_4',
    title: 'AKS logs to Azure Monitor (OMS agent)',
    check: ({ resource }) =>
      expectPresent(
        resource.body,
        'oms_agent.log_analytics_workspace_id',
        'a Log Analytics workspace',
      ),
  }),
  {
    id: 'CKV_AZURE_227',
    title: 'AKS nodes use encryption at host',
    cloud: 'azure',
    resourceTypes: [
      'azurerm_kubernetes_cluster',
      'azurerm_kubernetes_cluster_node_pool',
    ],
    check: ({ resource }) =>
      resource.type === 'azurerm_kubernetes_cluster'
        ? expectTrue(
            resource.body,
            'default_node_pool.host_encryption_enabled',
            false,
          )
        : expectTrue(resource.body, 'host_encryption_enabled', false),
  },
  clusterRule({
    id: 'CKV_AZURE_171',
    title: 'AKS automatic upgrade channel chosen',
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'automatic_upgrade_channel',
        expected: '"patch", "rapid", "stable" or "node-image"',
        accept: value => typeof value === 'string' && value !== 'none',
      }),
  }),
  clusterRule({
    id: 'CKV_AZURE_232',
    title: 'AKS system pool runs only critical add-ons',
    check: ({ resource }) =>
      blocks(resource.body, 'default_node_pool').length === 0
        ? undefined
        : expectTrue(
            resource.body,
            'default_node_pool.only_critical_addons_enabled',
            false,
          ),
  }),
];
