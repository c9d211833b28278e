import {
  attr,
  blank,
  comment,
  expr,
  type HclBody,
  type HclExpression,
} from '../../hcl/hcl';
import { environmentMap, rootOutputValue } from '../common/rootOutputValue';
import { appServiceVariables } from '../../kustomize/appServiceVariables';
import { gcpAppServiceAccountId, gcpIngressNames } from '../../naming';
import { appSettings } from '../../spec/appSettings';
import { SERVERLESS_RESOURCE_TYPE } from '../../spec/computeTarget';
import { capabilityTags } from '../../tags';
import { moduleCall } from '../common/environmentRoot';
import { variableRef, type RootVariable } from '../common/rootVariable';
import { terraformOutput } from '../common/terraformOutput';
import { firstRevisionImage } from '../common/firstRevisionImage';
import { cloudRunTargetSize } from './cloudRunResources';
import { gcpModuleBaseArguments } from './gcpModuleBase';
import type { GcpEnvironment } from './gcpService';
import {
  cloudRunBehindLoadBalancer,
  SERVERLESS_CAPABILITY,
} from './gcpServerlessModule';

/** Requests one Cloud Run instance serves at once (Cloud Run's default). */
export const CLOUD_RUN_CONCURRENCY = 80;

/**
 * The root's `app` variable of a serverless environment: the Cloud Run service's first image,
 * port, health path, instance size (the container limits rounded to what Cloud Run accepts) and
 * scaling bounds (spec.app.hpa).
 */
export function cloudRunAppVariable(context: GcpEnvironment): RootVariable {
  const { spec, environment, resolved } = context;
  const settings = appSettings({ spec, environment });
  const size = cloudRunTargetSize(spec, environment);
  return {
    name: 'app',
    type: [
      'object({',
      '    image         = string',
      '    port          = number',
      '    health_path   = string',
      '    cpu           = number',
      '    memory        = string',
      '    min_instances = number',
      '    max_instances = number',
      '    concurrency   = number',
      '  })',
    ].join('\n'),
    description:
      'The Cloud Run service: first image, port, health path, instance size and scaling bounds (spec.app and spec.app.hpa).',
    value: {
      image: firstRevisionImage(spec),
      port: settings.port,
      health_path: spec.spec.app.healthPath,
      cpu: size.cpu,
      memory: `${size.memoryMib}Mi`,
      min_instances: resolved.hpa.min,
      max_instances: resolved.hpa.max,
      concurrency: CLOUD_RUN_CONCURRENCY,
    },
    validations: [
      {
        condition: 'var.app.min_instances <= var.app.max_instances',
        message: 'app.min_instances must not exceed app.max_instances.',
      },
    ],
  };
}

/**
 * What a serverless environment adds to its GCP root in the cluster's place: the `app` and
 * `app_env` variables (from the layered app settings, so one edit of skyforge.yaml changes Compose,
 * the Kustomize ConfigMap and these), the serverless module call wiring the service outputs into
 * the container's environment, and its outputs.
 */
export function gcpServerlessRoot(
  context: GcpEnvironment,
  serviceOutputs: HclBody,
): { variables: RootVariable[]; main: HclBody; outputs: HclBody } {
  const { spec, environment } = context;
  const name = spec.metadata.name;
  const settings = appSettings({ spec, environment });
  const loadBalancer = cloudRunBehindLoadBalancer(spec);
  const ingress = gcpIngressNames({ name, environment });

  const app = cloudRunAppVariable(context);
  const appEnv: RootVariable = {
    name: 'app_env',
    type: 'map(string)',
    description:
      'Plain settings of the application (spec.app.env with spec.overrides.<environment>.app.env); never secrets.',
    value: settings.env,
  };

  // The same variables the Kubernetes overlay's services.env carries, read from the same outputs.
  const plain: Array<[string, HclExpression | string]> = [
    ['ENVIRONMENT', environment],
    ['CLOUD', 'gcp'],
    ...appServiceVariables(spec, 'gcp').map(
      variable =>
        [variable.name, rootOutputValue(serviceOutputs, variable.output)] as [
          string,
          HclExpression,
        ],
    ),
  ];
  const secrets: Array<[string, HclExpression]> = context.services.flatMap(
    service =>
      (service.secretVariables ?? []).map(
        variable =>
          [variable.name, rootOutputValue(serviceOutputs, variable.output)] as [
            string,
            HclExpression,
          ],
      ),
  );

  const main: HclBody = [
    moduleCall({
      cloud: 'gcp',
      capability: SERVERLESS_CAPABILITY,
      arguments: [
        gcpModuleBaseArguments({
          labels: capabilityTags({ type: SERVERLESS_RESOURCE_TYPE }),
        }),
        attr('deletion_protection', expr('var.deletion_protection')),
        blank(),
        attr('network_id', expr('module.network.network_id')),
        attr('subnetwork_id', expr('module.network.subnetwork_id')),
        attr(
          'app_service_account_id',
          gcpAppServiceAccountId({ name, environment }),
        ),
        blank(),
        attr('image', variableRef(app, 'image')),
        attr('port', variableRef(app, 'port')),
        attr('health_path', variableRef(app, 'health_path')),
        attr('cpu', variableRef(app, 'cpu')),
        attr('memory', variableRef(app, 'memory')),
        attr('min_instances', variableRef(app, 'min_instances')),
        attr('max_instances', variableRef(app, 'max_instances')),
        attr('concurrency', variableRef(app, 'concurrency')),
        blank(),
        comment(
          'What the Kubernetes target puts in services.env and the ConfigMap, then spec.app.env.',
        ),
        attr('env', expr(`merge(${environmentMap(plain)}, var.app_env)`)),
        attr('secret_env', expr(environmentMap(secrets))),
        loadBalancer && [
          blank(),
          attr('host', spec.spec.app.ingress.host),
          attr('ingress_address_name', ingress.address),
          attr('ssl_policy_name', ingress.sslPolicy),
        ],
      ],
    }),
  ];

  const outputs: HclBody = [
    terraformOutput({
      name: 'app_service_account_email',
      description: 'Google service account the Cloud Run service runs as.',
      value: `module.${SERVERLESS_CAPABILITY}.app_service_account_email`,
    }),
    terraformOutput({
      name: 'service_name',
      description:
        'Cloud Run service of the application (make deploy / make rollback).',
      value: `module.${SERVERLESS_CAPABILITY}.service_name`,
    }),
    terraformOutput({
      name: 'service_uri',
      description: 'run.app URL of the service.',
      value: `module.${SERVERLESS_CAPABILITY}.service_uri`,
    }),
    loadBalancer &&
      terraformOutput({
        name: 'ingress_ip_address',
        description:
          'Global IP address of the load balancer: point the DNS record of the host here.',
        value: `module.${SERVERLESS_CAPABILITY}.ingress_ip_address`,
      }),
  ];

  return { variables: [app, appEnv], main, outputs };
}
