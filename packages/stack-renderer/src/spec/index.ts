/**
 * The StackSpec's vocabulary: the clouds and their regions, sizes, environments, currencies, spot
 * policies, Kubernetes versions and services (with their defaults) it accepts, for forms, action
 * schemas and templates that offer the same choices.
 *
 * @packageDocumentation
 */
export { CLOUD_NAMES, CLOUDS, REGIONS } from './regions';
export type { Cloud } from './regions';
export { SIZES } from './presets';
export type { Size } from './presets';
export { ENVIRONMENTS } from './profiles';
export type { Environment } from './profiles';
export { CURRENCIES, SPOT_POLICIES } from './stackSpec';
export { KUBERNETES_VERSIONS } from './kubernetesVersions';
export { SERVICE_IDS } from '../services/types';
export type { ServiceId } from '../services/types';
export { SERVICE_DEFAULTS } from '../services/stackServices';
