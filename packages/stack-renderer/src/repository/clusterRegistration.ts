import {
  CLUSTER_AUTH_PROVIDERS,
  clusterRegistrationAnnotations,
} from '@skyforge/plugin-skyforge-common';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { Cloud } from '../spec/regions';

/**
 * The registration annotations that only exist after `terraform apply`, per cloud, and the
 * Terraform output of the environment root that `make catalog-registration` writes into each (the
 * catalog cluster locator ignores a cluster Resource whose `kubernetes.io/api-server` is still
 * empty).
 */
export const DEPLOY_TIME_REGISTRATION: Readonly<
  Record<Cloud, Readonly<Record<string, string>>>
> = {
  aws: {
    'kubernetes.io/api-server': 'cluster_endpoint',
    'kubernetes.io/api-server-certificate-authority':
      'cluster_certificate_authority',
    'kubernetes.io/aws-assume-role': 'health_reader_role_arn',
  },
  // The DNS endpoint: the IP endpoint is private, the DNS one admits IAM-authorised callers.
  gcp: { 'kubernetes.io/api-server': 'cluster_endpoint' },
  azure: {
    'kubernetes.io/api-server': 'cluster_endpoint',
    'kubernetes.io/api-server-certificate-authority':
      'cluster_certificate_authority',
  },
};

/**
 * The environment root output naming the identity Backstage reads a GKE or AKS cluster as (the
 * User subject of its health reader RBAC); EKS maps its reader role to a group instead.
 */
export const HEALTH_READER_SUBJECT_OUTPUT = 'health_reader_subject';

/** Registration values known at render time, per cloud, beyond the auth provider. */
function renderTimeValues(
  target: Pick<ResolvedEnvironment, 'cloud' | 'resourcePrefix'>,
): Record<string, string> {
  switch (target.cloud) {
    case 'aws':
      // The EKS cluster's name (local.name of the root), which EKS tokens are signed for.
      return { 'kubernetes.io/x-k8s-aws-id': target.resourcePrefix };
    case 'gcp':
      // The DNS endpoint presents a publicly trusted certificate, not the cluster CA: no CA pinned.
      return { 'kubernetes.io/api-server-certificate-authority': '' };
    default:
      return {};
  }
}

/**
 * The registration annotations of one cluster's catalog Resource: exactly the keys of the
 * contract in `@skyforge/plugin-skyforge-common` (`clusterRegistrationAnnotations`), with what is
 * known at render time filled in and the deploy-time values empty.
 */
export function clusterRegistration(
  target: Pick<ResolvedEnvironment, 'cloud' | 'resourcePrefix'>,
): Record<string, string> {
  const known: Record<string, string> = {
    'kubernetes.io/auth-provider': CLUSTER_AUTH_PROVIDERS[target.cloud],
    'kubernetes.io/skip-metrics-lookup': 'true',
    ...renderTimeValues(target),
  };
  const deployTime = DEPLOY_TIME_REGISTRATION[target.cloud];
  return Object.fromEntries(
    clusterRegistrationAnnotations(target.cloud).map(({ key }) => {
      const value = known[key] ?? (key in deployTime ? '' : undefined);
      if (value === undefined) {
        throw new Error(
          `The cluster registration annotation ${key} has no rendered value`,
        );
      }
      return [key, value];
    }),
  );
}
