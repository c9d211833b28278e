import {
  attr,
  blank,
  comment,
  expr,
  type HclBody,
  type HclExpression,
} from '../../hcl/hcl';
import { appServiceVariables } from '../../kustomize/appServiceVariables';
import { appSettings } from '../../spec/appSettings';
import { environmentMap, rootOutputValue } from '../common/rootOutputValue';
import { variableRef, type RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import { firstRevisionImage } from '../common/firstRevisionImage';
import { containerAppSize } from './containerAppSize';
import type { AzureEnvironment } from './azureService';
import { containerAppsExternal } from './azureServerlessModule';

const SERVERLESS_MODULE = 'serverless';

/** Concurrent HTTP requests per replica above which Container Apps adds one (its default is 10). */
export const CONTAINER_APPS_CONCURRENCY = 50;

/**
 * The root's `app` variable of a serverless Azure environment: the first image, port, health path,
 * container size (the limits rounded to what the Consumption profile accepts) and the scale rules'
 * bounds and targets (spec.app.hpa). Creating the app provisions its first revision, and an image
 * Container Apps cannot pull fails the create ("Failed to provision revision"), so with a registry
 * the first revision runs the public placeholder (firstRevisionImage) on PORT: the stack registry
 * is empty until `make image-push` after the first apply, and `make deploy` then rolls out the
 * application's copy by digest.
 */
function containerAppVariable(context: AzureEnvironment): RootVariable {
  const { spec, environment, resolved } = context;
  const settings = appSettings({ spec, environment });
  const size = containerAppSize(settings.resources);
  return {
    name: 'app',
    type: [
      'object({',
      '    image              = string',
      '    port               = number',
      '    health_path        = string',
      '    cpu                = number',
      '    memory             = string',
      '    min_replicas       = number',
      '    max_replicas       = number',
      '    concurrency        = number',
      '    cpu_utilization    = number',
      '    memory_utilization = number',
      '  })',
    ].join('\n'),
    description:
      'The container app: first image, port, health path, container size and scale rules (spec.app and spec.app.hpa; memory_utilization null for no memory rule).',
    value: {
      image: firstRevisionImage(spec),
      port: settings.port,
      health_path: spec.spec.app.healthPath,
      cpu: size.cpu,
      memory: `${size.memoryGib}Gi`,
      min_replicas: resolved.hpa.min,
      max_replicas: resolved.hpa.max,
      concurrency: CONTAINER_APPS_CONCURRENCY,
      cpu_utilization: resolved.hpa.cpu,
      memory_utilization: resolved.hpa.memory ?? expr('null'),
    },
    validations: [
      {
        condition: 'var.app.min_replicas <= var.app.max_replicas',
        message: 'app.min_replicas must not exceed app.max_replicas.',
      },
    ],
  };
}

/**
 * What a serverless environment adds to its Azure root in the cluster's place: the `app` and
 * `app_env` variables (from the layered app settings, so one edit of skyforge.yaml changes Compose,
 * the Kustomize ConfigMap and these), the arguments of the serverless module call (the same service
 * outputs the Kubernetes target reads into services.env wired into the container's environment)
 * and its outputs.
 */
export function azureServerlessRoot(
  context: AzureEnvironment,
  serviceOutputs: HclBody,
): {
  variables: RootVariable[];
  arguments: HclBody;
  outputs: HclBody;
} {
  const { spec, environment } = context;
  const settings = appSettings({ spec, environment });
  const app = containerAppVariable(context);
  const appEnv: RootVariable = {
    name: 'app_env',
    type: 'map(string)',
    description:
      'Plain settings of the application (spec.app.env with spec.overrides.<environment>.app.env); never secrets.',
    value: settings.env,
  };
  const services = appServiceVariables(spec, 'azure').map(
    variable =>
      [variable.name, rootOutputValue(serviceOutputs, variable.output)] as [
        string,
        HclExpression,
      ],
  );
  // A variable carrying the app identity's name (the PostgreSQL role) is set inside the module:
  // the module's input cannot be read from its own output.
  const identityName = `module.${SERVERLESS_MODULE}.app_identity_name`;
  // PORT as Cloud Run sets it (and the Kubernetes ConfigMap): the ingress target port, which the
  // first revision's placeholder listens on too.
  const plain: Array<[string, HclExpression | string]> = [
    ['PORT', expr(`tostring(${variableRef(app, 'port').text})`)],
    ['ENVIRONMENT', environment],
    ['CLOUD', 'azure'],
    ...services.filter(([, value]) => value.text !== identityName),
  ];
  const identityNameVariables = services
    .filter(([, value]) => value.text === identityName)
    .map(([name]) => name);

  const args: HclBody = [
    attr(
      'infrastructure_subnet_id',
      expr('module.network.container_apps_subnet_id'),
    ),
    attr('vnet_id', expr('module.network.vnet_id')),
    attr(
      'private_endpoints_subnet_id',
      expr('module.network.private_endpoints_subnet_id'),
    ),
    attr(
      'key_vault_private_dns_zone_id',
      expr('module.network.private_dns_zone_ids["key_vault"]'),
    ),
    attr('key_vault_name', expr('var.key_vault_name')),
    attr('log_retention_days', expr('var.log_retention_days')),
    attr('zone_redundant', expr('var.high_availability')),
    containerAppsExternal(spec)
      ? comment(
          `External: HTTPS for ${spec.spec.app.ingress.host} (bind it with its managed certificate, docs/operations.md).`,
        )
      : comment(
          'Internal: reachable from the VNet only (no host with TLS in spec.app.ingress).',
        ),
    attr('external', containerAppsExternal(spec)),
    spec.spec.services.registry &&
      attr('registry_server', expr('module.registry.login_server')),
    blank(),
    attr('image', variableRef(app, 'image')),
    attr('port', variableRef(app, 'port')),
    attr('health_path', variableRef(app, 'health_path')),
    attr('cpu', variableRef(app, 'cpu')),
    attr('memory', variableRef(app, 'memory')),
    attr('min_replicas', variableRef(app, 'min_replicas')),
    attr('max_replicas', variableRef(app, 'max_replicas')),
    attr('concurrency', variableRef(app, 'concurrency')),
    attr('cpu_utilization', variableRef(app, 'cpu_utilization')),
    attr('memory_utilization', variableRef(app, 'memory_utilization')),
    blank(),
    comment(
      'What the Kubernetes target puts in services.env and the ConfigMap, then spec.app.env.',
    ),
    attr('env', expr(`merge(${environmentMap(plain)}, var.app_env)`)),
    identityNameVariables.length > 0 &&
      attr('identity_name_variables', identityNameVariables),
  ];

  const outputs: HclBody = [
    terraformOutput({
      name: 'container_app_name',
      description:
        'Container app of the application (make deploy / make rollback).',
      value: 'module.serverless.container_app_name',
    }),
    terraformOutput({
      name: 'container_app_fqdn',
      description:
        'Host name of the app under the Container Apps environment domain.',
      value: 'module.serverless.container_app_fqdn',
    }),
    terraformOutput({
      name: 'environment_ip_address',
      description:
        "IP address of the Container Apps ingress: public when external (point the host's DNS record here), else private.",
      value: 'module.serverless.environment_ip_address',
    }),
    terraformOutput({
      name: 'custom_domain_verification_id',
      description:
        'Value of the asuid.<host> TXT record Azure checks before it binds the host.',
      value: 'module.serverless.custom_domain_verification_id',
    }),
    terraformOutput({
      name: 'app_identity_client_id',
      description: 'Client ID of the application identity.',
      value: 'module.serverless.app_identity_client_id',
    }),
    terraformOutput({
      name: 'key_vault_uri',
      description: 'URI of the application Key Vault.',
      value: 'module.serverless.key_vault_uri',
    }),
    terraformOutput({
      name: 'key_vault_name',
      description: 'Name of the application Key Vault.',
      value: 'var.key_vault_name',
    }),
  ];

  return { variables: [app, appEnv], arguments: args, outputs };
}
