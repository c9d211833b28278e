/**
 * A local Kubernetes API server double that serves recorded API objects on loopback, with
 * optional authentication (static and EKS tokens) and RBAC, for tests and the local demo.
 *
 * @packageDocumentation
 */
export { KubernetesApiDouble } from './KubernetesApiDouble';
export type {
  KubernetesApiDoubleOptions,
  RecordedRequest,
  ServedObject,
} from './KubernetesApiDouble';
export type {
  AuthenticationOptions,
  AwsPrincipal,
  UserInfo,
} from './authenticate';
export { matchesLabelSelector } from './matchesLabelSelector';
export {
  clusterAutoscalerStatusConfigMap,
  readListFixture,
} from './recordedObjects';
