import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBody,
} from '../../hcl/hcl';
import { APP_USER_ID } from '../../kustomize/kustomizeNames';
import type { FileTree } from '../../types';
import { forceDestroyVariable } from '../common/teardownVariable';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import {
  AWS_ACCOUNT_ID,
  AWS_PARTITION,
  AWS_REGION,
  awsContextData,
} from './awsContextData';
import type { AwsAppAccess } from './awsService';
import { kmsKey } from './kmsKey';
import { policyStatement } from './policyStatement';
import { s3BucketBaseline } from './s3BucketBaseline';
import {
  abortIncompleteMultipartUpload,
  noncurrentVersionExpiration,
  s3Lifecycle,
} from './s3Lifecycle';

/** The TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only (Elastic Load Balancing security policies). */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Container name of the application in the task definition (the deploy script looks it up). */
export const SERVERLESS_CONTAINER = 'app';

/** Memory utilisation serverless scaling keeps when spec.app.hpa.memory leaves it open (%). */
export const DEFAULT_SERVERLESS_MEMORY_TARGET = 80;

function variables(appAccess: readonly AwsAppAccess[]): HclBody {
  return [
    terraformVariable({
      name: 'name',
      type: 'string',
      description: 'Prefix of every resource name, e.g. trading-api-prod.',
    }),
    terraformVariable({
      name: 'vpc_id',
      type: 'string',
      description: 'VPC of the service.',
    }),
    terraformVariable({
      name: 'vpc_cidr',
      type: 'string',
      description: 'IPv4 block of the VPC, where the data services listen.',
    }),
    terraformVariable({
      name: 'private_subnet_ids',
      type: 'list(string)',
      description: 'Private subnets of the tasks, one per zone.',
    }),
    terraformVariable({
      name: 'public_subnet_ids',
      type: 'list(string)',
      description: 'Public subnets of the load balancer, one per zone.',
    }),
    terraformVariable({
      name: 'image',
      type: 'string',
      description:
        'Image of the task definition revision Terraform manages (run until the first make deploy); every release replaces it with the deployed image.',
    }),
    terraformVariable({
      name: 'port',
      type: 'number',
      description: 'Port the application listens on (spec.app.port).',
    }),
    terraformVariable({
      name: 'health_path',
      type: 'string',
      description:
        'Path the load balancer checks every target on (spec.app.healthPath).',
    }),
    terraformVariable({
      name: 'settings',
      type: 'map(string)',
      description:
        'Plain settings of the application (spec.app.env, with the environment override on top). Never secrets.',
    }),
    terraformVariable({
      name: 'environment',
      type: 'map(string)',
      description:
        "Skyforge's own variables (PORT, ENVIRONMENT, CLOUD, the data-service endpoints): the application contract, which wins over settings.",
    }),
    terraformVariable({
      name: 'secrets',
      type: 'map(string)',
      description:
        'Secret environment variables: name => ARN of a Secrets Manager secret or SSM parameter. ECS injects the values at start; only the ARNs are in Terraform.',
      default: {},
      validations: [
        {
          condition:
            'alltrue([for arn in values(var.secrets) : can(regex("^arn:aws[a-z-]*:(secretsmanager|ssm):", arn))])',
          message:
            'secrets must map names to Secrets Manager secret or SSM parameter ARNs.',
        },
      ],
    }),
    terraformVariable({
      name: 'task_cpu',
      type: 'number',
      description: 'CPU units of a task (1024 per vCPU), a Fargate size.',
    }),
    terraformVariable({
      name: 'task_memory',
      type: 'number',
      description: 'Memory of a task in MiB, a Fargate size for task_cpu.',
    }),
    terraformVariable({
      name: 'desired_count',
      type: 'number',
      description:
        'Tasks at rest (spec.app.hpa.min); autoscaling moves the count between min_count and max_count.',
    }),
    terraformVariable({
      name: 'min_count',
      type: 'number',
      description: 'Fewest tasks autoscaling keeps.',
    }),
    terraformVariable({
      name: 'max_count',
      type: 'number',
      description: 'Most tasks autoscaling starts.',
    }),
    terraformVariable({
      name: 'cpu_target',
      type: 'number',
      description: 'Average CPU utilisation to keep (%).',
    }),
    terraformVariable({
      name: 'memory_target',
      type: 'number',
      description: 'Average memory utilisation to keep (%).',
    }),
    terraformVariable({
      name: 'latency_target_ms',
      type: 'number',
      description:
        'Average load balancer response time above which tasks are added (ms); null: no latency scaling.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description:
        'Days to keep the container logs and load balancer access logs.',
    }),
    terraformVariable({
      name: 'certificate_arn',
      type: 'string',
      description:
        'ACM certificate of the HTTPS listener; null serves plain HTTP (no host).',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'host',
      type: 'string',
      description: 'Host name of the service; null without one.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'route53_zone_id',
      type: 'string',
      description:
        'Public Route 53 zone of the host; null leaves the record to you.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'create_host_record',
      type: 'bool',
      description:
        'Point the host at this load balancer (one environment owns the name).',
      default: false,
    }),
    terraformVariable({
      name: 'registry_repository_arn',
      type: 'string',
      description:
        'ECR repository the tasks pull from (make deploy registers its images); null without one.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'registry_credentials',
      type: 'string',
      description:
        'Name of the Secrets Manager secret (username and password) of the private registry the image comes from, outside ECR; null for ECR and public images. Its key must be the default aws/secretsmanager key or one the execution role may decrypt.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'egress_ports',
      type: 'list(object({ description = string, port = number }))',
      description:
        'Ports of the data services inside the VPC the tasks may reach, beyond HTTPS.',
      default: [],
    }),
    terraformVariable({
      name: 'deletion_protection',
      type: 'bool',
      description: 'Deletion protection of the load balancer.',
      default: true,
    }),
    forceDestroyVariable('the load balancer access-log bucket'),
    terraformVariable({
      name: 'service_tags',
      type: 'map(string)',
      description:
        'Capability tags of the service, its tasks and its load balancer (cost attribution).',
      default: {},
    }),
    appAccess.map(access => access.variables),
  ];
}

/** The trust policy of both task roles: ECS tasks of this account only. */
function tasksAssumePolicy(): HclBody {
  return [
    data('aws_iam_policy_document', 'tasks_assume', [
      policyStatement({
        sid: 'EcsTasks',
        actions: ['sts:AssumeRole'],
        principals: [
          { type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] },
        ],
        conditions: [
          {
            test: 'StringEquals',
            variable: 'aws:SourceAccount',
            values: [expr(AWS_ACCOUNT_ID)],
          },
          {
            test: 'ArnLike',
            variable: 'aws:SourceArn',
            values: [
              expr(
                `"arn:\${${AWS_PARTITION}}:ecs:\${${AWS_REGION}}:\${${AWS_ACCOUNT_ID}}:*"`,
              ),
            ],
          },
        ],
      }),
    ]),
  ];
}

/** A `dynamic "statement"` that exists only when `forEach` is not empty. */
function optionalStatement(options: {
  forEach: string;
  sid: string;
  actions: string[];
  resources: string;
}): HclBody {
  return [
    block(
      'dynamic',
      ['statement'],
      [
        attr('for_each', expr(options.forEach)),
        blank(),
        block(
          'content',
          [],
          [
            attr('sid', options.sid),
            attr('actions', options.actions),
            attr('resources', expr(options.resources)),
          ],
        ),
      ],
    ),
  ];
}

function executionRole(): HclBody {
  const secretArns = (store: string) =>
    `[for arn in values(var.secrets) : arn if startswith(arn, "arn:\${${AWS_PARTITION}}:${store}:")]`;
  return [
    comment(
      [
        'The execution role: what ECS itself does for the task before the application starts. It pulls',
        "the image from the stack's registry, writes the log stream and reads exactly the secrets the",
        'task definition names; the application never holds it.',
      ].join('\n'),
    ),
    comment(
      'The private registry of a source image outside ECR: ECS signs in with this secret (repositoryCredentials).',
    ),
    data('aws_secretsmanager_secret', 'registry_credentials', [
      attr('count', expr('var.registry_credentials == null ? 0 : 1')),
      attr('name', expr('var.registry_credentials')),
    ]),
    data('aws_iam_policy_document', 'execution', [
      policyStatement({
        sid: 'RegistryToken',
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      }),
      optionalStatement({
        forEach:
          'var.registry_repository_arn == null ? [] : [var.registry_repository_arn]',
        sid: 'PullImage',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
        ],
        resources: '[statement.value]',
      }),
      optionalStatement({
        forEach: 'data.aws_secretsmanager_secret.registry_credentials[*].arn',
        sid: 'ReadRegistryCredentials',
        actions: ['secretsmanager:GetSecretValue'],
        resources: '[statement.value]',
      }),
      policyStatement({
        sid: 'WriteLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [expr('"${aws_cloudwatch_log_group.app.arn}:*"')],
      }),
      optionalStatement({
        forEach: `length(${secretArns(
          'secretsmanager',
        )}) == 0 ? [] : [${secretArns('secretsmanager')}]`,
        sid: 'ReadSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: 'statement.value',
      }),
      optionalStatement({
        forEach: `length(${secretArns('ssm')}) == 0 ? [] : [${secretArns(
          'ssm',
        )}]`,
        sid: 'ReadParameters',
        actions: ['ssm:GetParameters'],
        resources: 'statement.value',
      }),
    ]),
    resource('aws_iam_role', 'execution', [
      attr('name', expr('"${var.name}-task-execution"')),
      attr('description', 'ECS pulls the image, writes logs and reads secrets'),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.tasks_assume.json'),
      ),
    ]),
    resource('aws_iam_role_policy', 'execution', [
      attr('name', 'task-execution'),
      attr('role', expr('aws_iam_role.execution.id')),
      attr('policy', expr('data.aws_iam_policy_document.execution.json')),
    ]),
  ];
}

function taskRole(appAccess: readonly AwsAppAccess[]): HclBody {
  return [
    comment(
      [
        "The task role is the application's identity, with the same grants the Kubernetes application",
        'role gets through EKS Pod Identity: only its own bucket, database user, cache user and topics,',
        'whichever exist.',
      ].join('\n'),
    ),
    appAccess.length > 0 &&
      data(
        'aws_iam_policy_document',
        'app',
        appAccess.map(access => access.statements),
      ),
    resource('aws_iam_role', 'app', [
      attr('name', expr('"${var.name}-app"')),
      attr('description', 'The application (ECS task role)'),
      attr(
        'assume_role_policy',
        expr('data.aws_iam_policy_document.tasks_assume.json'),
      ),
    ]),
    appAccess.length > 0 &&
      resource('aws_iam_role_policy', 'app', [
        attr('name', 'app'),
        attr('role', expr('aws_iam_role.app.id')),
        attr('policy', expr('data.aws_iam_policy_document.app.json')),
      ]),
  ];
}

function logs(): HclBody {
  return [
    kmsKey({
      id: 'logs',
      description: 'Container logs of ${var.name}',
      alias: '${var.name}-service-logs',
      cloudwatchLogs: true,
    }),
    resource('aws_cloudwatch_log_group', 'app', [
      attr('name', expr('"/ecs/${var.name}"')),
      attr('retention_in_days', expr('var.log_retention_days')),
      attr('kms_key_id', expr('aws_kms_key.logs.arn')),
    ]),
  ];
}

function taskDefinition(): HclBody {
  const container = {
    name: SERVERLESS_CONTAINER,
    image: expr('var.image'),
    repositoryCredentials: expr(
      'var.registry_credentials == null ? null : { credentialsParameter = data.aws_secretsmanager_secret.registry_credentials[0].arn }',
    ),
    essential: true,
    user: `${APP_USER_ID}:${APP_USER_ID}`,
    readonlyRootFilesystem: true,
    portMappings: [
      { name: 'http', containerPort: expr('var.port'), protocol: 'tcp' },
    ],
    environment: expr(
      '[for name, value in merge(var.settings, var.environment) : { name = name, value = value }]',
    ),
    secrets: expr(
      '[for name in sort(keys(var.secrets)) : { name = name, valueFrom = var.secrets[name] }]',
    ),
    mountPoints: [
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
    ],
    linuxParameters: {
      initProcessEnabled: true,
      capabilities: { drop: ['ALL'] },
    },
    logConfiguration: {
      logDriver: 'awslogs',
      options: {
        'awslogs-group': expr('aws_cloudwatch_log_group.app.name'),
        'awslogs-region': expr(AWS_REGION),
        'awslogs-stream-prefix': 'app',
      },
    },
    stopTimeout: 30,
  };
  return [
    comment(
      'The application container (the deploy script copies it into every new revision).',
    ),
    block('locals', [], [attr('container', container)]),
    comment(
      [
        'The settings of the application (environment, secrets, CPU and memory). The service runs this',
        'revision only until the first deploy: make deploy registers the next ones (copied from the',
        'revision Terraform manages, with only the image replaced) and the service ignores the change',
        'here, so a later terraform apply never rolls a deploy back. The apply workflow runs make deploy',
        'after terraform apply, so a settings change reaches the service in the same run; the revision',
        'Terraform replaces is deregistered, which running tasks of a release never depend on. A non-root',
        'user, a read-only root filesystem with a writable /tmp, no Linux capabilities.',
      ].join('\n'),
    ),
    resource('aws_ecs_task_definition', 'app', [
      attr('family', expr('var.name')),
      attr('requires_compatibilities', ['FARGATE']),
      attr('network_mode', 'awsvpc'),
      attr('cpu', expr('tostring(var.task_cpu)')),
      attr('memory', expr('tostring(var.task_memory)')),
      attr('execution_role_arn', expr('aws_iam_role.execution.arn')),
      attr('task_role_arn', expr('aws_iam_role.app.arn')),
      blank(),
      block(
        'runtime_platform',
        [],
        [
          attr('operating_system_family', 'LINUX'),
          attr('cpu_architecture', 'X86_64'),
        ],
      ),
      blank(),
      block('volume', [], [attr('name', 'tmp')]),
      blank(),
      attr('container_definitions', expr('jsonencode([local.container])')),
    ]),
  ];
}

function securityGroups(): HclBody {
  const rule = (
    type: 'ingress' | 'egress',
    id: string,
    body: HclBody,
  ): HclBody => [resource(`aws_vpc_security_group_${type}_rule`, id, body)];
  return [
    comment(
      'The load balancer takes HTTP and HTTPS from the internet and talks to the tasks on their port only.',
    ),
    resource('aws_security_group', 'load_balancer', [
      attr('name', expr('"${var.name}-load-balancer"')),
      attr('description', 'Load balancer of the application'),
      attr('vpc_id', expr('var.vpc_id')),
      blank(),
      attr('tags', { Name: expr('"${var.name}-load-balancer"') }),
    ]),
    rule('ingress', 'load_balancer_https', [
      attr('security_group_id', expr('aws_security_group.load_balancer.id')),
      attr('description', 'HTTPS from the internet'),
      attr('cidr_ipv4', '0.0.0.0/0'),
      attr('ip_protocol', 'tcp'),
      attr('from_port', 443),
      attr('to_port', 443),
    ]),
    rule('ingress', 'load_balancer_http', [
      attr('security_group_id', expr('aws_security_group.load_balancer.id')),
      attr(
        'description',
        'HTTP from the internet (redirected to HTTPS when there is a certificate)',
      ),
      attr('cidr_ipv4', '0.0.0.0/0'),
      attr('ip_protocol', 'tcp'),
      attr('from_port', 80),
      attr('to_port', 80),
    ]),
    rule('egress', 'load_balancer_to_tasks', [
      attr('security_group_id', expr('aws_security_group.load_balancer.id')),
      attr('description', 'The application port of the tasks'),
      attr('referenced_security_group_id', expr('aws_security_group.tasks.id')),
      attr('ip_protocol', 'tcp'),
      attr('from_port', expr('var.port')),
      attr('to_port', expr('var.port')),
    ]),
    comment(
      [
        'The tasks take traffic from the load balancer only. Out: HTTPS (AWS APIs through the VPC',
        'endpoints and the NAT gateway), and the data services on their ports inside the VPC, whose own',
        'security groups admit this group.',
      ].join('\n'),
    ),
    resource('aws_security_group', 'tasks', [
      attr('name', expr('"${var.name}-tasks"')),
      attr('description', 'Tasks of the application'),
      attr('vpc_id', expr('var.vpc_id')),
      blank(),
      attr('tags', { Name: expr('"${var.name}-tasks"') }),
    ]),
    rule('ingress', 'tasks_from_load_balancer', [
      attr('security_group_id', expr('aws_security_group.tasks.id')),
      attr('description', 'The application port from the load balancer'),
      attr(
        'referenced_security_group_id',
        expr('aws_security_group.load_balancer.id'),
      ),
      attr('ip_protocol', 'tcp'),
      attr('from_port', expr('var.port')),
      attr('to_port', expr('var.port')),
    ]),
    rule('egress', 'tasks_https', [
      attr('security_group_id', expr('aws_security_group.tasks.id')),
      attr('description', 'HTTPS: AWS APIs, the registry, external services'),
      attr('cidr_ipv4', '0.0.0.0/0'),
      attr('ip_protocol', 'tcp'),
      attr('from_port', 443),
      attr('to_port', 443),
    ]),
    rule('egress', 'tasks_data_services', [
      attr(
        'for_each',
        expr(
          '{ for service in var.egress_ports : tostring(service.port) => service }',
        ),
      ),
      blank(),
      attr('security_group_id', expr('aws_security_group.tasks.id')),
      attr('description', expr('each.value.description')),
      attr('cidr_ipv4', expr('var.vpc_cidr')),
      attr('ip_protocol', 'tcp'),
      attr('from_port', expr('each.value.port')),
      attr('to_port', expr('each.value.port')),
    ]),
  ];
}

function accessLogBucket(): HclBody {
  const id = 'load_balancer_logs';
  return [
    comment(
      [
        'Access logs of the load balancer. ALB writes them with SSE-S3 only (no KMS), as the delivery',
        "principal: the region's Elastic Load Balancing account (regions before August 2022) or the",
        'log delivery service (newer regions).',
      ].join('\n'),
    ),
    data('aws_elb_service_account', 'current', []),
    resource('aws_s3_bucket', id, [
      comment('Bucket names are global; the account ID keeps this one unique.'),
      attr('bucket', expr(`"\${var.name}-alb-logs-\${${AWS_ACCOUNT_ID}}"`)),
      attr('force_destroy', expr('var.force_destroy')),
    ]),
    s3BucketBaseline({
      id,
      extraPolicy: [
        policyStatement({
          sid: 'LoadBalancerAccessLogs',
          actions: ['s3:PutObject'],
          resources: [
            expr(
              `"\${aws_s3_bucket.${id}.arn}/alb/AWSLogs/\${${AWS_ACCOUNT_ID}}/*"`,
            ),
          ],
          principals: [
            {
              type: 'AWS',
              identifiers: [expr('data.aws_elb_service_account.current.arn')],
            },
            {
              type: 'Service',
              identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'],
            },
          ],
        }),
      ],
    }),
    resource('aws_s3_bucket_server_side_encryption_configuration', id, [
      attr('bucket', expr(`aws_s3_bucket.${id}.id`)),
      blank(),
      block(
        'rule',
        [],
        [
          block(
            'apply_server_side_encryption_by_default',
            [],
            [attr('sse_algorithm', 'AES256')],
          ),
        ],
      ),
    ]),
    s3Lifecycle({
      id,
      ruleId: 'expire-logs',
      actions: [
        block('expiration', [], [attr('days', expr('var.log_retention_days'))]),
        noncurrentVersionExpiration(7),
        abortIncompleteMultipartUpload(7),
      ],
    }),
  ];
}

function loadBalancer(tls: boolean): HclBody {
  const forward = block(
    'default_action',
    [],
    [
      attr('type', 'forward'),
      attr('target_group_arn', expr('aws_lb_target_group.app.arn')),
    ],
  );
  return [
    resource('aws_lb', 'this', [
      attr('name', expr('var.name')),
      attr('load_balancer_type', 'application'),
      attr('internal', false),
      attr('security_groups', [expr('aws_security_group.load_balancer.id')]),
      attr('subnets', expr('var.public_subnet_ids')),
      comment(
        'Requests with malformed headers are dropped, not passed to the tasks.',
      ),
      attr('drop_invalid_header_fields', true),
      attr('enable_deletion_protection', expr('var.deletion_protection')),
      attr('tags', expr('var.service_tags')),
      blank(),
      block(
        'access_logs',
        [],
        [
          attr('bucket', expr('aws_s3_bucket.load_balancer_logs.id')),
          attr('prefix', 'alb'),
          attr('enabled', true),
        ],
      ),
      blank(),
      attr('depends_on', [expr('aws_s3_bucket_policy.load_balancer_logs')]),
    ]),
    comment(
      'The tasks register by IP (awsvpc); a target is healthy once the health path answers 2xx or 3xx.',
    ),
    resource('aws_lb_target_group', 'app', [
      attr('name', expr('var.name')),
      attr('port', expr('var.port')),
      attr('protocol', 'HTTP'),
      attr('target_type', 'ip'),
      attr('vpc_id', expr('var.vpc_id')),
      attr('deregistration_delay', 30),
      blank(),
      block(
        'health_check',
        [],
        [
          attr('path', expr('var.health_path')),
          attr('matcher', '200-399'),
          attr('interval', 15),
          attr('timeout', 5),
          attr('healthy_threshold', 2),
          attr('unhealthy_threshold', 3),
        ],
      ),
    ]),
    tls
      ? [
          comment(
            'HTTPS only: TLS 1.2 and 1.3 with the certificate of the host.',
          ),
          resource('aws_lb_listener', 'https', [
            attr('load_balancer_arn', expr('aws_lb.this.arn')),
            attr('port', 443),
            attr('protocol', 'HTTPS'),
            attr('ssl_policy', ALB_TLS_POLICY),
            attr('certificate_arn', expr('var.certificate_arn')),
            blank(),
            forward,
          ]),
          resource('aws_lb_listener', 'http', [
            attr('load_balancer_arn', expr('aws_lb.this.arn')),
            attr('port', 80),
            attr('protocol', 'HTTP'),
            blank(),
            block(
              'default_action',
              [],
              [
                attr('type', 'redirect'),
                blank(),
                block(
                  'redirect',
                  [],
                  [
                    attr('port', '443'),
                    attr('protocol', 'HTTPS'),
                    attr('status_code', 'HTTP_301'),
                  ],
                ),
              ],
            ),
          ]),
          resource('aws_route53_record', 'host', [
            attr(
              'count',
              expr(
                'var.route53_zone_id != null && var.create_host_record ? 1 : 0',
              ),
            ),
            blank(),
            attr('zone_id', expr('var.route53_zone_id')),
            attr('name', expr('var.host')),
            attr('type', 'A'),
            blank(),
            block(
              'alias',
              [],
              [
                attr('name', expr('aws_lb.this.dns_name')),
                attr('zone_id', expr('aws_lb.this.zone_id')),
                attr('evaluate_target_health', true),
              ],
            ),
          ]),
        ]
      : [
          comment(
            'No host, so no certificate: plain HTTP (set spec.app.ingress.host to serve HTTPS).',
          ),
          resource('aws_lb_listener', 'http', [
            attr('load_balancer_arn', expr('aws_lb.this.arn')),
            attr('port', 80),
            attr('protocol', 'HTTP'),
            blank(),
            forward,
          ]),
        ],
  ];
}

function service(tls: boolean): HclBody {
  return [
    resource('aws_ecs_cluster', 'this', [
      attr('name', expr('var.name')),
      blank(),
      comment(
        'Container Insights: CPU, memory and task metrics per service and task.',
      ),
      block(
        'setting',
        [],
        [attr('name', 'containerInsights'), attr('value', 'enabled')],
      ),
    ]),
    comment(
      [
        'Rolling deploys never drop below the desired count (100 % healthy, up to 200 % while the new',
        'tasks start); the circuit breaker rolls a deploy back by itself when its tasks keep failing.',
        'make deploy and autoscaling change the task definition and the count, so Terraform ignores both.',
      ].join('\n'),
    ),
    resource('aws_ecs_service', 'app', [
      attr('name', expr('var.name')),
      attr('cluster', expr('aws_ecs_cluster.this.id')),
      attr('task_definition', expr('aws_ecs_task_definition.app.arn')),
      attr('desired_count', expr('var.desired_count')),
      attr('launch_type', 'FARGATE'),
      attr('platform_version', 'LATEST'),
      attr('deployment_minimum_healthy_percent', 100),
      attr('deployment_maximum_percent', 200),
      attr('health_check_grace_period_seconds', 60),
      attr('enable_ecs_managed_tags', true),
      attr('propagate_tags', 'SERVICE'),
      attr('enable_execute_command', false),
      attr('tags', expr('var.service_tags')),
      blank(),
      comment(
        [
          "The apply never waits for the tasks: the first revision's image (spec.app.image) may not be",
          'pullable before make image-push fills the stack registry. Its failing tasks then fail only',
          'the first deployment (the circuit breaker stops launching them; there is nothing to roll back',
          "to), and make deploy's deployment, the next step of the same workflow, replaces it.",
        ].join('\n'),
      ),
      attr('wait_for_steady_state', false),
      block(
        'deployment_circuit_breaker',
        [],
        [attr('enable', true), attr('rollback', true)],
      ),
      blank(),
      block(
        'network_configuration',
        [],
        [
          attr('subnets', expr('var.private_subnet_ids')),
          attr('security_groups', [expr('aws_security_group.tasks.id')]),
          attr('assign_public_ip', false),
        ],
      ),
      blank(),
      block(
        'load_balancer',
        [],
        [
          attr('target_group_arn', expr('aws_lb_target_group.app.arn')),
          attr('container_name', SERVERLESS_CONTAINER),
          attr('container_port', expr('var.port')),
        ],
      ),
      blank(),
      block(
        'lifecycle',
        [],
        [
          attr('ignore_changes', [
            expr('task_definition'),
            expr('desired_count'),
          ]),
        ],
      ),
      blank(),
      comment(
        'The target group must belong to a listener before a service can use it.',
      ),
      attr('depends_on', [
        expr(tls ? 'aws_lb_listener.https' : 'aws_lb_listener.http'),
      ]),
    ]),
  ];
}

function autoscaling(): HclBody {
  const dimension = [
    attr('resource_id', expr('aws_appautoscaling_target.app.resource_id')),
    attr(
      'scalable_dimension',
      expr('aws_appautoscaling_target.app.scalable_dimension'),
    ),
    attr(
      'service_namespace',
      expr('aws_appautoscaling_target.app.service_namespace'),
    ),
  ];
  const targetTracking = (id: string, metric: string, target: string) =>
    resource('aws_appautoscaling_policy', id, [
      attr('name', expr(`"\${var.name}-${id}"`)),
      attr('policy_type', 'TargetTrackingScaling'),
      dimension,
      blank(),
      block(
        'target_tracking_scaling_policy_configuration',
        [],
        [
          attr('target_value', expr(target)),
          attr('scale_in_cooldown', 300),
          attr('scale_out_cooldown', 60),
          blank(),
          block(
            'predefined_metric_specification',
            [],
            [attr('predefined_metric_type', metric)],
          ),
        ],
      ),
    ]);
  return [
    comment(
      [
        'Application Auto Scaling keeps between min_count and max_count tasks. Target tracking on CPU and',
        'memory scales out when either is above its target and in only when both are below.',
      ].join('\n'),
    ),
    resource('aws_appautoscaling_target', 'app', [
      attr('service_namespace', 'ecs'),
      attr('scalable_dimension', 'ecs:service:DesiredCount'),
      attr(
        'resource_id',
        expr(
          '"service/${aws_ecs_cluster.this.name}/${aws_ecs_service.app.name}"',
        ),
      ),
      attr('min_capacity', expr('var.min_count')),
      attr('max_capacity', expr('var.max_count')),
    ]),
    targetTracking('cpu', 'ECSServiceAverageCPUUtilization', 'var.cpu_target'),
    targetTracking(
      'memory',
      'ECSServiceAverageMemoryUtilization',
      'var.memory_target',
    ),
    comment(
      [
        'Latency: target tracking needs a metric that falls as tasks are added in proportion (the',
        'Application Auto Scaling guide), which response time does not, so a CloudWatch alarm on the',
        'average TargetResponseTime drives a step policy that adds half again as many tasks; CPU and',
        'memory tracking scale back in.',
      ].join('\n'),
    ),
    resource('aws_appautoscaling_policy', 'latency', [
      attr('count', expr('var.latency_target_ms == null ? 0 : 1')),
      blank(),
      attr('name', expr('"${var.name}-latency"')),
      attr('policy_type', 'StepScaling'),
      dimension,
      blank(),
      block(
        'step_scaling_policy_configuration',
        [],
        [
          attr('adjustment_type', 'PercentChangeInCapacity'),
          attr('min_adjustment_magnitude', 1),
          attr('cooldown', 120),
          attr('metric_aggregation_type', 'Average'),
          blank(),
          block(
            'step_adjustment',
            [],
            [
              attr('metric_interval_lower_bound', 0),
              attr('scaling_adjustment', 50),
            ],
          ),
        ],
      ),
    ]),
    resource('aws_cloudwatch_metric_alarm', 'latency', [
      attr('count', expr('var.latency_target_ms == null ? 0 : 1')),
      blank(),
      attr('alarm_name', expr('"${var.name}-latency"')),
      attr(
        'alarm_description',
        'Average response time of the load balancer above the target: add tasks.',
      ),
      attr('namespace', 'AWS/ApplicationELB'),
      attr('metric_name', 'TargetResponseTime'),
      attr('statistic', 'Average'),
      attr('period', 60),
      attr('evaluation_periods', 3),
      attr('comparison_operator', 'GreaterThanThreshold'),
      attr('threshold', expr('var.latency_target_ms / 1000')),
      attr('treat_missing_data', 'notBreaching'),
      attr('alarm_actions', [expr('aws_appautoscaling_policy.latency[0].arn')]),
      blank(),
      attr('dimensions', {
        LoadBalancer: expr('aws_lb.this.arn_suffix'),
        TargetGroup: expr('aws_lb_target_group.app.arn_suffix'),
      }),
    ]),
  ];
}

const outputs = [
  terraformOutput({
    name: 'cluster_name',
    description: 'ECS cluster of the service.',
    value: 'aws_ecs_cluster.this.name',
  }),
  terraformOutput({
    name: 'service_name',
    description: 'ECS service of the application.',
    value: 'aws_ecs_service.app.name',
  }),
  terraformOutput({
    name: 'task_definition_arn',
    description:
      'Task definition revision Terraform manages: make deploy copies its settings into each release.',
    value: 'aws_ecs_task_definition.app.arn',
  }),
  terraformOutput({
    name: 'task_security_group_id',
    description: 'Security group of the tasks, which the data services admit.',
    value: 'aws_security_group.tasks.id',
  }),
  terraformOutput({
    name: 'task_role_arn',
    description: "IAM role of the application's tasks.",
    value: 'aws_iam_role.app.arn',
  }),
  terraformOutput({
    name: 'load_balancer_dns_name',
    description: 'DNS name of the load balancer.',
    value: 'aws_lb.this.dns_name',
  }),
  terraformOutput({
    name: 'load_balancer_arn_suffix',
    description:
      'ARN suffix of the load balancer: the LoadBalancer dimension of its CloudWatch metrics.',
    value: 'aws_lb.this.arn_suffix',
  }),
  terraformOutput({
    name: 'target_group_arn_suffix',
    description:
      'ARN suffix of the target group: the TargetGroup dimension of its CloudWatch metrics.',
    value: 'aws_lb_target_group.app.arn_suffix',
  }),
  terraformOutput({
    name: 'log_group_name',
    description: 'CloudWatch log group of the containers.',
    value: 'aws_cloudwatch_log_group.app.name',
  }),
];

/**
 * The AWS serverless module, `infra/modules/serverless/aws`: the application on ECS Fargate
 * behind an Application Load Balancer, with its execution and task roles (the task role carries
 * the same data-service grants as the Kubernetes application role), encrypted container logs,
 * rolling deploys with a circuit breaker and Application Auto Scaling on CPU, memory and,
 * optionally, response time. `tls`: the listener serves HTTPS with the host's certificate.
 */
export function awsServerlessModule(options: {
  appAccess: readonly AwsAppAccess[];
  tls: boolean;
}): FileTree {
  return moduleFiles({
    cloud: 'aws',
    capability: 'serverless',
    variables: variables(options.appAccess),
    main: [
      awsContextData(),
      logs(),
      tasksAssumePolicy(),
      executionRole(),
      taskRole(options.appAccess),
      taskDefinition(),
      securityGroups(),
      accessLogBucket(),
      loadBalancer(options.tls),
      service(options.tls),
      autoscaling(),
    ],
    outputs,
  });
}
