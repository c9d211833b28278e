import {
  attr,
  blank,
  block,
  comment,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
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
    terraformVariable({
      name: 'app_service_account_email',
      type: 'string',
      description:
        'Service account of the application, which may read the AUTH string and CA secrets.',
    }),
  ];

  const instance: HclBody = [
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
          'bucket private. The application reads it, and the server CA, from Secret Manager (below).',
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

  const secret = (name: string, what: string, data: string) => [
    blank(),
    resource('google_secret_manager_secret', name, [
      attr('project', expr('var.project_id')),
      attr('secret_id', expr(`"\${var.name}-redis-${name}"`)),
      attr('labels', expr('var.labels')),
      comment(`${what}, kept in the region of the instance.`),
      block(
        'replication',
        [],
        [
          block(
            'user_managed',
            [],
            [block('replicas', [], [attr('location', expr('var.region'))])],
          ),
        ],
      ),
    ]),
    resource('google_secret_manager_secret_version', name, [
      attr('secret', expr(`google_secret_manager_secret.${name}.id`)),
      attr('secret_data', expr(data)),
    ]),
    resource('google_secret_manager_secret_iam_member', name, [
      attr('project', expr('var.project_id')),
      attr('secret_id', expr(`google_secret_manager_secret.${name}.secret_id`)),
      attr('role', 'roles/secretmanager.secretAccessor'),
      attr('member', expr('"serviceAccount:${var.app_service_account_email}"')),
    ]),
  ];

  const main: HclBody = [
    ...instance,
    blank(),
    comment(
      [
        'The application reads the AUTH string and the server CA from Secret Manager: reading them from',
        'the Redis API needs redis.instances.getAuthString on the whole project (roles/redis.editor),',
        'while secretAccessor on these two secrets grants nothing else.',
      ].join('\n'),
    ),
    ...secret(
      'auth',
      'The AUTH string',
      'google_redis_instance.this.auth_string',
    ),
    ...secret(
      'ca',
      'The server CA certificates (PEM), including the next one during a CA rotation',
      'join("", [for ca in google_redis_instance.this.server_ca_certs : ca.cert])',
    ),
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
    terraformOutput({
      name: 'auth_secret_id',
      description:
        'Secret Manager secret (resource name) holding the AUTH string.',
      value: 'google_secret_manager_secret.auth.id',
      // A Cloud Run revision referring to the secret starts only once it holds a version the app
      // may read.
      dependsOn: [
        'google_secret_manager_secret_version.auth',
        'google_secret_manager_secret_iam_member.auth',
      ],
    }),
    terraformOutput({
      name: 'ca_secret_id',
      description:
        'Secret Manager secret (resource name) holding the server CA certificates.',
      value: 'google_secret_manager_secret.ca.id',
      // A Cloud Run revision referring to the secret starts only once it holds a version the app
      // may read.
      dependsOn: [
        'google_secret_manager_secret_version.ca',
        'google_secret_manager_secret_iam_member.ca',
      ],
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
