import { ecrRepositoryArn } from '../../spec/registryCredentials';
import {
  attr,
  blank,
  comment,
  expr,
  type HclBody,
  type HclNode,
} from '../../hcl/hcl';
import { ingressHasTls } from '../../kustomize/appIngress';
import { appServiceVariables } from '../../kustomize/appServiceVariables';
import { appSettings } from '../../spec/appSettings';
import { SERVERLESS_RESOURCE_TYPE } from '../../spec/computeTarget';
import { capabilityTags } from '../../tags';
import type { RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import { awsAppAccess, type AwsEnvironment } from './awsService';
import { fargateTaskSize } from './fargateTaskSize';
import { DEFAULT_SERVERLESS_MEMORY_TARGET } from './awsServerlessModule';

/** The port PostgreSQL listens on, which the tasks reach like the pods do. */
const POSTGRES_PORT = 5432;

/** The terraform.tfvars values of a serverless environment: the app settings and its scaling. */
export function awsServerlessVariables(
  context: AwsEnvironment,
): RootVariable[] {
  const { spec, environment, resolved } = context;
  const settings = appSettings({ spec, environment });
  const size = fargateTaskSize(settings.resources.requests);
  const { hpa } = resolved;
  const section = 'serverless';
  return [
    {
      name: 'app_image',
      type: 'string',
      description:
        'Image of the first task definition revision (spec.app.image); make deploy registers the next ones.',
      value: spec.spec.app.image,
    },
    {
      name: 'app_port',
      type: 'number',
      description: 'Port the application listens on (spec.app.port).',
      value: settings.port,
    },
    {
      name: 'app_env',
      type: 'map(string)',
      description:
        'Settings of the application (spec.app.env with spec.overrides.<env>.app.env on top). Never secrets.',
      value: settings.env,
    },
    {
      name: 'app_secrets',
      type: 'map(string)',
      description:
        'Secret environment variables: name => ARN of a Secrets Manager secret or SSM parameter (never a value).',
      value: {},
    },
    {
      name: 'task_cpu',
      type: 'number',
      description: `CPU units per task: the smallest Fargate size holding the container requests (${settings.resources.requests.cpu} CPU), so the CPU target means what it means for the HPA.`,
      value: size.cpu,
    },
    {
      name: 'task_memory',
      type: 'number',
      description: `Memory per task in MiB: the smallest Fargate size for task_cpu holding ${settings.resources.requests.memory}.`,
      value: size.memory,
    },
    {
      name: 'desired_count',
      type: 'number',
      description: 'Tasks at rest (spec.app.hpa.min): what COST.md prices.',
      value: hpa.min,
    },
    {
      name: 'max_count',
      type: 'number',
      description: 'Most tasks autoscaling starts (spec.app.hpa.max).',
      value: hpa.max,
      validations: [
        {
          condition: 'var.max_count >= var.desired_count',
          message: 'max_count must be at least desired_count.',
        },
      ],
    },
    {
      name: 'cpu_target',
      type: 'number',
      description: 'Average CPU utilisation to keep, % (spec.app.hpa.cpu).',
      value: hpa.cpu,
    },
    {
      name: 'memory_target',
      type: 'number',
      description: `Average memory utilisation to keep, % (spec.app.hpa.memory, ${DEFAULT_SERVERLESS_MEMORY_TARGET} when unset).`,
      value: hpa.memory ?? DEFAULT_SERVERLESS_MEMORY_TARGET,
    },
    {
      name: 'latency_target_ms',
      type: 'number',
      description:
        'Average response time above which tasks are added, ms (spec.app.hpa.latencyMs); null: none.',
      value: hpa.latencyMs ?? expr('null'),
    },
  ].map(variable => ({ ...variable, section }));
}

/** `{ name: value expression }` of the `output` blocks of a root body. */
function outputValues(body: HclBody): Map<string, string> {
  const values = new Map<string, string>();
  const visit = (items: HclBody) => {
    for (const item of items) {
      if (!item) continue;
      if (Array.isArray(item)) {
        visit(item);
        continue;
      }
      const node = item as HclNode;
      if (node.kind !== 'block' || node.type !== 'output') continue;
      for (const child of node.body) {
        const attribute = child as HclNode;
        if (
          attribute &&
          !Array.isArray(child) &&
          attribute.kind === 'attribute' &&
          attribute.name === 'value'
        ) {
          values.set(
            node.labels[0],
            (attribute.value as { text: string }).text,
          );
        }
      }
    }
  };
  visit(body);
  return values;
}

/**
 * The environment of the container: the same names the Kubernetes ConfigMap carries (PORT,
 * ENVIRONMENT, CLOUD, the layered settings, the data-service endpoints), read straight from the
 * module outputs instead of through `services.env`.
 */
function containerEnvironment(
  context: AwsEnvironment,
  rootOutputs: HclBody,
): HclBody {
  const { spec, environment } = context;
  const values = outputValues(rootOutputs);
  const endpoints = Object.fromEntries(
    appServiceVariables(spec, 'aws').map(variable => {
      const value = values.get(variable.output);
      if (value === undefined) {
        throw new Error(
          `The AWS root has no output ${variable.output} for ${variable.name}`,
        );
      }
      return [variable.name, expr(value)];
    }),
  );
  return [
    comment(
      'The application contract: the ConfigMap names of the Kubernetes targets, plain values only.',
    ),
    attr('settings', expr('var.app_env')),
    attr('environment', {
      PORT: expr('tostring(var.app_port)'),
      ENVIRONMENT: environment,
      CLOUD: 'aws',
      ...endpoints,
    }),
    attr('secrets', expr('var.app_secrets')),
  ];
}

/** The egress ports of the data services the tasks reach inside the VPC. */
function egressPorts(
  context: AwsEnvironment,
): Array<{ description: string; port: number }> {
  return [
    ...(context.spec.spec.services.postgres
      ? [
          {
            description: `RDS PostgreSQL (TLS on ${POSTGRES_PORT})`,
            port: POSTGRES_PORT,
          },
        ]
      : []),
    ...context.services.flatMap(service =>
      service.egress ? [service.egress] : [],
    ),
  ];
}

/** The root's `module "serverless"` arguments (after `source`). */
export function awsServerlessArguments(
  context: AwsEnvironment,
  rootOutputs: HclBody,
): HclBody {
  const { spec } = context;
  const tls = ingressHasTls(spec);
  const { app } = spec.spec;
  return [
    attr('name', expr('local.name')),
    attr('vpc_id', expr('module.network.vpc_id')),
    attr('vpc_cidr', expr('module.network.vpc_cidr')),
    attr('private_subnet_ids', expr('module.network.private_subnet_ids')),
    attr('public_subnet_ids', expr('module.network.public_subnet_ids')),
    blank(),
    attr('image', expr('var.app_image')),
    attr('port', expr('var.app_port')),
    attr('health_path', app.healthPath),
    containerEnvironment(context, rootOutputs),
    attr('task_cpu', expr('var.task_cpu')),
    attr('task_memory', expr('var.task_memory')),
    blank(),
    attr('desired_count', expr('var.desired_count')),
    attr('min_count', expr('var.desired_count')),
    attr('max_count', expr('var.max_count')),
    attr('cpu_target', expr('var.cpu_target')),
    attr('memory_target', expr('var.memory_target')),
    attr('latency_target_ms', expr('var.latency_target_ms')),
    blank(),
    attr('log_retention_days', expr('var.log_retention_days')),
    attr('deletion_protection', expr('var.deletion_protection')),
    attr('force_destroy', expr('var.teardown')),
    spec.spec.services.registry
      ? attr('registry_repository_arn', expr('module.registry.repository_arn'))
      : attr('registry_repository_arn', ecrRepositoryArn(app.image)),
    attr('registry_credentials', app.registryCredentials),
    attr('egress_ports', egressPorts(context)),
    tls && [
      blank(),
      attr('certificate_arn', expr('module.ingress.certificate_arn')),
      attr('host', app.ingress.host),
      attr('route53_zone_id', expr('var.route53_zone_id')),
      attr('create_host_record', expr('var.create_host_record')),
    ],
    blank(),
    comment(
      'Cost attribution of the service, its tasks and its load balancer.',
    ),
    attr('service_tags', capabilityTags({ type: SERVERLESS_RESOURCE_TYPE })),
    awsAppAccess(context.services).map(access => access.arguments),
    tls && [
      blank(),
      comment(
        'The HTTPS listener needs an issued certificate: wait for its DNS validation.',
      ),
      attr('depends_on', [expr('module.ingress')]),
    ],
  ];
}

/** The outputs of a serverless root: what make deploy and people read. */
export function awsServerlessOutputs(): HclBody {
  return [
    terraformOutput({
      name: 'service_name',
      description:
        'ECS service of the application: make deploy and make rollback act on it.',
      value: 'module.serverless.service_name',
    }),
    terraformOutput({
      name: 'task_definition_arn',
      description:
        'Task definition revision Terraform manages (the settings): make deploy builds each release from it.',
      value: 'module.serverless.task_definition_arn',
    }),
    terraformOutput({
      name: 'app_role_arn',
      description: "IAM role of the application's tasks (ECS task role).",
      value: 'module.serverless.task_role_arn',
    }),
    terraformOutput({
      name: 'load_balancer_dns_name',
      description:
        'DNS name of the Application Load Balancer in front of the service.',
      value: 'module.serverless.load_balancer_dns_name',
    }),
    terraformOutput({
      name: 'application_log_group',
      description: 'CloudWatch log group of the containers.',
      value: 'module.serverless.log_group_name',
    }),
  ];
}
