/** A resource type as the API server's discovery documents describe it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Served only when an object of the kind exists, as when its CRD is installed. */
  custom?: boolean;
}

function type(
  group: string,
  version: string,
  kind: string,
  plural: string,
  options: {
    namespaced?: boolean;
    shortNames?: string[];
    custom?: boolean;
  } = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced: options.namespaced ?? true,
    ...(options.shortNames && { shortNames: options.shortNames }),
    ...(options.custom && { custom: true }),
  };
}

/**
 * The resource types the double serves: the core and apps kinds the Kubernetes backend lists for
 * an entity, nodes, RBAC (so that `kubectl apply` can create roles and bindings), and the KEDA and
 * Karpenter CRDs.
 */
export const RESOURCE_TYPES: ResourceType[] = [
  type('', 'v1', 'Pod', 'pods', { shortNames: ['po'] }),
  type('', 'v1', 'Service', 'services', { shortNames: ['svc'] }),
  type('', 'v1', 'ConfigMap', 'configmaps', { shortNames: ['cm'] }),
  type('', 'v1', 'Secret', 'secrets'),
  type('', 'v1', 'LimitRange', 'limitranges', { shortNames: ['limits'] }),
  type('', 'v1', 'ResourceQuota', 'resourcequotas', { shortNames: ['quota'] }),
  type('', 'v1', 'Node', 'nodes', { namespaced: false, shortNames: ['no'] }),
  type('', 'v1', 'Namespace', 'namespaces', {
    namespaced: false,
    shortNames: ['ns'],
  }),
  type('apps', 'v1', 'Deployment', 'deployments', { shortNames: ['deploy'] }),
  type('apps', 'v1', 'ReplicaSet', 'replicasets', { shortNames: ['rs'] }),
  type('apps', 'v1', 'StatefulSet', 'statefulsets', { shortNames: ['sts'] }),
  type('apps', 'v1', 'DaemonSet', 'daemonsets', { shortNames: ['ds'] }),
  type(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    {
      shortNames: ['hpa'],
    },
  ),
  type('batch', 'v1', 'Job', 'jobs'),
  type('batch', 'v1', 'CronJob', 'cronjobs', { shortNames: ['cj'] }),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', {
    shortNames: ['ing'],
  }),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', {
    namespaced: false,
  }),
  type(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    { namespaced: false },
  ),
  type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles'),
  type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings'),
  type('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects', {
    shortNames: ['so'],
    custom: true,
  }),
  type('karpenter.sh', 'v1', 'NodePool', 'nodepools', {
    namespaced: false,
    custom: true,
  }),
];
