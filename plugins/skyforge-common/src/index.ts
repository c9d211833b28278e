/**
 * Annotations, API types and permissions shared by Skyforge's frontend and backend, and the
 * contract by which the clusters Skyforge creates register with Backstage's Kubernetes backend.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './attribution';
export * from './permissions';
export * from './costTypes';
export * from './healthTypes';
export * from './fleetTypes';
export * from './stackCheckTypes';
export * from './clusterRegistration';
