import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
} from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { gcpClusterVariables } from './gcpClusterVariables';
import { moduleFiles } from '../common/moduleFiles';
import { gcpNodePools } from './gcpNodePools';
import { gcpKmsKey } from './gcpKmsKey';

/** Roles of the node service account: what the kubelet, logging and monitoring agents need, nothing more. */
export const GCP_NODE_ROLES = [
  'roles/artifactregistry.reader',
  'roles/logging.logWriter',
  'roles/monitoring.metricWriter',
  'roles/monitoring.viewer',
  'roles/stackdriver.resourceMetadata.writer',
] as const;

/**
 * The cluster module: a private, VPC-native GKE Standard cluster with Dataplane V2, Workload
 * Identity, etcd encryption with a Cloud KMS key, system / application / optional GPU node pools on
 * a least-privilege node service account, and the application's Google service account.
 */
export function gcpClusterModule(options: {
  /** Render the stack's custom pools (spec.cluster.nodePools) instead of system and application. */
  customPools: boolean;
}): FileTree {
  const variables = gcpClusterVariables(options);

  const cluster = resource('google_container_cluster', 'this', [
    attr('project', expr('var.project_id')),
    attr('name', expr('var.name')),
    attr('location', expr('local.location')),
    attr('resource_labels', expr('var.labels')),
    attr('deletion_protection', expr('var.deletion_protection')),
    blank(),
    attr('network', expr('var.network_id')),
    attr('subnetwork', expr('var.subnetwork_id')),
    attr('networking_mode', 'VPC_NATIVE'),
    blank(),
    comment(
      'Dataplane V2 (eBPF): enforces NetworkPolicy and logs policy decisions, no Calico add-on needed.',
    ),
    attr('datapath_provider', 'ADVANCED_DATAPATH'),
    blank(),
    attr('min_master_version', expr('var.kubernetes_version')),
    block('release_channel', [], [attr('channel', 'REGULAR')]),
    blank(),
    comment(
      [
        'Node pools are managed below. GKE still creates a default pool first; it runs with the',
        'dedicated service account and hardened settings for the few minutes it exists.',
      ].join('\n'),
    ),
    attr('remove_default_node_pool', true),
    attr('initial_node_count', 1),
    block(
      'node_config',
      [],
      [
        attr('service_account', expr('google_service_account.nodes.email')),
        attr('oauth_scopes', [
          'https://www.googleapis.com/auth/cloud-platform',
        ]),
        block(
          'shielded_instance_config',
          [],
          [
            attr('enable_secure_boot', true),
            attr('enable_integrity_monitoring', true),
          ],
        ),
        block('workload_metadata_config', [], [attr('mode', 'GKE_METADATA')]),
      ],
    ),
    blank(),
    block(
      'ip_allocation_policy',
      [],
      [
        attr('cluster_secondary_range_name', expr('var.pods_range_name')),
        attr('services_secondary_range_name', expr('var.services_range_name')),
      ],
    ),
    blank(),
    comment(
      [
        'Nodes have internal IPs only. The control plane is reached over Private Service Connect; its',
        'IP endpoint is private unless public_endpoint_cidrs lists networks to admit.',
      ].join('\n'),
    ),
    block(
      'private_cluster_config',
      [],
      [
        attr('enable_private_nodes', true),
        attr(
          'enable_private_endpoint',
          expr('length(var.public_endpoint_cidrs) == 0'),
        ),
      ],
    ),
    block(
      'master_authorized_networks_config',
      [],
      [
        comment(
          "Do not admit every Google Cloud public IP (other customers' VMs, Cloud Shell).",
        ),
        attr('gcp_public_cidrs_access_enabled', false),
        block(
          'dynamic',
          ['cidr_blocks'],
          [
            attr('for_each', expr('local.authorized_cidrs')),
            block(
              'content',
              [],
              [
                attr('cidr_block', expr('cidr_blocks.value')),
                attr('display_name', expr('cidr_blocks.value')),
              ],
            ),
          ],
        ),
      ],
    ),
    comment(
      [
        'The DNS endpoint admits callers by IAM (container.clusters.connect) rather than by source IP,',
        'so CI runners outside the VPC can deploy while the IP endpoint stays private.',
      ].join('\n'),
    ),
    block(
      'control_plane_endpoints_config',
      [],
      [
        block(
          'dns_endpoint_config',
          [],
          [attr('allow_external_traffic', true)],
        ),
      ],
    ),
    blank(),
    comment(
      'Client certificates and legacy ABAC are long-lived credentials outside IAM; keep both off.',
    ),
    block(
      'master_auth',
      [],
      [
        block(
          'client_certificate_config',
          [],
          [attr('issue_client_certificate', false)],
        ),
      ],
    ),
    attr('enable_legacy_abac', false),
    attr('enable_shielded_nodes', true),
    blank(),
    block(
      'workload_identity_config',
      [],
      [attr('workload_pool', expr('local.workload_pool'))],
    ),
    blank(),
    comment(
      "Admission checks against the project's Binary Authorization policy (tighten it to attested images).",
    ),
    block(
      'binary_authorization',
      [],
      [attr('evaluation_mode', 'PROJECT_SINGLETON_POLICY_ENFORCE')],
    ),
    blank(),
    comment(
      'Free workload configuration audit in the security posture dashboard.',
    ),
    block('security_posture_config', [], [attr('mode', 'BASIC')]),
    blank(),
    comment(
      'Splits the cluster bill by namespace and label in the billing export (cost attribution).',
    ),
    block('cost_management_config', [], [attr('enabled', true)]),
    blank(),
    comment(
      "Secrets in etcd are encrypted with a key this project controls, not only Google's default key.",
    ),
    block(
      'database_encryption',
      [],
      [
        attr('state', 'ENCRYPTED'),
        attr('key_name', expr('google_kms_crypto_key.etcd.id')),
      ],
    ),
    blank(),
    block(
      'logging_config',
      [],
      [
        attr('enable_components', [
          'SYSTEM_COMPONENTS',
          'APISERVER',
          'CONTROLLER_MANAGER',
          'SCHEDULER',
          'WORKLOADS',
        ]),
      ],
    ),
    block(
      'monitoring_config',
      [],
      [
        attr('enable_components', expr('var.monitoring_components')),
        block('managed_prometheus', [], [attr('enabled', true)]),
      ],
    ),
    blank(),
    block(
      'addons_config',
      [],
      [
        comment('GKE Ingress (class "gce") for the application.'),
        block('http_load_balancing', [], [attr('disabled', false)]),
        block('horizontal_pod_autoscaling', [], [attr('disabled', false)]),
        block(
          'gce_persistent_disk_csi_driver_config',
          [],
          [attr('enabled', true)],
        ),
      ],
    ),
    blank(),
    comment(
      'Automatic upgrades and repairs happen at weekends, 02:00 to 08:00 UTC.',
    ),
    block(
      'maintenance_policy',
      [],
      [
        block(
          'recurring_window',
          [],
          [
            attr('start_time', '2025-01-04T02:00:00Z'),
            attr('end_time', '2025-01-04T08:00:00Z'),
            attr('recurrence', 'FREQ=WEEKLY;BYDAY=SA,SU'),
          ],
        ),
      ],
    ),
    blank(),
    block(
      'lifecycle',
      [],
      [
        comment(
          'Describes only the temporary default pool, which no longer exists after creation.',
        ),
        attr('ignore_changes', [
          expr('node_config'),
          expr('initial_node_count'),
        ]),
        blank(),
        comment(
          [
            'GKE refuses versions past their end of life and minors its channel does not offer yet; say',
            'so at plan time instead of failing half-way through an apply.',
          ].join('\n'),
        ),
        block(
          'precondition',
          [],
          [
            attr(
              'condition',
              expr(
                'length(data.google_container_engine_versions.this.valid_master_versions) > 0',
              ),
            ),
            attr(
              'error_message',
              expr(
                '"GKE no longer offers Kubernetes ${var.kubernetes_version} in ${local.location}: choose a version in standard support and re-render."',
              ),
            ),
          ],
        ),
        block(
          'precondition',
          [],
          [
            attr(
              'condition',
              expr(
                'try(tonumber(split(".", data.google_container_engine_versions.this.release_channel_latest_version["REGULAR"])[1]), 0) >= tonumber(split(".", var.kubernetes_version)[1])',
              ),
            ),
            attr(
              'error_message',
              expr(
                '"The REGULAR release channel does not offer Kubernetes ${var.kubernetes_version} yet in ${local.location}."',
              ),
            ),
          ],
        ),
      ],
    ),
    blank(),
    attr('depends_on', [expr('google_kms_crypto_key_iam_member.etcd')]),
  ]);

  const main = [
    data('google_project', 'this', [
      attr('project_id', expr('var.project_id')),
    ]),
    comment(
      'The versions GKE offers for the requested minor here, checked by the cluster preconditions.',
    ),
    data('google_container_engine_versions', 'this', [
      attr('project', expr('var.project_id')),
      attr('location', expr('local.location')),
      attr('version_prefix', expr('"${var.kubernetes_version}."')),
    ]),
    comment(
      [
        'Production runs a regional cluster: three control plane replicas and nodes spread over three',
        'zones survive a zone outage. Other environments run a zonal cluster in the "-b" zone, the one',
        'zone every supported region has (us-east1 and europe-west1 have no "-a"), which keeps nodes in',
        'one zone instead of three and avoids cross-zone traffic.',
      ].join('\n'),
    ),
    block(
      'locals',
      [],
      [
        attr('location', expr('var.regional ? var.region : "${var.region}-b"')),
        attr('workload_pool', expr('"${var.project_id}.svc.id.goog"')),
        attr(
          'authorized_cidrs',
          expr('concat([var.subnetwork_cidr], var.public_endpoint_cidrs)'),
        ),
        blank(),
        comment(
          'What the kubelet, logging and monitoring agents need, nothing more.',
        ),
        attr('node_roles', [...GCP_NODE_ROLES]),
      ],
    ),
    gcpKmsKey({ ringSuffix: 'gke', key: 'etcd' }),
    comment(
      'The GKE service agent encrypts and decrypts etcd secrets with the key.',
    ),
    resource('google_kms_crypto_key_iam_member', 'etcd', [
      attr('crypto_key_id', expr('google_kms_crypto_key.etcd.id')),
      attr('role', 'roles/cloudkms.cryptoKeyEncrypterDecrypter'),
      attr(
        'member',
        expr(
          '"serviceAccount:service-${data.google_project.this.number}@container-engine-robot.iam.gserviceaccount.com"',
        ),
      ),
    ]),
    resource('google_service_account', 'nodes', [
      attr('project', expr('var.project_id')),
      attr('account_id', expr('var.node_service_account_id')),
      attr('display_name', expr('"GKE nodes of ${var.name}"')),
    ]),
    resource('google_project_iam_member', 'nodes', [
      attr('for_each', expr('toset(local.node_roles)')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('role', expr('each.value')),
      attr('member', expr('google_service_account.nodes.member')),
    ]),
    cluster,
    gcpNodePools(options),
    comment(
      [
        "The application's identity: its Kubernetes ServiceAccount impersonates this service account",
        "through Workload Identity. Every cluster in a project shares the project's workload pool,",
        'which is why each environment has a project of its own.',
      ].join('\n'),
    ),
    resource('google_service_account', 'app', [
      attr('project', expr('var.project_id')),
      attr('account_id', expr('var.app_service_account_id')),
      attr('display_name', expr('"Application ${var.name}"')),
    ]),
    resource('google_service_account_iam_member', 'app_workload_identity', [
      attr('service_account_id', expr('google_service_account.app.name')),
      attr('role', 'roles/iam.workloadIdentityUser'),
      attr(
        'member',
        expr(
          '"serviceAccount:${local.workload_pool}[${var.app_namespace}/${var.app_service_account}]"',
        ),
      ),
      blank(),
      comment(
        'The workload pool exists once the first cluster with Workload Identity does.',
      ),
      attr('depends_on', [expr('google_container_cluster.this')]),
    ]),
    comment(
      [
        'The ingress front door. GKE Ingress creates the load balancer; this reserves its global IP',
        "(kubernetes.io/ingress.global-static-ip-name), so the host's DNS record survives re-creation,",
        'and the TLS policy its FrontendConfig names: TLS 1.2 or newer with the MODERN cipher profile,',
        'instead of the load balancer default (COMPATIBLE, TLS 1.0).',
      ].join('\n'),
    ),
    resource('google_compute_global_address', 'ingress', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.ingress_address_name')),
      attr('labels', expr('var.labels')),
    ]),
    resource('google_compute_ssl_policy', 'ingress', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.ssl_policy_name')),
      attr('profile', 'MODERN'),
      attr('min_tls_version', 'TLS_1_2'),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'cluster_name',
      description: 'Name of the GKE cluster.',
      value: 'google_container_cluster.this.name',
    }),
    terraformOutput({
      name: 'cluster_location',
      description:
        'Region (regional cluster) or zone (zonal cluster) of the cluster.',
      value: 'google_container_cluster.this.location',
    }),
    terraformOutput({
      name: 'dns_endpoint',
      description: 'DNS name of the IAM-authenticated control plane endpoint.',
      value:
        'google_container_cluster.this.control_plane_endpoints_config[0].dns_endpoint_config[0].endpoint',
    }),
    terraformOutput({
      name: 'node_service_account_email',
      description: 'Service account of the nodes.',
      value: 'google_service_account.nodes.email',
    }),
    terraformOutput({
      name: 'app_service_account_email',
      description:
        'Google service account the application impersonates through Workload Identity.',
      value: 'google_service_account.app.email',
    }),
    terraformOutput({
      name: 'ingress_ip_address',
      description: 'Reserved global IP address of the ingress load balancer.',
      value: 'google_compute_global_address.ingress.address',
    }),
    terraformOutput({
      name: 'app_workload_identity_member',
      description:
        'The Workload Identity principal (Kubernetes ServiceAccount) bound to the app service account.',
      value: 'google_service_account_iam_member.app_workload_identity.member',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'cluster',
    variables,
    main,
    outputs,
  });
}
