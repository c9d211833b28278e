import {
  attr,
  blank,
  block,
  comment,
  data,
  expr,
  resource,
  type HclBlock,
  type HclBody,
} from '../../hcl/hcl';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { moduleFiles } from '../common/moduleFiles';
import { terraformOutput } from '../common/terraformOutput';
import { terraformVariable } from '../common/terraformVariable';
import { commonModuleVariables, placement } from './azureHclBlocks';
import { azureAppPlatformOutputs } from './azureAppPlatformOutputs';
import { azureKeyVaultBlocks } from './azureKeyVaultBlocks';
import { azureLogAnalyticsWorkspace } from './azureLogAnalyticsWorkspace';

/** Folder name (capability) of the serverless compute module on every cloud. */
const SERVERLESS_CAPABILITY = 'serverless';

/** The workload profile the app runs on: Consumption, billed per vCPU-second, GiB-second and request. */
const CONTAINER_APPS_PROFILE = 'Consumption';

/**
 * Whether the Container Apps environment takes traffic from the internet: only with a host and
 * TLS, as on the other clouds (then the host is bound with a managed certificate). Otherwise the
 * environment is internal: its ingress has a private IP in the VNet and nothing outside reaches it.
 */
export function containerAppsExternal(spec: StackSpec): boolean {
  const { host, tls } = spec.spec.app.ingress;
  return host !== undefined && tls === true;
}

function variables(): HclBody {
  return [
    commonModuleVariables(),
    terraformVariable({
      name: 'infrastructure_subnet_id',
      type: 'string',
      description:
        'Subnet delegated to Microsoft.App/environments (at least /27) the environment and its replicas live in.',
    }),
    terraformVariable({
      name: 'vnet_id',
      type: 'string',
      description:
        "VNet of the environment; an internal environment's default domain resolves in it.",
    }),
    terraformVariable({
      name: 'private_endpoints_subnet_id',
      type: 'string',
      description: 'Subnet of the Key Vault private endpoint.',
    }),
    terraformVariable({
      name: 'key_vault_private_dns_zone_id',
      type: 'string',
      description: 'Private DNS zone privatelink.vaultcore.azure.net.',
    }),
    terraformVariable({
      name: 'key_vault_name',
      type: 'string',
      description: 'Globally unique Key Vault name.',
    }),
    terraformVariable({
      name: 'log_retention_days',
      type: 'number',
      description: 'Days the Log Analytics workspace keeps the logs.',
    }),
    terraformVariable({
      name: 'zone_redundant',
      type: 'bool',
      description:
        'Spread the environment over availability zones (fixed at creation).',
    }),
    terraformVariable({
      name: 'external',
      type: 'bool',
      description:
        'Serve the app to the internet (a host with TLS); false keeps the environment internal to the VNet.',
    }),
    terraformVariable({
      name: 'registry_server',
      type: 'string',
      description:
        "Login server of the stack's container registry, which the app identity pulls from (AcrPull); null for none.",
      default: expr('null'),
    }),
    terraformVariable({
      name: 'image',
      type: 'string',
      description:
        'Image of the first revision, which must be pullable when the app is created: a public placeholder listening on PORT with a registry (make image-push fills it after the apply), else spec.app.image. Later images come from `make deploy` (az containerapp update); Terraform leaves them alone.',
    }),
    terraformVariable({
      name: 'port',
      type: 'number',
      description: 'Port the container listens on (the ingress target port).',
    }),
    terraformVariable({
      name: 'health_path',
      type: 'string',
      description: 'HTTP path of the startup, readiness and liveness probes.',
    }),
    terraformVariable({
      name: 'cpu',
      type: 'number',
      description:
        'vCPUs of the container: 0.25 to 4 in steps of 0.25 (Consumption profile).',
      validations: [
        {
          condition:
            'var.cpu >= 0.25 && var.cpu <= 4 && floor(var.cpu * 4) == var.cpu * 4',
          message: 'cpu must be 0.25 to 4 in steps of 0.25.',
        },
      ],
    }),
    terraformVariable({
      name: 'memory',
      type: 'string',
      description:
        'Memory of the container, twice the vCPUs in GiB (e.g. 1Gi for 0.5 vCPU).',
      validations: [
        {
          condition: 'var.memory == "${var.cpu * 2}Gi"',
          message:
            'memory must be twice cpu in GiB (the Consumption profile fixes the ratio), e.g. 1Gi for cpu 0.5.',
        },
      ],
    }),
    terraformVariable({
      name: 'min_replicas',
      type: 'number',
      description:
        'Replicas kept running at rest (spec.app.hpa.min); at least 1, the CPU and memory rules cannot scale from zero.',
      validations: [
        {
          condition: 'var.min_replicas >= 1',
          message: 'min_replicas must be at least 1.',
        },
      ],
    }),
    terraformVariable({
      name: 'max_replicas',
      type: 'number',
      description: 'Most replicas the scale rules start (spec.app.hpa.max).',
      validations: [
        {
          condition:
            'var.max_replicas >= var.min_replicas && var.max_replicas <= 1000',
          message: 'max_replicas must be between min_replicas and 1000.',
        },
      ],
    }),
    terraformVariable({
      name: 'concurrency',
      type: 'number',
      description:
        'Concurrent HTTP requests per replica above which the HTTP scale rule adds replicas.',
    }),
    terraformVariable({
      name: 'cpu_utilization',
      type: 'number',
      description: 'Average CPU utilisation (%) the CPU scale rule keeps.',
    }),
    terraformVariable({
      name: 'memory_utilization',
      type: 'number',
      description:
        'Average memory utilisation (%) the memory scale rule keeps; null for no memory rule.',
      default: expr('null'),
    }),
    terraformVariable({
      name: 'env',
      type: 'map(string)',
      description:
        'Plain settings: the infrastructure endpoints and spec.app.env. Never secrets (see key_vault_secrets).',
    }),
    terraformVariable({
      name: 'identity_name_variables',
      type: 'list(string)',
      description:
        "Variables set to the app identity's name (e.g. DATABASE_USER: its PostgreSQL role).",
      default: [],
    }),
    terraformVariable({
      name: 'key_vault_secrets',
      type: 'map(string)',
      description:
        'Variables read from Key Vault by reference: name => versionless secret ID in this Key Vault. The values never pass through Terraform.',
      default: {},
    }),
  ];
}

function identityAndLogs(): HclBody {
  return [
    data('azurerm_client_config', 'current', []),
    comment(
      [
        "The application's identity: the data services' modules grant their roles to it (PostgreSQL",
        'Entra authentication, Redis, Event Hubs, Blob), exactly as on AKS, where pods use it through',
        'workload identity. Here the container app runs as it, pulls its image with it and reads',
        'Key Vault references with it.',
      ].join('\n'),
    ),
    resource('azurerm_user_assigned_identity', 'app', [
      attr('name', expr('"${var.name_prefix}-app"')),
      placement(),
      attr('tags', expr('var.tags')),
    ]),
    azureLogAnalyticsWorkspace('Console and system logs of the container app'),
  ];
}

function environmentBlocks(): HclBody {
  return [
    comment(
      [
        'A workload profiles environment in the stack VNet: its infrastructure subnet is delegated to',
        'Microsoft.App/environments and leaves through the NAT gateway. The app runs on the',
        'Consumption profile (no dedicated nodes, no management fee). Internal unless the app has a',
        'host with TLS: then the ingress has a public IP and serves HTTPS only.',
      ].join('\n'),
    ),
    resource('azurerm_container_app_environment', 'this', [
      attr('name', expr('"${var.name_prefix}-aca"')),
      placement(),
      attr('infrastructure_subnet_id', expr('var.infrastructure_subnet_id')),
      attr('internal_load_balancer_enabled', expr('!var.external')),
      attr('public_network_access', expr('var.external ? "Enabled" : null')),
      attr('zone_redundancy_enabled', expr('var.zone_redundant')),
      attr('logs_destination', 'log-analytics'),
      attr(
        'log_analytics_workspace_id',
        expr('azurerm_log_analytics_workspace.this.id'),
      ),
      block(
        'workload_profile',
        [],
        [
          attr('name', CONTAINER_APPS_PROFILE),
          attr('workload_profile_type', CONTAINER_APPS_PROFILE),
        ],
      ),
      attr('tags', expr('var.tags')),
    ]),
    comment(
      [
        'An internal environment answers on a private IP under its default domain: the zone makes',
        '<app>.<default domain> resolve inside the VNet (and nowhere else).',
      ].join('\n'),
    ),
    resource('azurerm_private_dns_zone', 'environment', [
      attr('count', expr('var.external ? 0 : 1')),
      attr(
        'name',
        expr('azurerm_container_app_environment.this.default_domain'),
      ),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_private_dns_a_record', 'environment', [
      attr('count', expr('var.external ? 0 : 1')),
      attr('name', '*'),
      attr('zone_name', expr('azurerm_private_dns_zone.environment[0].name')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr('ttl', 300),
      attr('records', [
        expr('azurerm_container_app_environment.this.static_ip_address'),
      ]),
      attr('tags', expr('var.tags')),
    ]),
    resource('azurerm_private_dns_zone_virtual_network_link', 'environment', [
      attr('count', expr('var.external ? 0 : 1')),
      attr('name', expr('"${var.name_prefix}-aca"')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr(
        'private_dns_zone_name',
        expr('azurerm_private_dns_zone.environment[0].name'),
      ),
      attr('virtual_network_id', expr('var.vnet_id')),
      attr('registration_enabled', false),
      attr('tags', expr('var.tags')),
    ]),
  ];
}

function probe(
  kind: 'startup_probe' | 'readiness_probe' | 'liveness_probe',
  options: { intervalSeconds: number; failureCount: number },
) {
  return block(
    kind,
    [],
    [
      attr('transport', 'HTTP'),
      attr('path', expr('var.health_path')),
      attr('port', expr('var.port')),
      attr('interval_seconds', options.intervalSeconds),
      attr('timeout', 2),
      attr('failure_count_threshold', options.failureCount),
    ],
  );
}

function dynamicBlock(
  name: string,
  forEach: string,
  content: HclBody,
): HclBlock {
  return block(
    'dynamic',
    [name],
    [attr('for_each', expr(forEach)), block('content', [], content)],
  );
}

function containerApp(): HclBody {
  return [
    comment(
      [
        'Revision mode Multiple: every deploy is a new revision and the previous ones stay (up to',
        'max_inactive_revisions), so `make rollback` moves the traffic back to one in seconds.',
      ].join('\n'),
    ),
    resource('azurerm_container_app', 'this', [
      attr('name', expr('var.name_prefix')),
      attr('resource_group_name', expr('var.resource_group_name')),
      attr(
        'container_app_environment_id',
        expr('azurerm_container_app_environment.this.id'),
      ),
      attr('workload_profile_name', CONTAINER_APPS_PROFILE),
      attr('revision_mode', 'Multiple'),
      attr('max_inactive_revisions', 10),
      attr('tags', expr('var.tags')),
      blank(),
      block(
        'identity',
        [],
        [
          attr('type', 'UserAssigned'),
          attr('identity_ids', [expr('azurerm_user_assigned_identity.app.id')]),
        ],
      ),
      comment(
        'Images come from the stack registry with the app identity (AcrPull): no admin user, no password.',
      ),
      dynamicBlock(
        'registry',
        'var.registry_server == null ? [] : [var.registry_server]',
        [
          attr('server', expr('registry.value')),
          attr('identity', expr('azurerm_user_assigned_identity.app.id')),
        ],
      ),
      comment(
        'Secrets are Key Vault references read with the app identity at revision start; Terraform\nnever sees their values.',
      ),
      dynamicBlock('secret', 'var.key_vault_secrets', [
        attr('name', expr('lower(replace(secret.key, "_", "-"))')),
        attr('key_vault_secret_id', expr('secret.value')),
        attr('identity', expr('azurerm_user_assigned_identity.app.id')),
      ]),
      blank(),
      block(
        'ingress',
        [],
        [
          attr('external_enabled', expr('var.external')),
          attr('target_port', expr('var.port')),
          attr('transport', 'auto'),
          comment(
            'HTTP is redirected to HTTPS; nothing is served in clear text.',
          ),
          attr('allow_insecure_connections', false),
          block(
            'traffic_weight',
            [],
            [attr('latest_revision', true), attr('percentage', 100)],
          ),
        ],
      ),
      blank(),
      block(
        'template',
        [],
        [
          attr('min_replicas', expr('var.min_replicas')),
          attr('max_replicas', expr('var.max_replicas')),
          comment(
            [
              'KEDA scale rules: concurrent HTTP requests per replica, average CPU and (when set) memory',
              'utilisation; the replica count is the highest any rule asks for. Latency has no rule here.',
            ].join('\n'),
          ),
          block(
            'http_scale_rule',
            [],
            [
              attr('name', 'http-concurrency'),
              attr('concurrent_requests', expr('tostring(var.concurrency)')),
            ],
          ),
          block(
            'custom_scale_rule',
            [],
            [
              attr('name', 'cpu'),
              attr('custom_rule_type', 'cpu'),
              attr('metadata', {
                type: 'Utilization',
                value: expr('tostring(var.cpu_utilization)'),
              }),
            ],
          ),
          dynamicBlock(
            'custom_scale_rule',
            'var.memory_utilization == null ? [] : [var.memory_utilization]',
            [
              attr('name', 'memory'),
              attr('custom_rule_type', 'memory'),
              attr('metadata', {
                type: 'Utilization',
                value: expr('tostring(custom_scale_rule.value)'),
              }),
            ],
          ),
          blank(),
          block(
            'container',
            [],
            [
              attr('name', 'app'),
              attr('image', expr('var.image')),
              attr('cpu', expr('var.cpu')),
              attr('memory', expr('var.memory')),
              comment(
                'AZURE_CLIENT_ID selects the app identity for the Azure SDKs (DefaultAzureCredential),\nas the workload identity webhook does on AKS.',
              ),
              dynamicBlock(
                'env',
                'merge(var.env, { for name in var.identity_name_variables : name => azurerm_user_assigned_identity.app.name }, { AZURE_CLIENT_ID = azurerm_user_assigned_identity.app.client_id })',
                [
                  attr('name', expr('env.key')),
                  attr('value', expr('env.value')),
                ],
              ),
              dynamicBlock('env', 'var.key_vault_secrets', [
                attr('name', expr('env.key')),
                attr('secret_name', expr('lower(replace(env.key, "_", "-"))')),
              ]),
              probe('startup_probe', { intervalSeconds: 5, failureCount: 10 }),
              probe('readiness_probe', {
                intervalSeconds: 10,
                failureCount: 3,
              }),
              probe('liveness_probe', { intervalSeconds: 10, failureCount: 3 }),
            ],
          ),
        ],
      ),
      blank(),
      comment(
        'Key Vault references resolve at revision start: the app identity must read secrets first.',
      ),
      attr('depends_on', [
        expr('azurerm_role_assignment.app_key_vault_secrets'),
      ]),
      block(
        'lifecycle',
        [],
        [
          comment(
            [
              '`make deploy` sets the image (az containerapp update) and `make rollback` the traffic',
              'weights (az containerapp ingress traffic set); an apply must not undo either.',
            ].join('\n'),
          ),
          attr('ignore_changes', [
            expr('template[0].container[0].image'),
            expr('template[0].revision_suffix'),
            expr('ingress[0].traffic_weight'),
          ]),
        ],
      ),
    ]),
  ];
}

function outputs(): HclBody {
  return [
    azureAppPlatformOutputs(),
    terraformOutput({
      name: 'environment_id',
      description:
        'ID of the Container Apps environment (the database role job runs in it).',
      value: 'azurerm_container_app_environment.this.id',
    }),
    terraformOutput({
      name: 'container_app_id',
      description: 'Resource ID of the container app (its alerts watch it).',
      value: 'azurerm_container_app.this.id',
    }),
    terraformOutput({
      name: 'container_app_name',
      description:
        'Name of the container app (az containerapp update / ingress traffic set).',
      value: 'azurerm_container_app.this.name',
    }),
    terraformOutput({
      name: 'container_app_fqdn',
      description:
        'Host name of the app under the environment domain (private to the VNet when internal).',
      value: 'azurerm_container_app.this.ingress[0].fqdn',
    }),
    terraformOutput({
      name: 'environment_ip_address',
      description:
        "IP address of the environment's ingress: public when external (point the host's DNS record here), else private.",
      value: 'azurerm_container_app_environment.this.static_ip_address',
    }),
    terraformOutput({
      name: 'custom_domain_verification_id',
      description:
        'Value of the asuid.<host> TXT record Azure checks before it binds the host and issues its managed certificate.',
      value:
        'azurerm_container_app_environment.this.custom_domain_verification_id',
    }),
  ];
}

/**
 * The serverless module on Azure (`infra/modules/serverless/azure`): the application's identity,
 * Log Analytics workspace and Key Vault (which live in the cluster module on AKS), a workload
 * profiles Container Apps environment in the stack VNet, the container app running as that
 * identity (images from the stack registry, secrets as Key Vault references, probes on the health
 * path, KEDA scale rules from spec.app.hpa, revision mode Multiple for rollbacks). Its alerts are infra/modules/serverless-monitoring/azure.
 */
export function azureServerlessModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: SERVERLESS_CAPABILITY,
    description:
      'Serverless compute of one environment: Azure Container Apps in the VNet, with the app identity, Key Vault and logs.',
    variables: variables(),
    main: [
      identityAndLogs(),
      azureKeyVaultBlocks(),
      environmentBlocks(),
      containerApp(),
    ],
    outputs: outputs(),
  });
}
