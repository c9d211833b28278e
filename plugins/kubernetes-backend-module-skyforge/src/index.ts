/**
 * A Kubernetes backend module that hands the Kubernetes backend's clusters, fetcher and auth
 * strategies to Skyforge's health, in the same process.
 *
 * @packageDocumentation
 */
export { kubernetesModuleSkyforge as default } from './module';
