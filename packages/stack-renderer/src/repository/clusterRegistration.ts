import {
  CLUSTER_AUTH_PROVIDERS,
  clusterRegistrationAnnotations,
} from '@skyforge/plugin-skyforge-common';
import type { ResolvedEnvironment } from '../spec/resolveEnvironment';
import type { Cloud } from '../spec/regions';

/**
 * The registration annotations that only exist after `terraform apply`, and the Terraform output
 * of the environment root that `make catalog-registration` writes into each (the catalog cluster
 * locator ignores a cluster Resource whose `kubernetes.io/api-server` is still empty).
 */
export const DEPLOY_TIME_REGISTRATION: Readonly<Record<string, string>> = {
  'kubernetes.io/api-server': 'cluster_endpoint',
  'kubernetes.io/api-server-certificate-authority':
    'cluster_certificate_authority',
  'kubernetes.io/aws-assume-role': 'health_reader_role_arn',
};

/**
 * The clouds whose environment roots create Backstage's health reader identity and output what
 * {@link DEPLOY_TIME_REGISTRATION} names; their cluster Resources carry the registration.
 */
export const REGISTERED_CLOUDS: readonly Cloud[] = ['aws'];

/**
 * The registration annotations of one cluster's catalog Resource: exactly the keys of the
 * contract in `@skyforge/plugin-skyforge-common` (`clusterRegistrationAnnotations`), with what is
 * known at render time filled in and the deploy-time values empty.
 */
export function clusterRegistration(
  target: Pick<ResolvedEnvironment, 'cloud' | 'resourcePrefix'>,
): Record<string, string> {
  if (!REGISTERED_CLOUDS.includes(target.cloud)) return {};
  const known: Record<string, string> = {
    'kubernetes.io/auth-provider': CLUSTER_AUTH_PROVIDERS[target.cloud],
    'kubernetes.io/skip-metrics-lookup': 'true',
    // The EKS cluster's name (local.name of the root), which EKS tokens are signed for.
    'kubernetes.io/x-k8s-aws-id': target.resourcePrefix,
  };
  return Object.fromEntries(
    clusterRegistrationAnnotations(target.cloud).map(({ key }) => {
      const value =
        known[key] ?? (key in DEPLOY_TIME_REGISTRATION ? '' : undefined);
      if (value === undefined) {
        throw new Error(
          `The cluster registration annotation ${key} has no rendered value`,
        );
      }
      return [key, value];
    }),
  );
}
