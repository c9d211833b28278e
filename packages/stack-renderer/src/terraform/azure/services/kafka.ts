import { attr, comment, expr, resource } from '../../../hcl/hcl';
import type { Size } from '../../../spec/presets';
import type { FileTree } from '../../../types';
import { moduleFiles } from '../../common/moduleFiles';
import { variableRef, type RootVariable } from '../../common/rootVariable';
import { terraformOutput } from '../../common/terraformOutput';
import { terraformVariable } from '../../common/terraformVariable';
import {
  commonModuleVariables,
  placement,
  privateEndpoint,
} from '../azureHclBlocks';
import { azureGlobalName, type AzureGlobalName } from '../azureResourceNames';
import { MissingPriceError } from '../../../cost/priceLookup';
import { regionalPrice, type ServiceCost } from '../../../cost/serviceCost';
import { HOURS_PER_MONTH } from '../../../cost/usageAssumptions';
import {
  azureAppPrincipalArgument,
  azureNameRule,
  azurePrivateEndpointArguments,
  type AzureService,
} from '../azureService';

/** The port of the Kafka endpoint of an Event Hubs namespace (SASL over TLS). */
export const EVENT_HUBS_KAFKA_PORT = 9093;

/** The data-plane roles the application's identity gets on the namespace. */
export const EVENT_HUBS_APP_ROLES = [
  'Azure Event Hubs Data Sender',
  'Azure Event Hubs Data Receiver',
] as const;

/** An Event Hubs namespace: its tier and throughput units (Standard) or processing units (Premium). */
export interface EventHubsSize {
  sku: 'Standard' | 'Premium';
  capacity: number;
}

const EVENT_HUBS_SIZES: Readonly<Record<Size, EventHubsSize>> = {
  small: { sku: 'Standard', capacity: 1 },
  medium: { sku: 'Standard', capacity: 2 },
  large: { sku: 'Standard', capacity: 4 },
};

/** The namespace of a size preset; the Terraform values and the cost estimate both read it. */
export function eventHubsSize(size: Size): EventHubsSize {
  return EVENT_HUBS_SIZES[size];
}

/** Event Hubs, East US, USD per throughput unit-hour by tier (ingress events extra). */
const EVENT_HUBS_UNIT_HOUR: Readonly<Record<string, number>> = {
  Standard: 0.03,
};

/** The namespace's units, from the size the tfvars write ({@link eventHubsSize}). */
const azureKafkaCost: ServiceCost = {
  source: 'https://azure.microsoft.com/en-us/pricing/details/event-hubs/',
  lines: plan => {
    const namespace = eventHubsSize(plan.size);
    const price = EVENT_HUBS_UNIT_HOUR[namespace.sku];
    if (price === undefined) {
      throw new MissingPriceError(
        `Event Hubs tier "${namespace.sku}"`,
        plan.cloud,
        plan.region,
      );
    }
    const unit =
      namespace.sku === 'Premium' ? 'processing unit' : 'throughput unit';
    return [
      {
        description: `Event Hubs ${namespace.sku}, ${
          namespace.capacity
        } ${unit}${
          namespace.capacity === 1 ? '' : 's'
        } (Kafka endpoint; ingress events extra)`,
        quantity: HOURS_PER_MONTH * namespace.capacity,
        unit: `${unit}-hour`,
        unitPrice: regionalPrice(plan, price),
      },
    ];
  },
};

const NAMESPACE_NAME: AzureGlobalName = {
  style: 'label',
  kind: 'eventhubs',
  marker: 'kafka',
  maxLength: 50,
};

function azureKafkaModule(): FileTree {
  return moduleFiles({
    cloud: 'azure',
    capability: 'streaming',
    description:
      'Event Hubs namespace of one environment with its Kafka endpoint: private endpoint, TLS, Entra ID only.',
    variables: [
      commonModuleVariables(),
      terraformVariable({
        name: 'namespace_name',
        type: 'string',
        description: 'Globally unique Event Hubs namespace name.',
      }),
      terraformVariable({
        name: 'sku',
        type: 'string',
        description:
          'Standard (throughput units) or Premium (processing units); Basic has no Kafka endpoint.',
        validations: [
          {
            condition: 'contains(["Standard", "Premium"], var.sku)',
            message:
              'sku must be Standard or Premium (Basic has no Kafka endpoint).',
          },
        ],
      }),
      terraformVariable({
        name: 'capacity',
        type: 'number',
        description:
          'Throughput units (Standard) or processing units (Premium).',
      }),
      terraformVariable({
        name: 'private_endpoints_subnet_id',
        type: 'string',
        description: 'Subnet of the private endpoint.',
      }),
      terraformVariable({
        name: 'private_dns_zone_id',
        type: 'string',
        description: 'privatelink.servicebus.windows.net zone ID.',
      }),
      terraformVariable({
        name: 'app_principal_id',
        type: 'string',
        description: 'Principal ID of the application identity.',
      }),
    ],
    main: [
      comment(
        [
          'Event Hubs speaks the Kafka protocol on port 9093 (Standard tier and up). Clients sign in with',
          'Entra ID (SASL OAUTHBEARER) only: local (SAS key) authentication is off, so no connection string',
          'exists. No public network access: the nodes reach it through the private endpoint, over TLS 1.2+.',
          'Standard encrypts at rest with Microsoft-managed keys; customer-managed keys need Premium.',
        ].join('\n'),
      ),
      resource('azurerm_eventhub_namespace', 'this', [
        attr('name', expr('var.namespace_name')),
        placement(),
        attr('sku', expr('var.sku')),
        attr('capacity', expr('var.capacity')),
        attr('local_authentication_enabled', false),
        attr('public_network_access_enabled', false),
        attr('minimum_tls_version', '1.2'),
        attr('tags', expr('var.tags')),
      ]),
      privateEndpoint({
        name: 'this',
        endpointName: '${var.name_prefix}-kafka-pe',
        resourceId: 'azurerm_eventhub_namespace.this.id',
        subresource: 'namespace',
        subnetId: 'var.private_endpoints_subnet_id',
        dnsZoneId: 'var.private_dns_zone_id',
      }),
      comment(
        'The application sends and receives on the event hubs (Kafka topics) of this namespace only.',
      ),
      resource('azurerm_role_assignment', 'app', [
        attr(
          'for_each',
          expr(
            `toset([${EVENT_HUBS_APP_ROLES.map(role => `"${role}"`).join(
              ', ',
            )}])`,
          ),
        ),
        attr('scope', expr('azurerm_eventhub_namespace.this.id')),
        attr('role_definition_name', expr('each.value')),
        attr('principal_id', expr('var.app_principal_id')),
        attr('principal_type', 'ServicePrincipal'),
      ]),
    ],
    outputs: [
      terraformOutput({
        name: 'bootstrap_servers',
        description: `Kafka bootstrap server of the namespace (TLS on ${EVENT_HUBS_KAFKA_PORT}).`,
        value: `"\${azurerm_eventhub_namespace.this.name}.servicebus.windows.net:${EVENT_HUBS_KAFKA_PORT}"`,
      }),
      terraformOutput({
        name: 'namespace_id',
        description: 'ID of the Event Hubs namespace.',
        value: 'azurerm_eventhub_namespace.this.id',
      }),
    ],
  });
}

/**
 * Kafka on Azure: an Event Hubs namespace with its Kafka endpoint behind a private endpoint,
 * Entra authentication only, the application's identity a data sender and receiver.
 */
export const azureKafka: AzureService = {
  id: 'kafka',
  cost: azureKafkaCost,
  module: () => azureKafkaModule(),
  root: context => {
    const { spec, environment, resolved } = context;
    const size = eventHubsSize(resolved.size);
    const namespaceName: RootVariable = {
      name: 'kafka_namespace_name',
      type: 'string',
      description: 'Globally unique Event Hubs namespace name.',
      value: azureGlobalName({ spec, environment, name: NAMESPACE_NAME }),
      validations: [
        azureNameRule(
          'kafka_namespace_name',
          '^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$',
          '6 to 50 letters, digits and hyphens, starting with a letter',
        ),
      ],
    };
    const sku: RootVariable = {
      name: 'kafka_sku',
      type: 'string',
      description:
        'Event Hubs tier of the Kafka endpoint: Standard or Premium (Basic has none).',
      value: size.sku,
      validations: [
        {
          condition: 'contains(["Standard", "Premium"], var.kafka_sku)',
          message: 'kafka_sku must be Standard or Premium.',
        },
      ],
    };
    const capacity: RootVariable = {
      name: 'kafka_capacity',
      type: 'number',
      description:
        'Event Hubs throughput units (Standard, 1 to 40) or processing units (Premium: 1, 2, 4, 8 or 16).',
      value: size.capacity,
      validations: [
        {
          condition:
            'var.kafka_sku == "Premium" ? contains([1, 2, 4, 8, 16], var.kafka_capacity) : var.kafka_capacity >= 1 && var.kafka_capacity <= 40',
          message:
            'kafka_capacity must be 1 to 40 throughput units (Standard) or 1, 2, 4, 8 or 16 processing units (Premium).',
        },
      ],
    };
    return {
      variables: [namespaceName, sku, capacity],
      arguments: [
        attr('namespace_name', variableRef(namespaceName)),
        attr('sku', variableRef(sku)),
        attr('capacity', variableRef(capacity)),
        azurePrivateEndpointArguments('eventhubs'),
        azureAppPrincipalArgument(context),
      ],
      outputs: [
        terraformOutput({
          name: 'kafka_bootstrap_servers',
          description: `Kafka endpoint of the Event Hubs namespace (TLS on ${EVENT_HUBS_KAFKA_PORT}); the application signs in with its workload identity.`,
          value: 'module.streaming.bootstrap_servers',
        }),
      ],
    };
  },
  globalName: NAMESPACE_NAME,
  network: {
    // Event Hubs namespaces (Microsoft.EventHub/namespaces) resolve in privatelink.servicebus.windows.net.
    dnsZone: { key: 'eventhubs', name: 'privatelink.servicebus.windows.net' },
    privateEndpointPort: {
      port: EVENT_HUBS_KAFKA_PORT,
      description: `Event Hubs Kafka endpoint (TLS on ${EVENT_HUBS_KAFKA_PORT})`,
    },
  },
  resourceProviders: ['Microsoft.EventHub'],
  egress: {
    description: `Event Hubs Kafka endpoint (TLS on ${EVENT_HUBS_KAFKA_PORT})`,
    port: EVENT_HUBS_KAFKA_PORT,
  },
  variables: [
    {
      name: 'KAFKA_BOOTSTRAP_SERVERS',
      output: 'kafka_bootstrap_servers',
      description:
        'Event Hubs Kafka endpoint (TLS on 9093, SASL OAUTHBEARER with the workload identity).',
    },
  ],
};
