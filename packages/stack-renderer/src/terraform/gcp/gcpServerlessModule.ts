import { CLOUD_RUN_GPU_ACCELERATOR } from './cloudRunResources';
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
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import type { StackSpec } from '../../spec/stackSpec';
import { gcpModuleBaseVariables } from './gcpModuleBase';

/** Folder name (capability) of the serverless compute module on every cloud. */
export const SERVERLESS_CAPABILITY = 'serverless';

/**
 * Where Cloud Run sends outbound traffic through the VPC: only RFC 1918 ranges (Cloud SQL,
 * Memorystore and the other data services on private services access). Google APIs (Secret Manager, the
 * Cloud SQL Admin API of the connectors, Cloud Storage) and the internet leave through Cloud Run's
 * own path, so no instance holds Cloud NAT ports and no NAT data processing is billed. Switch to
 * ALL_TRAFFIC for a fixed egress IP (the network module's Cloud NAT already covers the subnet).
 */
export const CLOUD_RUN_EGRESS = 'PRIVATE_RANGES_ONLY';

/** Whether the stack's Cloud Run services sit behind an HTTPS load balancer: a host with TLS. */
export function cloudRunBehindLoadBalancer(spec: StackSpec): boolean {
  const { host, tls } = spec.spec.app.ingress;
  return host !== undefined && tls === true;
}

function variables(options: { loadBalancer: boolean; gpu: boolean }): HclBody {
  return [
    gcpModuleBaseVariables(),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description:
        'Refuse terraform destroy of the service (prod); the revisions and their traffic survive an accidental delete plan.',
    }),
    terraformVariable({
      name: 'network_id',
      type: 'string',
      description:
        'VPC the service sends private traffic into (direct VPC egress).',
    }),
    terraformVariable({
      name: 'subnetwork_id',
      type: 'string',
      description:
        "Subnet whose primary range gives the instances their VPC addresses (two per instance during revisions' overlap).",
    }),
    terraformVariable({
      name: 'app_service_account_id',
      type: 'string',
      description:
        'Account ID of the Google service account the service runs as: the same identity the Kubernetes target gives the application through Workload Identity.',
    }),
    terraformVariable({
      name: 'image',
      type: 'string',
      description:
        "Image of the first revision, which must exist when the service is created: Google's sample container with a registry (make image-push fills it after the apply), else spec.app.image. `make deploy` (gcloud run deploy) rolls out the application's images; Terraform leaves them alone.",
    }),
    terraformVariable({
      name: 'port',
      type: 'number',
      description: 'Port the container listens on (Cloud Run sets PORT to it).',
    }),
    terraformVariable({
      name: 'health_path',
      type: 'string',
      description: 'HTTP path of the startup and liveness probes.',
    }),
    terraformVariable({
      name: 'cpu',
      type: 'number',
      description: 'vCPUs of each instance (1, 2, 4, 6 or 8).',
      validations: [
        {
          condition: 'contains([1, 2, 4, 6, 8], var.cpu)',
          message:
            'cpu must be 1, 2, 4, 6 or 8: fractions need request-based billing and a concurrency of 1.',
        },
      ],
    }),
    terraformVariable({
      name: 'memory',
      type: 'string',
      description:
        'Memory of each instance, e.g. 512Mi (at most 4 GiB per vCPU).',
    }),
    terraformVariable({
      name: 'min_instances',
      type: 'number',
      description:
        'Instances kept running at rest (spec.app.hpa.min): no cold start for the first requests.',
    }),
    terraformVariable({
      name: 'max_instances',
      type: 'number',
      description: 'Most instances Cloud Run starts (spec.app.hpa.max).',
      validations: [
        {
          condition: 'var.max_instances >= var.min_instances',
          message: 'max_instances must be at least min_instances.',
        },
      ],
    }),
    terraformVariable({
      name: 'concurrency',
      type: 'number',
      description:
        'Requests one instance serves at once; Cloud Run adds instances when they are busy beyond it (or beyond 60 % CPU).',
    }),
    terraformVariable({
      name: 'env',
      type: 'map(string)',
      description:
        'Plain settings: the infrastructure endpoints and spec.app.env. Never secrets (see secret_env).',
    }),
    terraformVariable({
      name: 'secret_env',
      type: 'map(string)',
      description:
        'Variables read from Secret Manager at instance start: name => secret resource ID. The values never pass through Terraform.',
    }),
    options.gpu &&
      terraformVariable({
        name: 'gpu_zonal_redundancy',
        type: 'bool',
        description:
          'Keep GPU capacity in reserve in another zone for zonal failover: a higher GPU price and its own quota. Off: best effort, at the lower price COST.md uses.',
        default: false,
      }),
    options.loadBalancer && [
      terraformVariable({
        name: 'host',
        type: 'string',
        description:
          'Host name the load balancer serves and its Google-managed certificate covers.',
      }),
      terraformVariable({
        name: 'ingress_address_name',
        type: 'string',
        description:
          'Name of the reserved global IP address of the load balancer.',
      }),
      terraformVariable({
        name: 'ssl_policy_name',
        type: 'string',
        description: 'Name of the TLS policy of the HTTPS proxy.',
      }),
    ],
  ];
}

function probe(
  kind: 'startup_probe' | 'liveness_probe',
  options: {
    periodSeconds: number;
    failureThreshold: number;
  },
) {
  return block(
    kind,
    [],
    [
      attr('period_seconds', options.periodSeconds),
      attr('timeout_seconds', 2),
      attr('failure_threshold', options.failureThreshold),
      block(
        'http_get',
        [],
        [attr('path', expr('var.health_path')), attr('port', expr('var.port'))],
      ),
    ],
  );
}

function cloudRunService(options: { loadBalancer: boolean; gpu: boolean }) {
  const { loadBalancer, gpu } = options;
  return resource('google_cloud_run_v2_service', 'this', [
    attr('project', expr('var.project_id')),
    attr('location', expr('var.region')),
    attr('name', expr('var.name')),
    attr('labels', expr('var.labels')),
    attr('deletion_protection', expr('var.deletion_protection')),
    blank(),
    loadBalancer
      ? [
          comment(
            [
              'Reachable only through the external Application Load Balancer below (HTTPS, managed',
              'certificate, TLS policy), never on its run.app URL. The load balancer carries no Google',
              'identity, so the invoker check is off; the ingress setting is what keeps others out.',
            ].join('\n'),
          ),
          attr('ingress', 'INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER'),
          attr('invoker_iam_disabled', true),
        ]
      : [
          comment(
            [
              'No host: reachable from the VPC only, and callers need roles/run.invoker (an ID token).',
              'Set spec.app.ingress.host to serve it through an HTTPS load balancer.',
            ].join('\n'),
          ),
          attr('ingress', 'INGRESS_TRAFFIC_INTERNAL_ONLY'),
        ],
    blank(),
    block(
      'template',
      [],
      [
        attr('service_account', expr('google_service_account.app.email')),
        attr('execution_environment', 'EXECUTION_ENVIRONMENT_GEN2'),
        gpu && [
          blank(),
          comment(
            [
              'One NVIDIA L4 per instance (spec.app.gpu): at least 4 vCPU and 16 GiB, CPU always allocated',
              '(instance-based billing, below), in a region that offers Cloud Run GPUs. Without zonal',
              'redundancy the GPU is best effort across zones, at the lower price.',
            ].join('\n'),
          ),
          block(
            'node_selector',
            [],
            [attr('accelerator', CLOUD_RUN_GPU_ACCELERATOR)],
          ),
          attr(
            'gpu_zonal_redundancy_disabled',
            expr('!var.gpu_zonal_redundancy'),
          ),
        ],
        attr('max_instance_request_concurrency', expr('var.concurrency')),
        attr('labels', expr('var.labels')),
        blank(),
        comment(
          [
            'Cloud Run scales on concurrent requests and CPU utilisation (60 %), nothing else: memory and',
            'latency targets have no equivalent here. min_instance_count instances stay up at rest.',
          ].join('\n'),
        ),
        block(
          'scaling',
          [],
          [
            attr('min_instance_count', expr('var.min_instances')),
            attr('max_instance_count', expr('var.max_instances')),
          ],
        ),
        blank(),
        comment(
          [
            'Direct VPC egress (no Serverless VPC Access connector): instances take addresses from the',
            'subnet and reach Cloud SQL, Memorystore and the other data services on their private IPs.',
            'Google APIs and the internet do not need the VPC (and its Cloud NAT).',
          ].join('\n'),
        ),
        block(
          'vpc_access',
          [],
          [
            attr('egress', CLOUD_RUN_EGRESS),
            block(
              'network_interfaces',
              [],
              [
                attr('network', expr('var.network_id')),
                attr('subnetwork', expr('var.subnetwork_id')),
              ],
            ),
          ],
        ),
        blank(),
        block(
          'containers',
          [],
          [
            attr('name', 'app'),
            attr('image', expr('var.image')),
            block('ports', [], [attr('container_port', expr('var.port'))]),
            block(
              'resources',
              [],
              [
                attr('limits', {
                  cpu: expr('tostring(var.cpu)'),
                  memory: expr('var.memory'),
                  ...(gpu ? { 'nvidia.com/gpu': '1' } : {}),
                }),
                comment(
                  'Instance-based billing: CPU stays allocated between requests, so background work (connection\npools, consumers) runs, and the instances kept at rest are billed at the full rate.',
                ),
                attr('cpu_idle', false),
                attr('startup_cpu_boost', true),
              ],
            ),
            block(
              'dynamic',
              ['env'],
              [
                attr('for_each', expr('var.env')),
                block(
                  'content',
                  [],
                  [
                    attr('name', expr('env.key')),
                    attr('value', expr('env.value')),
                  ],
                ),
              ],
            ),
            comment(
              'Secrets as references: Cloud Run reads the version at instance start with the service account.',
            ),
            block(
              'dynamic',
              ['env'],
              [
                attr('for_each', expr('var.secret_env')),
                block(
                  'content',
                  [],
                  [
                    attr('name', expr('env.key')),
                    block(
                      'value_source',
                      [],
                      [
                        block(
                          'secret_key_ref',
                          [],
                          [
                            attr('secret', expr('env.value')),
                            attr('version', 'latest'),
                          ],
                        ),
                      ],
                    ),
                  ],
                ),
              ],
            ),
            probe('startup_probe', { periodSeconds: 2, failureThreshold: 60 }),
            probe('liveness_probe', { periodSeconds: 10, failureThreshold: 3 }),
          ],
        ),
      ],
    ),
    blank(),
    block(
      'traffic',
      [],
      [
        attr('type', 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST'),
        attr('percent', 100),
      ],
    ),
    blank(),
    block(
      'lifecycle',
      [],
      [
        comment(
          [
            '`make deploy` sets the image (gcloud run deploy) and `make rollback` the traffic split',
            '(gcloud run services update-traffic); an apply must not undo either.',
          ].join('\n'),
        ),
        attr('ignore_changes', [
          expr('template[0].containers[0].image'),
          expr('template[0].revision'),
          expr('traffic'),
          expr('client'),
          expr('client_version'),
        ]),
      ],
    ),
  ]);
}

function loadBalancerBlocks(): HclBody {
  return [
    comment(
      [
        'The front door: a global external Application Load Balancer with a Google-managed certificate',
        'for the host (issued once its DNS record points at the address) and TLS 1.2+ (MODERN). Only',
        'port 443 is served. A serverless NEG has no health checks: Cloud Run routes to ready instances.',
      ].join('\n'),
    ),
    resource('google_compute_region_network_endpoint_group', 'app', [
      attr('project', expr('var.project_id')),
      attr('region', expr('var.region')),
      attr('name', expr('"${var.name}-neg"')),
      attr('network_endpoint_type', 'SERVERLESS'),
      block(
        'cloud_run',
        [],
        [attr('service', expr('google_cloud_run_v2_service.this.name'))],
      ),
    ]),
    resource('google_compute_backend_service', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.name')),
      attr('load_balancing_scheme', 'EXTERNAL_MANAGED'),
      attr('protocol', 'HTTPS'),
      block(
        'backend',
        [],
        [
          attr(
            'group',
            expr('google_compute_region_network_endpoint_group.app.id'),
          ),
        ],
      ),
      block('log_config', [], [attr('enable', true), attr('sample_rate', 1)]),
    ]),
    resource('google_compute_url_map', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.name')),
      attr('default_service', expr('google_compute_backend_service.app.id')),
    ]),
    resource('google_compute_managed_ssl_certificate', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.name')),
      block('managed', [], [attr('domains', [expr('var.host')])]),
    ]),
    resource('google_compute_ssl_policy', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.ssl_policy_name')),
      attr('profile', 'MODERN'),
      attr('min_tls_version', 'TLS_1_2'),
    ]),
    resource('google_compute_target_https_proxy', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.name')),
      attr('url_map', expr('google_compute_url_map.app.id')),
      attr('ssl_certificates', [
        expr('google_compute_managed_ssl_certificate.app.id'),
      ]),
      attr('ssl_policy', expr('google_compute_ssl_policy.app.id')),
    ]),
    resource('google_compute_global_address', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('var.ingress_address_name')),
      attr('labels', expr('var.labels')),
    ]),
    resource('google_compute_global_forwarding_rule', 'app', [
      attr('project', expr('var.project_id')),
      attr('name', expr('"${var.name}-https"')),
      attr('load_balancing_scheme', 'EXTERNAL_MANAGED'),
      attr('ip_address', expr('google_compute_global_address.app.id')),
      attr('port_range', '443'),
      attr('target', expr('google_compute_target_https_proxy.app.id')),
      attr('labels', expr('var.labels')),
    ]),
  ];
}

/**
 * The serverless module on GCP (`infra/modules/serverless/gcp`): the application's service
 * account and a Cloud Run v2 service running as it, with direct VPC egress into the stack's
 * subnet, secrets as Secret Manager references, probes on the health path, and, when the stack
 * has a host with TLS, an external HTTPS load balancer as its only way in.
 */
export function gcpServerlessModule(options: {
  loadBalancer: boolean;
  /** Every instance gets an NVIDIA L4 (spec.app.gpu). */
  gpu: boolean;
}): FileTree {
  const { loadBalancer, gpu } = options;
  const main: HclBody = [
    comment(
      [
        "The application's identity: the data services' modules grant their roles to it (Cloud SQL IAM",
        'authentication, the Memorystore secrets, the bucket), exactly as for the Kubernetes target.',
      ].join('\n'),
    ),
    resource('google_service_account', 'app', [
      attr('project', expr('var.project_id')),
      attr('account_id', expr('var.app_service_account_id')),
      attr('display_name', expr('"Application ${var.name}"')),
    ]),
    cloudRunService({ loadBalancer, gpu }),
    loadBalancer && loadBalancerBlocks(),
  ];
  const outputs: HclBody = [
    terraformOutput({
      name: 'app_service_account_email',
      description: 'Google service account the Cloud Run service runs as.',
      value: 'google_service_account.app.email',
    }),
    terraformOutput({
      name: 'service_name',
      description:
        'Name of the Cloud Run service (gcloud run deploy / update-traffic).',
      value: 'google_cloud_run_v2_service.this.name',
    }),
    terraformOutput({
      name: 'service_uri',
      description:
        'run.app URL of the service (reachable from the VPC, or through the load balancer only).',
      value: 'google_cloud_run_v2_service.this.uri',
    }),
    loadBalancer &&
      terraformOutput({
        name: 'ingress_ip_address',
        description:
          'Global IP address of the load balancer: point the DNS record of the host here.',
        value: 'google_compute_global_address.app.address',
      }),
  ];
  return moduleFiles({
    cloud: 'gcp',
    capability: SERVERLESS_CAPABILITY,
    variables: variables({ loadBalancer, gpu }),
    main,
    outputs,
  });
}
