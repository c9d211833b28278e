import { kafka } from './kafka';
import { monitoring } from './monitoring';
import { objectStorage } from './objectStorage';
import { postgres } from './postgres';
import { redis } from './redis';
import { registry } from './registry';
import { SERVICE_IDS, type ServiceId, type StackService } from './types';

/** Every service, by id. Adding a service is one descriptor file and one line here. */
const SERVICES: Readonly<Record<ServiceId, StackService>> = {
  postgres,
  redis,
  kafka,
  objectStorage,
  registry,
  monitoring,
};

/** Every service, in {@link SERVICE_IDS} order. */
export const STACK_SERVICES: readonly StackService[] = SERVICE_IDS.map(
  id => SERVICES[id],
);

/**
 * Whether a StackSpec that does not mention a service gets it, by id: the defaults of
 * `spec.services`, for forms and action schemas that offer the same switches.
 *
 * @public
 */
export const SERVICE_DEFAULTS: Readonly<Record<ServiceId, boolean>> =
  Object.fromEntries(
    STACK_SERVICES.map(service => [service.id, service.enabledByDefault]),
  ) as Record<ServiceId, boolean>;

/** The descriptor of one service. */
export function stackService(id: ServiceId): StackService {
  return SERVICES[id];
}

/**
 * The services a stack turns on, in {@link SERVICE_IDS} order. Takes the StackSpec by shape
 * (its `spec.services` switches), so the registry does not import the spec it defines.
 */
export function enabledServices(spec: {
  spec: { services: Readonly<Record<ServiceId, boolean>> };
}): StackService[] {
  return STACK_SERVICES.filter(service => spec.spec.services[service.id]);
}
