import { enabledServices } from '../../services/stackServices';
import type { ServiceId } from '../../services/types';
import type { StackSpec } from '../../spec/stackSpec';
import type { AwsService } from './awsService';
import { awsKafka } from './services/kafka';
import { awsMonitoring } from './services/monitoring';
import { awsObjectStorage } from './services/objectStorage';
import { awsPostgres } from './services/postgres';
import { awsRedis } from './services/redis';
import { awsRegistry } from './services/registry';

/** How AWS provides each service. */
export const AWS_SERVICES: Readonly<Record<ServiceId, AwsService>> = {
  postgres: awsPostgres,
  redis: awsRedis,
  kafka: awsKafka,
  objectStorage: awsObjectStorage,
  registry: awsRegistry,
  monitoring: awsMonitoring,
};

/** The AWS contributions of the services a stack turns on, in registry order. */
export function awsServices(spec: StackSpec): AwsService[] {
  return enabledServices(spec).map(service => AWS_SERVICES[service.id]);
}
