import type { TerraformRule } from '../../types';
import {
  asBoolean,
  expectCompanion,
  expectFalse,
  expectOneOf,
  expectSetting,
  expectTrue,
  lookup,
} from '../ruleHelpers';

const TLS_ORDER = ['1.0', '1.1', '1.2', '1.3'];

/** `TLS1_2` or `1.2` → its place in TLS_ORDER. */
function tlsRank(value: unknown): number {
  return TLS_ORDER.indexOf(String(value).replace(/^TLS/, '').replace('_', '.'));
}

/** Storage accounts, PostgreSQL Flexible Server, Redis, Container Registry and Event Hubs. */
export const AZURE_DATA_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_AZURE_44',
    title: 'Storage account requires TLS 1.2 or later',
    cloud: 'azure',
    resourceTypes: ['azurerm_storage_account'],
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'min_tls_version',
        whenAbsent: 'TLS1_2',
        expected: '"TLS1_2"',
        accept: value => tlsRank(value) >= 2,
      }),
  },
  {
    id: 'CKV_AZURE_59',
    title: 'Storage account allows no public blob access',
    cloud: 'azure',
    resourceTypes: ['azurerm_storage_account'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'allow_nested_items_to_be_public', true),
  },
  {
    id: 'CKV2_AZURE_40',
    title: 'Storage account shared-key authorization off',
    cloud: 'azure',
    resourceTypes: ['azurerm_storage_account'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'shared_access_key_enabled', true),
  },
  {
    id: 'CKV_AZURE_35',
    title: 'Storage account network access denied by default',
    cloud: 'azure',
    resourceTypes: ['azurerm_storage_account'],
    check: ({ resource, parsed }) => {
      const publicAccess = lookup(
        resource.body,
        'public_network_access_enabled',
      );
      if (
        publicAccess.state === 'value' &&
        asBoolean(publicAccess.value) === false
      )
        return undefined;
      if (lookup(resource.body, 'network_rules').state !== 'absent') {
        return expectOneOf(resource.body, 'network_rules.default_action', [
          'Deny',
        ]);
      }
      // The rules may also live in a separate azurerm_storage_account_network_rules resource.
      return expectCompanion({
        parsed,
        target: resource,
        type: 'azurerm_storage_account_network_rules',
        attribute: 'storage_account_id',
        check: rules => expectOneOf(rules.body, 'default_action', ['Deny']),
      })
        ? 'neither public_network_access_enabled = false nor network rules with default_action = "Deny"'
        : undefined;
    },
  },
  {
    id: 'CKV2_AZURE_57',
    title: 'PostgreSQL Flexible Server not reachable from public networks',
    cloud: 'azure',
    resourceTypes: ['azurerm_postgresql_flexible_server'],
    check: ({ resource }) => {
      // A server injected into a delegated subnet has no public endpoint.
      const injected =
        lookup(resource.body, 'delegated_subnet_id').state !== 'absent';
      return expectFalse(
        resource.body,
        'public_network_access_enabled',
        !injected,
      );
    },
  },
  {
    id: 'CKV_AZURE_136',
    title: 'PostgreSQL Flexible Server geo-redundant backups',
    cloud: 'azure',
    resourceTypes: ['azurerm_postgresql_flexible_server'],
    check: ({ resource }) =>
      expectTrue(resource.body, 'geo_redundant_backup_enabled', false),
  },
  {
    id: 'CKV_AZURE_89',
    title: 'Redis not reachable from public networks',
    cloud: 'azure',
    resourceTypes: ['azurerm_redis_cache', 'azurerm_managed_redis'],
    check: ({ resource }) =>
      resource.type === 'azurerm_managed_redis'
        ? expectOneOf(
            resource.body,
            'public_network_access',
            ['Disabled'],
            'Enabled',
          )
        : expectFalse(resource.body, 'public_network_access_enabled', true),
  },
  {
    id: 'CKV_AZURE_91',
    title: 'Redis accepts TLS connections only (no non-SSL port)',
    cloud: 'azure',
    resourceTypes: ['azurerm_redis_cache', 'azurerm_managed_redis'],
    check: ({ resource }) =>
      resource.type === 'azurerm_managed_redis'
        ? expectOneOf(
            resource.body,
            'default_database.client_protocol',
            ['Encrypted'],
            'Encrypted',
          )
        : expectFalse(resource.body, 'non_ssl_port_enabled', false),
  },
  {
    id: 'CKV_AZURE_148',
    title: 'Redis requires TLS 1.2 or later',
    cloud: 'azure',
    resourceTypes: ['azurerm_redis_cache'],
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'minimum_tls_version',
        whenAbsent: '1.2',
        expected: '"1.2"',
        accept: value => tlsRank(value) >= 2,
      }),
  },
  {
    id: 'CKV_AZURE_137',
    title: 'Container Registry admin user off',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_registry'],
    check: ({ resource }) => expectFalse(resource.body, 'admin_enabled', false),
  },
  {
    id: 'CKV_AZURE_138',
    title: 'Container Registry anonymous pull off',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_registry'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'anonymous_pull_enabled', false),
  },
  {
    id: 'CKV_AZURE_139',
    title: 'Container Registry not reachable from public networks',
    cloud: 'azure',
    resourceTypes: ['azurerm_container_registry'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'public_network_access_enabled', true),
  },
  {
    id: 'CKV_AZURE_110',
    title: 'Key Vault purge protection',
    cloud: 'azure',
    resourceTypes: ['azurerm_key_vault'],
    // Keys that encrypt clusters and disks must survive an accidental or malicious delete.
    check: ({ resource }) =>
      expectTrue(resource.body, 'purge_protection_enabled', false),
  },
  {
    id: 'CKV_AZURE_12',
    title: 'Network flow logs retained for at least 90 days',
    cloud: 'azure',
    resourceTypes: ['azurerm_network_watcher_flow_log'],
    check: ({ resource }) => {
      const enabled = expectTrue(
        resource.body,
        'retention_policy.enabled',
        false,
      );
      if (enabled) return enabled;
      return expectSetting({
        body: resource.body,
        path: 'retention_policy.days',
        expected: '0 (forever) or at least 90',
        accept: value => Number(value) === 0 || Number(value) >= 90,
      });
    },
  },
  {
    id: 'SKYFORGE_AZURE_EVENTHUB_ENTRA_ONLY',
    title: 'Event Hubs namespace accepts Entra ID only (no SAS keys)',
    cloud: 'azure',
    resourceTypes: ['azurerm_eventhub_namespace'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'local_authentication_enabled', true),
  },
  {
    id: 'SKYFORGE_AZURE_EVENTHUB_PRIVATE',
    title: 'Event Hubs namespace not reachable from public networks',
    cloud: 'azure',
    resourceTypes: ['azurerm_eventhub_namespace'],
    check: ({ resource }) =>
      expectFalse(resource.body, 'public_network_access_enabled', true),
  },
  {
    id: 'SKYFORGE_AZURE_EVENTHUB_TLS',
    title: 'Event Hubs namespace requires TLS 1.2 or later',
    cloud: 'azure',
    resourceTypes: ['azurerm_eventhub_namespace'],
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'minimum_tls_version',
        whenAbsent: '1.2',
        expected: '"1.2"',
        accept: value => tlsRank(value) >= 2,
      }),
  },
  {
    id: 'SKYFORGE_AZURE_EVENTHUB_KAFKA_TIER',
    title:
      'Event Hubs namespace on a tier with the Kafka endpoint (Standard or above)',
    cloud: 'azure',
    resourceTypes: ['azurerm_eventhub_namespace'],
    check: ({ resource }) =>
      expectOneOf(resource.body, 'sku', ['Standard', 'Premium']),
  },
];
