/**
 * Extension points and services of the Skyforge backend plugin: add cost source types and cost
 * sources from backend modules, and hand the Kubernetes backend's in-process services to
 * Skyforge's health.
 *
 * @packageDocumentation
 */
export { skyforgeCostSourcesExtensionPoint } from './extensions';
export type {
  CostSourceType,
  CostSourceTypeContext,
  SkyforgeCostSourcesExtensionPoint,
} from './extensions';
export type {
  CostIngestOptions,
  CostIngestWindow,
  CostRow,
  CostSource,
} from './types';
export {
  DefaultKubernetesBackendAccessService,
  KubernetesBackendAccessMissingError,
  kubernetesBackendAccessServiceRef,
} from './kubernetesBackendAccess';
export type {
  KubernetesBackendAccess,
  KubernetesBackendAccessService,
} from './kubernetesBackendAccess';
