import {
  attr,
  block,
  expr,
  type HclBody,
  type HclNode,
  type HclValue,
} from '../../hcl/hcl';
import { ingressHasTls } from '../../kustomize/appIngress';
import { APP_USER_ID } from '../../kustomize/kustomizeNames';
import { awsAppAccess, type AwsEnvironment } from './awsService';
import { ALB_TLS_POLICY } from './awsServerlessModule';
import {
  HEADER,
  clusterAccessRun,
  mockArn,
  mockProvider,
  networkRun,
  testAssertion,
  testModuleSource,
  testRun,
} from './awsTerraformTests';
import { comment, writeHcl } from '../../hcl/hcl';
import type { FileTree } from '../../types';

/** The `sid`s of the statement blocks in a body. */
function statementIds(body: HclBody): string[] {
  const ids: string[] = [];
  for (const item of body) {
    if (!item) continue;
    if (Array.isArray(item)) {
      ids.push(...statementIds(item));
      continue;
    }
    const node = item as HclNode;
    if (node.kind === 'block' && node.type === 'statement') {
      for (const child of node.body) {
        const attribute = child as HclNode;
        if (
          attribute &&
          !Array.isArray(child) &&
          attribute.kind === 'attribute' &&
          attribute.name === 'sid'
        ) {
          ids.push(String(attribute.value));
        }
      }
    }
  }
  return ids;
}

/** `["a", "b"]`, as terraform fmt writes a list of strings. */
function hclList(values: readonly string[]): string {
  return `[${values.map(value => JSON.stringify(value)).join(', ')}]`;
}

/** The mocked resources of the serverless module whose ARNs the provider validates. */
function serverlessMocks(
  region: string,
): Record<string, Record<string, HclValue>> {
  return {
    aws_lb: {
      arn: mockArn(
        'elasticloadbalancing',
        region,
        'loadbalancer/app/mock/0123456789abcdef',
      ),
      arn_suffix: 'app/mock/0123456789abcdef',
      dns_name: 'mock-0123456789.us-east-1.elb.amazonaws.com',
      zone_id: 'Z35SXDOTRQ7X7K',
    },
    aws_lb_target_group: {
      arn: mockArn(
        'elasticloadbalancing',
        region,
        'targetgroup/mock/0123456789abcdef',
      ),
      arn_suffix: 'targetgroup/mock/0123456789abcdef',
    },
    aws_ecs_cluster: {
      arn: mockArn('ecs', region, 'cluster/mock'),
      id: mockArn('ecs', region, 'cluster/mock'),
    },
    aws_ecs_task_definition: {
      arn: mockArn('ecs', region, 'task-definition/mock:1'),
    },
    aws_appautoscaling_policy: {
      arn: mockArn(
        'autoscaling',
        region,
        'scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mock/mock:policyName/mock',
      ),
    },
  };
}

/** The whole environment applies (no cluster), and names its ECS cluster after the stack. */
function serverlessEnvironmentRun(context: AwsEnvironment): HclBody {
  const { resourcePrefix } = context.resolved;
  return testRun({
    name: 'environment',
    comment:
      'The whole environment applies: no Kubernetes cluster, the application on ECS Fargate behind an ALB.',
    assertions: [
      testAssertion(
        `output.cluster_name == "${resourcePrefix}" && output.service_name == "${resourcePrefix}"`,
        'The ECS cluster and service are named after the stack and the environment.',
      ),
      context.spec.spec.services.monitoring &&
        testAssertion(
          'module.serverless_monitoring.watched == { service = module.serverless.service_name, cluster = module.serverless.cluster_name, target_group = module.serverless.target_group_arn_suffix, load_balancer = module.serverless.load_balancer_arn_suffix }',
          'The alarms must watch the real ECS service and the target group of its load balancer.',
        ),
      ingressHasTls(context.spec) &&
        testAssertion(
          'startswith(output.certificate_arn, "arn:aws:acm:")',
          'The environment must output the certificate of the HTTPS listener.',
        ),
    ],
  });
}

/** The serverless module with the values of this environment: what a deploy and a failure meet. */
function serverlessRun(context: AwsEnvironment): HclBody {
  const { spec, services, resolved } = context;
  const { region } = resolved;
  const access = awsAppAccess(services);
  const tls = ingressHasTls(spec);
  const secret = mockArn(
    'secretsmanager',
    region,
    'secret:trading-api-key-AbCdEf',
  );
  const container =
    'jsondecode(aws_ecs_task_definition.app.container_definitions)[0]';
  const variables = {
    name: expr('run.environment.cluster_name'),
    vpc_id: 'vpc-0123456789abcdef0',
    vpc_cidr: resolved.cidr,
    private_subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
    public_subnet_ids: ['subnet-d', 'subnet-e', 'subnet-f'],
    image: expr('var.app_image'),
    port: expr('var.app_port'),
    health_path: spec.spec.app.healthPath,
    settings: expr('var.app_env'),
    environment: {
      PORT: expr('tostring(var.app_port)'),
      DATABASE_HOST: 'db.internal',
    },
    secrets: { API_KEY: secret },
    task_cpu: expr('var.task_cpu'),
    task_memory: expr('var.task_memory'),
    desired_count: expr('var.desired_count'),
    min_count: expr('var.desired_count'),
    max_count: expr('var.max_count'),
    cpu_target: expr('var.cpu_target'),
    memory_target: expr('var.memory_target'),
    latency_target_ms: expr('var.latency_target_ms'),
    log_retention_days: expr('var.log_retention_days'),
    registry_repository_arn: mockArn('ecr', region, 'repository/mock'),
    egress_ports: [{ description: 'PostgreSQL', port: 5432 }],
    ...(tls
      ? {
          certificate_arn: mockArn(
            'acm',
            region,
            'certificate/00000000-0000-0000-0000-000000000000',
          ),
          host: spec.spec.app.ingress.host,
          route53_zone_id: 'Z0TEST0SKYFORGE',
          create_host_record: true,
        }
      : {}),
    ...access.reduce(
      (values, grant) => ({ ...values, ...grant.testValues(region) }),
      {},
    ),
  };
  const registryCredentials = mockArn(
    'secretsmanager',
    region,
    'secret:ghcr-pull-AbCdEf',
  );
  const privateSource = testRun({
    name: 'serverless_private_source',
    comment: [
      'A private source image outside ECR, without the stack registry: ECS signs in to its registry',
      'with the named secret, which the execution role alone may read; nothing else changes.',
    ].join('\n'),
    module: testModuleSource('serverless'),
    variables: {
      ...variables,
      registry_repository_arn: undefined,
      registry_credentials: 'ghcr-pull',
    },
    overrides: [
      block(
        'override_data',
        [],
        [
          attr(
            'target',
            expr('data.aws_secretsmanager_secret.registry_credentials[0]'),
          ),
          attr('values', { arn: registryCredentials }),
        ],
      ),
    ],
    assertions: [
      testAssertion(
        `${container}.repositoryCredentials == { credentialsParameter = "${registryCredentials}" }`,
        'ECS pulls the private image with the registry credentials of the named secret.',
      ),
      testAssertion(
        `one([for statement in data.aws_iam_policy_document.execution.statement : statement.resources if statement.sid == "ReadRegistryCredentials"]) == toset(["${registryCredentials}"]) && length([for statement in data.aws_iam_policy_document.execution.statement : statement if statement.sid == "PullImage"]) == 0`,
        'The execution role may read exactly that secret, and pulls from no ECR repository.',
      ),
    ],
  });
  const run = testRun({
    name: 'serverless',
    comment: [
      'The service keeps 100 % of its desired tasks during a deploy and rolls back a failing one, its',
      'tasks run as the application role with the data-service grants, read secrets by ARN only and',
      'take traffic from the load balancer alone, which serves HTTPS only.',
    ].join('\n'),
    module: testModuleSource('serverless'),
    variables,
    assertions: [
      testAssertion(
        'aws_ecs_service.app.desired_count == var.desired_count && aws_ecs_service.app.deployment_minimum_healthy_percent == 100 && aws_ecs_service.app.deployment_maximum_percent == 200',
        'A deploy must never drop below the desired count: 100 % healthy, up to 200 % while new tasks start.',
      ),
      testAssertion(
        'one(aws_ecs_service.app.deployment_circuit_breaker).enable && one(aws_ecs_service.app.deployment_circuit_breaker).rollback',
        'A deploy whose tasks keep failing must roll back by itself.',
      ),
      testAssertion(
        '!aws_ecs_service.app.wait_for_steady_state',
        "The apply must not wait for the tasks: the first revision's image may be pullable only after make image-push, and make deploy replaces its failed deployment.",
      ),
      testAssertion(
        '!one(aws_ecs_service.app.network_configuration).assign_public_ip && toset(one(aws_ecs_service.app.network_configuration).subnets) == toset(var.private_subnet_ids) && one(aws_ecs_service.app.network_configuration).security_groups == toset([aws_security_group.tasks.id])',
        'Tasks run in the private subnets without public addresses, in their own security group.',
      ),
      testAssertion(
        `${container}.user == "${APP_USER_ID}:${APP_USER_ID}" && ${container}.readonlyRootFilesystem && ${container}.linuxParameters.capabilities.drop == ["ALL"] && aws_ecs_task_definition.app.network_mode == "awsvpc"`,
        'The container runs as non-root on a read-only root filesystem without capabilities.',
      ),
      testAssertion(
        'output.task_definition_arn == aws_ecs_task_definition.app.arn',
        'make deploy builds each release from the task definition Terraform manages, so the settings reach the service.',
      ),
      testAssertion(
        `${container}.secrets == [{ name = "API_KEY", valueFrom = "${secret}" }] && !strcontains(aws_ecs_task_definition.app.container_definitions, "password") && contains([for variable in ${container}.environment : variable.name], "DATABASE_HOST")`,
        'Secrets reach the container by ARN only; the endpoints arrive as plain variables.',
      ),
      testAssertion(
        `${container}.logConfiguration.options["awslogs-group"] == aws_cloudwatch_log_group.app.name && aws_cloudwatch_log_group.app.kms_key_id == aws_kms_key.logs.arn`,
        'Container logs go to a log group encrypted with the module key.',
      ),
      access.length > 0 &&
        testAssertion(
          `aws_ecs_task_definition.app.task_role_arn == aws_iam_role.app.arn && aws_iam_role_policy.app.role == aws_iam_role.app.id && toset([for statement in data.aws_iam_policy_document.app.statement : statement.sid]) == toset(${hclList(
            statementIds(access.map(grant => grant.statements)),
          )})`,
          'The task role must carry exactly the data-service grants the Kubernetes application role has.',
        ),
      testAssertion(
        `one([for statement in data.aws_iam_policy_document.execution.statement : statement.resources if statement.sid == "ReadSecrets"]) == toset(["${secret}"]) && length([for statement in data.aws_iam_policy_document.execution.statement : statement if statement.sid == "ReadParameters"]) == 0`,
        'The execution role may read exactly the secrets the task names.',
      ),
      testAssertion(
        `try(${container}.repositoryCredentials, null) == null && length([for statement in data.aws_iam_policy_document.execution.statement : statement if statement.sid == "ReadRegistryCredentials"]) == 0`,
        'Without registry credentials the task names none and the execution role reads no registry secret.',
      ),
      testAssertion(
        'aws_vpc_security_group_ingress_rule.tasks_from_load_balancer.referenced_security_group_id == aws_security_group.load_balancer.id && aws_vpc_security_group_ingress_rule.tasks_from_load_balancer.from_port == var.port && aws_vpc_security_group_egress_rule.load_balancer_to_tasks.to_port == var.port',
        'The tasks take traffic from the load balancer only, on the application port.',
      ),
      testAssertion(
        'aws_lb.this.drop_invalid_header_fields && one(aws_lb.this.access_logs).enabled && one(aws_lb.this.access_logs).bucket == aws_s3_bucket.load_balancer_logs.id',
        'The load balancer drops malformed headers and writes access logs.',
      ),
      tls
        ? testAssertion(
            `aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.ssl_policy == "${ALB_TLS_POLICY}" && aws_lb_listener.https.certificate_arn == var.certificate_arn && one(aws_lb_listener.http.default_action).type == "redirect" && one(one(aws_lb_listener.http.default_action).redirect).protocol == "HTTPS" && length(one(aws_lb_listener.http.default_action).forward) == 0`,
            'The application is served over HTTPS (TLS 1.2+) only; plain HTTP is redirected.',
          )
        : testAssertion(
            'aws_lb_listener.http.protocol == "HTTP"',
            'Without a host the load balancer serves plain HTTP.',
          ),
      tls &&
        testAssertion(
          'length(aws_route53_record.host) == 1 && one(aws_route53_record.host[0].alias).name == aws_lb.this.dns_name',
          'The host points at this load balancer.',
        ),
      testAssertion(
        'aws_appautoscaling_target.app.min_capacity == var.desired_count && aws_appautoscaling_target.app.max_capacity == var.max_count && one(aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration).target_value == var.cpu_target && one(one(aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration).predefined_metric_specification).predefined_metric_type == "ECSServiceAverageCPUUtilization" && one(aws_appautoscaling_policy.memory.target_tracking_scaling_policy_configuration).target_value == var.memory_target',
        'Autoscaling keeps between the desired and the maximum count, tracking CPU and memory.',
      ),
      resolved.hpa.latencyMs !== undefined &&
        testAssertion(
          'length(aws_cloudwatch_metric_alarm.latency) == 1 && aws_cloudwatch_metric_alarm.latency[0].threshold == var.latency_target_ms / 1000 && aws_cloudwatch_metric_alarm.latency[0].metric_name == "TargetResponseTime" && aws_cloudwatch_metric_alarm.latency[0].alarm_actions == toset([aws_appautoscaling_policy.latency[0].arn])',
          'A response time above the target adds tasks.',
        ),
    ],
  });
  return [run, privateSource];
}

/** `infra/envs/<env>/aws/tests/day1.tftest.hcl` of a serverless environment: no cluster runs. */
export function awsServerlessEnvironmentTests(
  context: AwsEnvironment,
): FileTree {
  const { spec, environment, services } = context;
  const region = context.resolved.region;
  return {
    [`infra/envs/${environment}/aws/tests/day1.tftest.hcl`]: writeHcl([
      comment(HEADER),
      mockProvider(region, { resources: serverlessMocks(region) }),
      serverlessEnvironmentRun(context),
      networkRun(),
      spec.spec.services.postgres && clusterAccessRun({ cluster: false }),
      services.map(service => service.environmentTests?.(context)),
      serverlessRun(context),
    ]),
  };
}
