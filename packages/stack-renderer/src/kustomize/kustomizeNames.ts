import { appNamespace } from '../naming';
import type { StackSpec } from '../spec/stackSpec';

/** Name of the application container in the Deployment (patches select it by this name). */
export const CONTAINER_NAME = 'app';

/** Name of the container port, used by the Service, probes and NetworkPolicies. */
export const HTTP_PORT_NAME = 'http';

/** Port the Service exposes inside the cluster; the Ingress talks to it by name. */
export const SERVICE_PORT = 80;

/** Non-root UID/GID the application runs as: above the range any distribution image allocates. */
export const APP_USER_ID = 10001;

/** Seconds the pod keeps serving after it is marked terminating, so load balancers stop sending first. */
export const PRE_STOP_SLEEP_SECONDS = 15;

/** Seconds Kubernetes waits for the container to stop: the drain sleep plus time to finish requests. */
export const TERMINATION_GRACE_PERIOD_SECONDS = 45;

/** The Kubernetes names of one stack's objects. */
export interface KustomizeNames {
  /** Deployment, Service, HPA, PDB, Ingress and ServiceAccount (the stack name). */
  app: string;
  namespace: string;
  /** ConfigMap generated from `config.env` (Kustomize appends a content hash). */
  config: string;
}

export function kustomizeNames(spec: StackSpec): KustomizeNames {
  const name = spec.metadata.name;
  return { app: name, namespace: appNamespace(name), config: `${name}-config` };
}

/** The selector labels of the application pods. Never changes, because Deployment selectors are immutable. */
export function selectorLabels(spec: StackSpec): Record<string, string> {
  return { 'app.kubernetes.io/name': spec.metadata.name };
}

/** The attribution labels every object carries (the overlays add `environment`). */
export function contractLabels(spec: StackSpec): Record<string, string> {
  return {
    'backstage.io/kubernetes-id': spec.metadata.name,
    'app.kubernetes.io/name': spec.metadata.name,
    'app.kubernetes.io/part-of': spec.metadata.system ?? spec.metadata.name,
  };
}

/** A Kustomize `labels` entry: on every object and pod template, never in (immutable) selectors. */
export function labelsEntry(
  pairs: Record<string, string>,
): Record<string, unknown> {
  return { pairs, includeSelectors: false, includeTemplates: true };
}
