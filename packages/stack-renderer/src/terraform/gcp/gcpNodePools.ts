import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { GPU_NODE_LABEL, GPU_NODE_TAINT, POOL_LABEL_KEY } from '../../naming';

/** The node settings every pool shares: hardened image, shielded VM, GKE metadata server, dedicated SA. */
function nodeConfig(options: {
  pool: string;
  variable: string;
  spot?: string;
  /** Custom pools: disk type, labels and taints come from the variable too. */
  custom?: boolean;
}): HclBody {
  const { variable, custom } = options;
  return [
    block(
      'node_config',
      [],
      [
        attr('machine_type', expr(`${variable}.machine_type`)),
        attr('disk_size_gb', expr(`${variable}.disk_size_gb`)),
        attr(
          'disk_type',
          custom ? expr(`${variable}.disk_type`) : 'pd-balanced',
        ),
        attr('image_type', 'COS_CONTAINERD'),
        attr('spot', options.spot ? expr(options.spot) : undefined),
        blank(),
        comment(
          'Never the default Compute Engine service account, which has Editor on the project.',
        ),
        attr('service_account', expr('google_service_account.nodes.email')),
        comment(
          "Access is governed by the service account's IAM roles, not by legacy scopes.",
        ),
        attr('oauth_scopes', [
          'https://www.googleapis.com/auth/cloud-platform',
        ]),
        blank(),
        attr(
          'labels',
          custom
            ? expr(
                `merge(${variable}.labels, { "${POOL_LABEL_KEY}" = ${options.pool} })`,
              )
            : { [POOL_LABEL_KEY]: options.pool },
        ),
        attr('resource_labels', expr('var.labels')),
        attr('metadata', { 'disable-legacy-endpoints': 'true' }),
        blank(),
        custom && [
          comment(
            'Set on every node at creation: only pods that tolerate a taint land on its pool.',
          ),
          block(
            'dynamic',
            ['taint'],
            [
              attr('for_each', expr(`${variable}.taints`)),
              block(
                'content',
                [],
                [
                  attr('key', expr('taint.value.key')),
                  attr('value', expr('taint.value.value')),
                  attr('effect', expr('taint.value.effect')),
                ],
              ),
            ],
          ),
          blank(),
        ],
        block(
          'shielded_instance_config',
          [],
          [
            attr('enable_secure_boot', true),
            attr('enable_integrity_monitoring', true),
          ],
        ),
        blank(),
        comment(
          "Pods see the GKE metadata server (Workload Identity), never the node's credentials.",
        ),
        block('workload_metadata_config', [], [attr('mode', 'GKE_METADATA')]),
      ],
    ),
  ];
}

function management(): HclBody {
  return [
    block(
      'management',
      [],
      [attr('auto_repair', true), attr('auto_upgrade', true)],
    ),
    blank(),
    comment(
      'One extra node at a time, never one fewer: upgrades do not reduce capacity.',
    ),
    block(
      'upgrade_settings',
      [],
      [
        attr('strategy', 'SURGE'),
        attr('max_surge', 1),
        attr('max_unavailable', 0),
      ],
    ),
  ];
}

function autoscaling(minimum: string, maximum: string): HclBody {
  return [
    comment(
      'Total bounds across zones, so a preset means the same node count in zonal and regional clusters.',
    ),
    block(
      'autoscaling',
      [],
      [
        attr('location_policy', 'BALANCED'),
        attr('total_min_node_count', expr(minimum)),
        attr('total_max_node_count', expr(maximum)),
      ],
    ),
  ];
}

function nodePoolHeader(name: string): HclBody {
  return [
    attr('project', expr('var.project_id')),
    attr('location', expr('google_container_cluster.this.location')),
    attr('cluster', expr('google_container_cluster.this.name')),
    attr('name', name),
    attr('initial_node_count', 1),
  ];
}
/**
 * The custom pools of spec.cluster.nodePools, one per entry of `var.node_pools`. GKE has no
 * system-mode pool: its add-ons run on any untainted pool, so a pool named system is an ordinary
 * pool with that label. The cluster autoscaler keeps each pool between its bounds.
 */
function customPools(): HclBody {
  return [
    comment(
      [
        'The node pools of spec.cluster.nodePools. Each starts at its desired size (per zone: a regional',
        'cluster spreads it over three zones, rounding up) and the cluster autoscaler then keeps it',
        'between its total bounds; later changes by the autoscaler are not rolled back.',
      ].join('\n'),
    ),
    resource('google_container_node_pool', 'custom', [
      attr('for_each', expr('var.node_pools')),
      blank(),
      attr('project', expr('var.project_id')),
      attr('location', expr('google_container_cluster.this.location')),
      attr('cluster', expr('google_container_cluster.this.name')),
      attr('name', expr('each.key')),
      attr(
        'initial_node_count',
        expr(
          'var.regional ? ceil(each.value.desired_nodes / 3) : each.value.desired_nodes',
        ),
      ),
      blank(),
      autoscaling('each.value.min_nodes', 'each.value.max_nodes'),
      blank(),
      management(),
      blank(),
      comment(
        'Spot VMs cost 60-91% less and can be reclaimed at any time (spot = true on the pools that ask for it).',
      ),
      nodeConfig({
        pool: 'each.key',
        variable: 'each.value',
        spot: 'each.value.spot',
        custom: true,
      }),
      blank(),
      block(
        'lifecycle',
        [],
        [
          comment(
            'GKE recreates a pool whose initial count changes; the autoscaler owns the count after creation.',
          ),
          attr('ignore_changes', [expr('initial_node_count')]),
        ],
      ),
    ]),
  ];
}

/**
 * The node pools of the cluster module: system, application (optionally on Spot VMs) and an
 * optional GPU pool that scales from zero; with custom pools (spec.cluster.nodePools), those
 * instead of system and application.
 */
export function gcpNodePools(options: { customPools: boolean }): HclBody {
  const systemPool = resource('google_container_node_pool', 'system', [
    nodePoolHeader('system'),
    blank(),
    autoscaling('var.system_pool.min_nodes', 'var.system_pool.max_nodes'),
    blank(),
    management(),
    blank(),
    nodeConfig({ pool: 'system', variable: 'var.system_pool' }),
  ]);

  const applicationPool = resource(
    'google_container_node_pool',
    'application',
    [
      nodePoolHeader('application'),
      blank(),
      autoscaling(
        'var.application_pool.min_nodes',
        'var.application_pool.max_nodes',
      ),
      blank(),
      management(),
      blank(),
      comment(
        'Spot VMs cost 60-91% less and can be reclaimed at any time; the application runs several replicas.',
      ),
      nodeConfig({
        pool: 'application',
        variable: 'var.application_pool',
        spot: 'var.application_pool.spot',
      }),
    ],
  );

  const gpuPool = resource('google_container_node_pool', 'gpu', [
    attr('count', expr('var.gpu_pool == null ? 0 : 1')),
    blank(),
    attr('project', expr('var.project_id')),
    attr('location', expr('google_container_cluster.this.location')),
    attr('cluster', expr('google_container_cluster.this.name')),
    attr('name', 'gpu'),
    attr('initial_node_count', 0),
    blank(),
    comment(
      [
        'GPU nodes are expensive: the pool scales to zero when no pod asks for a GPU, and takes',
        'capacity from whichever zone has GPUs available (ANY).',
      ].join('\n'),
    ),
    block(
      'autoscaling',
      [],
      [
        attr('location_policy', 'ANY'),
        attr('total_min_node_count', 0),
        attr('total_max_node_count', expr('var.gpu_pool.max_nodes')),
      ],
    ),
    blank(),
    management(),
    blank(),
    block(
      'node_config',
      [],
      [
        attr('machine_type', expr('var.gpu_pool.machine_type')),
        attr('disk_size_gb', expr('var.gpu_pool.disk_size_gb')),
        attr('disk_type', 'pd-balanced'),
        attr('image_type', 'COS_CONTAINERD'),
        blank(),
        attr('service_account', expr('google_service_account.nodes.email')),
        attr('oauth_scopes', [
          'https://www.googleapis.com/auth/cloud-platform',
        ]),
        blank(),
        attr('labels', { [GPU_NODE_LABEL.key]: GPU_NODE_LABEL.value }),
        attr('resource_labels', expr('var.labels')),
        attr('metadata', { 'disable-legacy-endpoints': 'true' }),
        blank(),
        comment(
          [
            'GKE installs the driver version it has tested with the node image (DEFAULT), so no driver',
            'DaemonSet is needed.',
          ].join('\n'),
        ),
        block(
          'guest_accelerator',
          [],
          [
            attr('type', expr('var.gpu_pool.accelerator_type')),
            attr('count', expr('var.gpu_pool.accelerator_count')),
            block(
              'gpu_driver_installation_config',
              [],
              [attr('gpu_driver_version', 'DEFAULT')],
            ),
          ],
        ),
        blank(),
        comment(
          'Only pods that tolerate the taint (and request nvidia.com/gpu) land here.',
        ),
        block(
          'taint',
          [],
          [
            attr('key', GPU_NODE_TAINT.key),
            attr('value', GPU_NODE_TAINT.value),
            attr('effect', 'NO_SCHEDULE'),
          ],
        ),
        blank(),
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
  ]);

  if (options.customPools) return [customPools(), gpuPool];
  return [
    comment(
      'Small pool for cluster add-ons (kube-dns, metrics, ingress controllers) on regular capacity.',
    ),
    systemPool,
    applicationPool,
    gpuPool,
  ];
}
