import { attr, blank, block, comment, expr, resource } from '../../hcl/hcl';
import type { FileTree } from '../../types';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { moduleFiles } from '../common/moduleFiles';
import { gcpModuleBaseVariables } from './gcpModuleBase';

/**
 * The cache module: Memorystore for Redis 7 on private services access, with AUTH and TLS
 * (server authentication) on.
 */
export function gcpCacheModule(): FileTree {
  const variables = [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'network_id',
      type: 'string',
      description: 'ID of the VPC network the instance is reachable from.',
    }),
    terraformVariable({
      name: 'private_services_range_name',
      type: 'string',
      description:
        'Private services access range the instance takes its address from.',
    }),
    terraformVariable({
      name: 'tier',
      type: 'string',
      description:
        'BASIC (single node) or STANDARD_HA (replica in another zone with automatic failover).',
      validations: [
        {
          condition: 'contains(["BASIC", "STANDARD_HA"], var.tier)',
          message: 'tier must be BASIC or STANDARD_HA.',
        },
      ],
    }),
    terraformVariable({
      name: 'memory_size_gb',
      type: 'number',
      description: 'Memory of the instance in GiB.',
    }),
  ];

  const main = [
    resource('google_redis_instance', 'this', [
      attr('project', expr('var.project_id')),
      attr('region', expr('var.region')),
      attr('name', expr('"${var.name}-redis"')),
      attr('tier', expr('var.tier')),
      attr('memory_size_gb', expr('var.memory_size_gb')),
      attr('redis_version', 'REDIS_7_2'),
      attr('labels', expr('var.labels')),
      blank(),
      comment(
        'Reachable only from the VPC, on an address from the private services access range.',
      ),
      attr('authorized_network', expr('var.network_id')),
      attr('connect_mode', 'PRIVATE_SERVICE_ACCESS'),
      attr('reserved_ip_range', expr('var.private_services_range_name')),
      blank(),
      comment(
        [
          'AUTH (CKV_GCP_95) and TLS (CKV_GCP_97). Memorystore for Redis has no IAM authentication, so',
          'the generated AUTH string is read into Terraform state as a sensitive value: keep the state',
          'bucket private. Applications fetch it at runtime (gcloud redis instances get-auth-string).',
        ].join('\n'),
      ),
      attr('auth_enabled', true),
      attr('transit_encryption_mode', 'SERVER_AUTHENTICATION'),
      blank(),
      block(
        'maintenance_policy',
        [],
        [
          block(
            'weekly_maintenance_window',
            [],
            [
              attr('day', 'SUNDAY'),
              block('start_time', [], [attr('hours', 3), attr('minutes', 0)]),
            ],
          ),
        ],
      ),
    ]),
  ];

  const outputs = [
    terraformOutput({
      name: 'instance_name',
      description: 'Name of the Memorystore instance.',
      value: 'google_redis_instance.this.name',
    }),
    terraformOutput({
      name: 'endpoint',
      description:
        "host:port of the primary (TLS; trust the instance's server CA).",
      value:
        '"${google_redis_instance.this.host}:${google_redis_instance.this.port}"',
    }),
  ];

  return moduleFiles({
    cloud: 'gcp',
    capability: 'cache',
    variables,
    main,
    outputs,
  });
}
