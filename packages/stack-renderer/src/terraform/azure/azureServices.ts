import { enabledServices } from '../../services/stackServices';
import type { ServiceId } from '../../services/types';
import type { StackSpec } from '../../spec/stackSpec';
import type { AzureService } from './azureService';
import { azureKafka } from './services/kafka';
import { azureMonitoring } from './services/monitoring';
import { azureObjectStorage } from './services/objectStorage';
import { azurePostgres } from './services/postgres';
import { azureRedis } from './services/redis';
import { azureRegistry } from './services/registry';

/** How Azure provides each service. */
export const AZURE_SERVICES: Readonly<Record<ServiceId, AzureService>> = {
  postgres: azurePostgres,
  redis: azureRedis,
  kafka: azureKafka,
  objectStorage: azureObjectStorage,
  registry: azureRegistry,
  monitoring: azureMonitoring,
};

/** The Azure contributions of the services a stack turns on, in registry order. */
export function azureServices(spec: StackSpec): AzureService[] {
  return enabledServices(spec).map(service => AZURE_SERVICES[service.id]);
}
