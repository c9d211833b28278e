import { enabledServices } from '../../services/stackServices';
import type { ServiceId } from '../../services/types';
import type { StackSpec } from '../../spec/stackSpec';
import type { GcpService } from './gcpService';
import { gcpKafka } from './services/kafka';
import { gcpMonitoring } from './services/monitoring';
import { gcpObjectStorage } from './services/objectStorage';
import { gcpPostgres } from './services/postgres';
import { gcpRedis } from './services/redis';
import { gcpRegistry } from './services/registry';

/** How GCP provides each service. */
export const GCP_SERVICES: Readonly<Record<ServiceId, GcpService>> = {
  postgres: gcpPostgres,
  redis: gcpRedis,
  kafka: gcpKafka,
  objectStorage: gcpObjectStorage,
  registry: gcpRegistry,
  monitoring: gcpMonitoring,
};

/** The GCP contributions of the services a stack turns on, in registry order. */
export function gcpServices(spec: StackSpec): GcpService[] {
  return enabledServices(spec).map(service => GCP_SERVICES[service.id]);
}
