import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_CLUSTER_ID,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
} from '@backstage/plugin-kubernetes-common';

/**
 * How a cluster Skyforge creates reaches Backstage's Kubernetes backend: the catalog cluster
 * locator (`kubernetes.clusterLocatorMethods: [{ type: catalog }]`) reads every `Resource` of
 * `spec.type: kubernetes-cluster` that carries these annotations, and names the cluster after the
 * Resource. The rendered apply workflow fills in the values after `terraform apply`.
 */

/**
 * The clouds Skyforge renders clusters for.
 *
 * @public
 */
export type SkyforgeCloud = 'aws' | 'gcp' | 'azure';

/**
 * The Kubernetes plugin's auth provider per cloud with which the Kubernetes backend (and so
 * Skyforge's health) reads a cluster as Backstage's own cloud identity, with short-lived tokens:
 * EKS tokens presigned from the backend's AWS credentials, Google access tokens from its
 * application default credentials, Entra tokens from its `DefaultAzureCredential`. (`google`,
 * `oidc` and `aks` forward each viewer's own token instead, which a server-side read has not.)
 *
 * @public
 */
export const CLUSTER_AUTH_PROVIDERS: Record<SkyforgeCloud, string> = {
  aws: 'aws',
  gcp: 'googleServiceAccount',
  azure: 'azure',
};

/**
 * One annotation of the registration contract: its key and what the value must be.
 *
 * @public
 */
export interface ClusterRegistrationAnnotation {
  key: string;
  value: string;
}

/**
 * The annotations a rendered `kubernetes-cluster` Resource must carry so that the Kubernetes
 * backend reads the cluster, for one cloud. `api-server` and its CA come from the cluster's
 * Terraform outputs; the catalog locator skips a Resource that lacks any of the first three.
 *
 * @public
 */
export function clusterRegistrationAnnotations(
  cloud: SkyforgeCloud,
): ClusterRegistrationAnnotation[] {
  const common: ClusterRegistrationAnnotation[] = [
    {
      key: ANNOTATION_KUBERNETES_API_SERVER,
      value:
        'the API server endpoint, https:// (EKS `endpoint`, GKE `https://` + its DNS endpoint, AKS `https://` + its private FQDN)',
    },
    {
      key: ANNOTATION_KUBERNETES_API_SERVER_CA,
      value:
        "the cluster CA certificate, base64 PEM as in a kubeconfig's certificate-authority-data; empty for GKE's DNS endpoint, whose certificate is publicly trusted",
    },
    {
      key: ANNOTATION_KUBERNETES_AUTH_PROVIDER,
      value: CLUSTER_AUTH_PROVIDERS[cloud],
    },
    {
      key: ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
      value:
        "`true`: health needs no metrics.k8s.io, which the health reader's role does not grant",
    },
  ];
  if (cloud === 'aws') {
    common.push(
      {
        key: ANNOTATION_KUBERNETES_AWS_CLUSTER_ID,
        value:
          'the EKS cluster name (the token audience; the Resource name differs from it)',
      },
      {
        key: ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
        value:
          "the ARN of the stack's health reader role, which Backstage's AWS identity assumes",
      },
    );
  }
  return common;
}

/**
 * A rule of a Kubernetes Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule).
 *
 * @public
 */
export interface KubernetesPolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

/**
 * The names of the health reader's RBAC objects in every cluster Skyforge creates.
 *
 * @public
 */
export const HEALTH_READER_ROLE_NAME = 'skyforge-health-reader';

/**
 * The Kubernetes group the health reader's cloud identity is mapped to (EKS access entries).
 *
 * @public
 */
export const HEALTH_READER_GROUP = 'skyforge-health-readers';

/**
 * Exactly what Skyforge's health lists, cluster-wide: an entity's pods, workloads and HPAs
 * (by label selector, in any namespace), the cluster's nodes, KEDA ScaledObjects and Karpenter
 * NodePools. Read-only, no `get` of single objects, no Secrets, no `watch`.
 *
 * @public
 */
export const HEALTH_READER_CLUSTER_RULES: KubernetesPolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list'] },
  {
    apiGroups: ['apps'],
    resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'],
    verbs: ['list'],
  },
  {
    apiGroups: ['autoscaling'],
    resources: ['horizontalpodautoscalers'],
    verbs: ['list'],
  },
  { apiGroups: ['keda.sh'], resources: ['scaledobjects'], verbs: ['list'] },
  { apiGroups: ['karpenter.sh'], resources: ['nodepools'], verbs: ['list'] },
];

/**
 * The one object health reads by name: the cluster autoscaler's status, in `kube-system`.
 *
 * @public
 */
export const HEALTH_READER_SYSTEM_NAMESPACE_RULES: KubernetesPolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['configmaps'],
    resourceNames: ['cluster-autoscaler-status'],
    verbs: ['get'],
  },
];

/**
 * An RBAC subject: the identity the cloud maps Backstage's reader to.
 *
 * @public
 */
export interface KubernetesRbacSubject {
  kind: 'Group' | 'User';
  name: string;
}

/**
 * The health reader's RBAC objects for one cluster: a ClusterRole and a Role in `kube-system`
 * with the rules above, bound to the given subjects. AWS binds the group
 * {@link HEALTH_READER_GROUP} (which the stack's EKS access entry gives the reader role), GCP the
 * Google service account's email as a `User`, Azure the managed identity's object ID as a `User`.
 *
 * @public
 */
export function healthReaderRbacObjects(options: {
  subjects: KubernetesRbacSubject[];
}): Array<Record<string, unknown>> {
  const subjects = options.subjects.map(subject => ({
    kind: subject.kind,
    name: subject.name,
    apiGroup: 'rbac.authorization.k8s.io',
  }));
  const labels = { 'app.kubernetes.io/managed-by': 'skyforge' };
  const metadata = (namespace?: string) => ({
    name: HEALTH_READER_ROLE_NAME,
    ...(namespace && { namespace }),
    labels,
  });
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: metadata(),
      rules: HEALTH_READER_CLUSTER_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: metadata(),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: HEALTH_READER_ROLE_NAME,
      },
      subjects,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: metadata('kube-system'),
      rules: HEALTH_READER_SYSTEM_NAMESPACE_RULES,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: metadata('kube-system'),
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: HEALTH_READER_ROLE_NAME,
      },
      subjects,
    },
  ];
}
