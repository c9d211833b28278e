import type { HclJsonBody, ParsedResource, TerraformRule } from '../../types';
import {
  asBoolean,
  blocks,
  expectFalse,
  expectOneOf,
  expectPresent,
  expectSetting,
  expectTrue,
  firstFailure,
  isExpression,
  literalStrings,
  lookup,
  OPEN_CIDRS,
  strings,
} from '../ruleHelpers';

/**
 * The body whose `node_config` describes real nodes: a node pool, or a cluster that keeps its
 * default pool. A cluster with `remove_default_node_pool = true` (or Autopilot) is skipped, since
 * its own `node_config` only shapes a pool that is deleted right away.
 */
function nodeConfigOwner(resource: ParsedResource): HclJsonBody | undefined {
  if (resource.type === 'google_container_node_pool') return resource.body;
  const removed = lookup(resource.body, 'remove_default_node_pool');
  if (removed.state === 'unknown') return undefined;
  if (removed.state === 'value' && asBoolean(removed.value) === true)
    return undefined;
  const autopilot = lookup(resource.body, 'enable_autopilot');
  if (autopilot.state === 'unknown') return undefined;
  if (autopilot.state === 'value' && asBoolean(autopilot.value) === true)
    return undefined;
  return resource.body;
}

const NODE_TYPES = ['google_container_cluster', 'google_container_node_pool'];

/** A rule over the node configuration of clusters (default pool) and node pools. */
function nodeRule(
  rule: Omit<TerraformRule, 'check' | 'resourceTypes' | 'cloud'>,
  check: (owner: HclJsonBody) => string | undefined,
): TerraformRule {
  return {
    ...rule,
    cloud: 'gcp',
    resourceTypes: NODE_TYPES,
    check: ({ resource }) => {
      const owner = nodeConfigOwner(resource);
      return owner ? check(owner) : undefined;
    },
  };
}

function clusterRule(
  rule: Omit<TerraformRule, 'resourceTypes' | 'cloud'>,
): TerraformRule {
  return { ...rule, cloud: 'gcp', resourceTypes: ['google_container_cluster'] };
}

function poolRule(
  rule: Omit<TerraformRule, 'resourceTypes' | 'cloud'>,
): TerraformRule {
  return {
    ...rule,
    cloud: 'gcp',
    resourceTypes: ['google_container_node_pool'],
  };
}

/** The control plane is private, or its public endpoint only admits listed networks. */
function controlPlaneNotPublic(body: HclJsonBody): string | undefined {
  const privateEndpoint = lookup(
    body,
    'private_cluster_config.enable_private_endpoint',
  );
  if (privateEndpoint.state === 'unknown') return undefined;
  if (
    privateEndpoint.state === 'value' &&
    asBoolean(privateEndpoint.value) === true
  )
    return undefined;
  const ipEndpoints = lookup(
    body,
    'control_plane_endpoints_config.ip_endpoints_config.enabled',
  );
  if (ipEndpoints.state === 'value' && asBoolean(ipEndpoints.value) === false)
    return undefined;
  const [authorized] = blocks(body, 'master_authorized_networks_config');
  if (!authorized) {
    return 'the control plane has a public endpoint without master_authorized_networks_config';
  }
  if (asBoolean(authorized.gcp_public_cidrs_access_enabled ?? false) === true) {
    return 'master_authorized_networks_config.gcp_public_cidrs_access_enabled admits all Google Cloud addresses';
  }
  const open = blocks(authorized, 'cidr_blocks').find(
    cidr =>
      typeof cidr.cidr_block === 'string' &&
      OPEN_CIDRS.includes(cidr.cidr_block),
  );
  return open
    ? `master_authorized_networks_config admits ${String(open.cidr_block)}`
    : undefined;
}

/** GKE clusters and node pools (see ruleHelpers.ts for how expressions are judged). */
export const GCP_CLUSTER_RULES: readonly TerraformRule[] = [
  {
    id: 'CKV_GCP_25',
    title: 'GKE private nodes',
    cloud: 'gcp',
    resourceTypes: NODE_TYPES,
    check: ({ resource }) =>
      resource.type === 'google_container_cluster'
        ? expectTrue(
            resource.body,
            'private_cluster_config.enable_private_nodes',
            false,
          )
        : // A pool inherits the cluster setting unless it opts out.
          expectTrue(
            resource.body,
            'network_config.enable_private_nodes',
            true,
          ),
  },
  clusterRule({
    id: 'CKV_GCP_18',
    title:
      'GKE control plane private or restricted to master authorized networks',
    check: ({ resource }) => controlPlaneNotPublic(resource.body),
  }),
  {
    id: 'CKV_GCP_69',
    title: 'GKE metadata server (Workload Identity) on nodes',
    cloud: 'gcp',
    resourceTypes: NODE_TYPES,
    check: ({ resource }) => {
      const owner = nodeConfigOwner(resource);
      return firstFailure(
        resource.type === 'google_container_cluster'
          ? expectPresent(
              resource.body,
              'workload_identity_config.workload_pool',
              'a workload pool',
            )
          : undefined,
        owner
          ? expectOneOf(owner, 'node_config.workload_metadata_config.mode', [
              'GKE_METADATA',
            ])
          : undefined,
      );
    },
  },
  poolRule({
    id: 'CKV_GCP_9',
    title: 'GKE node auto-repair',
    check: ({ resource }) =>
      expectTrue(resource.body, 'management.auto_repair', true),
  }),
  poolRule({
    id: 'CKV_GCP_10',
    title: 'GKE node auto-upgrade',
    check: ({ resource }) =>
      expectTrue(resource.body, 'management.auto_upgrade', true),
  }),
  clusterRule({
    id: 'CKV_GCP_71',
    title: 'GKE shielded nodes',
    check: ({ resource }) =>
      expectTrue(resource.body, 'enable_shielded_nodes', true),
  }),
  nodeRule({ id: 'CKV_GCP_68', title: 'GKE nodes use secure boot' }, owner =>
    expectTrue(
      owner,
      'node_config.shielded_instance_config.enable_secure_boot',
      false,
    ),
  ),
  nodeRule(
    { id: 'CKV_GCP_72', title: 'GKE nodes use integrity monitoring' },
    owner =>
      expectTrue(
        owner,
        'node_config.shielded_instance_config.enable_integrity_monitoring',
        true,
      ),
  ),
  clusterRule({
    id: 'CKV_GCP_12',
    title: 'GKE network policy enforced (network policy or Dataplane V2)',
    check: ({ resource }) => {
      const datapath = lookup(resource.body, 'datapath_provider');
      if (datapath.state === 'unknown') return undefined;
      if (datapath.state === 'value' && datapath.value === 'ADVANCED_DATAPATH')
        return undefined;
      return expectTrue(resource.body, 'network_policy.enabled', false)
        ? 'neither datapath_provider = "ADVANCED_DATAPATH" nor network_policy.enabled = true'
        : undefined;
    },
  }),
  nodeRule(
    {
      id: 'CKV2_GCP_1',
      title: 'GKE nodes do not use the default Compute service account',
    },
    owner =>
      expectSetting({
        body: owner,
        path: 'node_config.service_account',
        expected: 'a dedicated service account',
        accept: value =>
          typeof value === 'string' &&
          value !== 'default' &&
          !value.endsWith('-compute@developer.gserviceaccount.com'),
      }),
  ),
  clusterRule({
    id: 'CKV_GCP_70',
    title: 'GKE release channel set',
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'release_channel.channel',
        expected: '"RAPID", "REGULAR", "STABLE" or "EXTENDED"',
        accept: value => typeof value === 'string' && value !== 'UNSPECIFIED',
      }),
  }),
  clusterRule({
    id: 'CKV_GCP_13',
    title: 'GKE client certificate authentication off',
    check: ({ resource }) =>
      expectFalse(
        resource.body,
        'master_auth.client_certificate_config.issue_client_certificate',
        false,
      ),
  }),
  clusterRule({
    id: 'CKV_GCP_7',
    title: 'GKE legacy ABAC off',
    check: ({ resource }) =>
      expectFalse(resource.body, 'enable_legacy_abac', false),
  }),
  clusterRule({
    id: 'CKV_GCP_1',
    title: 'GKE logging on',
    check: ({ resource }) => {
      const components = literalStrings(
        resource.body,
        'logging_config.enable_components',
      );
      return firstFailure(
        expectSetting({
          body: resource.body,
          path: 'logging_service',
          whenAbsent: 'logging.googleapis.com/kubernetes',
          expected: 'a logging service',
          accept: value => value !== 'none',
        }),
        components &&
          components.length === 0 &&
          !isExpression(resource.body.logging_config)
          ? 'logging_config.enable_components is empty'
          : undefined,
      );
    },
  }),
  clusterRule({
    id: 'CKV_GCP_8',
    title: 'GKE monitoring on',
    check: ({ resource }) =>
      expectSetting({
        body: resource.body,
        path: 'monitoring_service',
        whenAbsent: 'monitoring.googleapis.com/kubernetes',
        expected: 'a monitoring service',
        accept: value => value !== 'none',
      }),
  }),
  clusterRule({
    id: 'SKYFORGE_GCP_VERSION_OFFERED',
    title:
      'GKE checks at plan time that its Kubernetes version is still offered (review finding 1)',
    check: ({ resource }) => {
      if (lookup(resource.body, 'min_master_version').state === 'absent')
        return undefined;
      const checked = blocks(resource.body, 'lifecycle')
        .flatMap(lifecycle => blocks(lifecycle, 'precondition'))
        .some(precondition =>
          strings(precondition.condition).some(text =>
            text.includes('data.google_container_engine_versions.'),
          ),
        );
      return checked
        ? undefined
        : 'min_master_version is not checked against google_container_engine_versions: an end-of-life version fails half-way through the apply';
    },
  }),
  clusterRule({
    id: 'SKYFORGE_GCP_INGRESS_TLS',
    title:
      'GKE Ingress has a TLS 1.2+ SSL policy and a reserved global address (review finding 20)',
    check: ({ resource, parsed }) => {
      const ingress = lookup(
        resource.body,
        'addons_config.http_load_balancing.disabled',
      );
      if (ingress.state === 'value' && asBoolean(ingress.value) === true)
        return undefined;
      const policies = parsed.resources.filter(
        policy => policy.type === 'google_compute_ssl_policy',
      );
      if (policies.length === 0)
        return 'no google_compute_ssl_policy: the load balancer falls back to COMPATIBLE (TLS 1.0)';
      const weak = policies
        .map(policy =>
          firstFailure(
            expectOneOf(
              policy.body,
              'min_tls_version',
              ['TLS_1_2', 'TLS_1_3'],
              'TLS_1_0',
            ),
            expectOneOf(
              policy.body,
              'profile',
              ['MODERN', 'RESTRICTED', 'CUSTOM'],
              'COMPATIBLE',
            ),
          ),
        )
        .find(failure => failure !== undefined);
      if (weak) return weak;
      return parsed.resources.some(
        address => address.type === 'google_compute_global_address',
      )
        ? undefined
        : 'no google_compute_global_address reserved for the Ingress: its IP (and DNS record) changes when the load balancer is re-created';
    },
  }),
];
