import type { Environment } from '../../spec/profiles';

/**
 * GCP names derived from the stack name. Service account IDs must be 6 to 30 characters and bucket
 * names at most 63, so the stack name is shortened first and the distinguishing suffix is kept.
 */

function shortened(base: string, suffix: string, limit: number): string {
  return `${base.slice(0, limit - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** A service account ID (`[a-z][-a-z0-9]{4,28}[a-z0-9]`) made of the stack name and a suffix such as `-dev-nodes`. */
export function gcpServiceAccountId(options: {
  name: string;
  suffix: string;
}): string {
  return shortened(options.name, options.suffix, 30);
}

/** The GKE node service account of one environment. */
export function gcpNodeServiceAccountId(options: {
  name: string;
  environment: Environment;
}): string {
  return gcpServiceAccountId({
    name: options.name,
    suffix: `-${options.environment}-nodes`,
  });
}

/** The CI service account that applies one environment. */
export function gcpCiServiceAccountId(options: {
  name: string;
  environment: Environment;
}): string {
  return gcpServiceAccountId({
    name: options.name,
    suffix: `-ci-${options.environment}`,
  });
}

/** The read-only CI service account that plans pull requests. */
export function gcpPlanServiceAccountId(name: string): string {
  return gcpServiceAccountId({ name, suffix: '-ci-plan' });
}

/** The application data bucket; the project ID makes it globally unique. */
export function gcpDataBucketName(options: {
  projectId: string;
  name: string;
  environment: Environment;
}): string {
  return shortened(
    `${options.projectId}-${options.name}`,
    `-${options.environment}-data`,
    63,
  );
}

/** The workload identity pool for GitHub Actions (4 to 32 characters). */
export function gcpGithubPoolId(name: string): string {
  return shortened(name, '-github', 32);
}

/** The custom role with what read-only plans need beyond roles/viewer (`[a-zA-Z0-9_.]{3,64}`). */
export function gcpPlanRoleId(name: string): string {
  return `${name.replace(/-/g, '_')}_plan_reader`;
}
