/**
 * Renders a Skyforge StackSpec into Terraform, Kustomize, CI workflows and catalog entities, and
 * estimates its monthly cost. Browser-safe: nothing exported here touches the file system (the
 * Terraform checks in ./checks and the CLI in ./cli are Node-only and not exported).
 *
 * @packageDocumentation
 */
export * from './hcl/hcl';
export * from './spec/regions';
export * from './spec/presets';
export * from './spec/profiles';
export * from './spec/stackSpec';
export * from './spec/kubernetesVersions';
export * from './spec/resolveEnvironment';
export * from './tags';
export * from './naming';
export * from './types';
export * from './version';
export * from './renderStack';
export * from './repository';
export * from './cost';
