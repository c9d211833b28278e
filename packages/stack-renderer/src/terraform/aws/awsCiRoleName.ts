import type { Environment } from '../../spec/profiles';

/**
 * IAM role that GitHub Actions assumes to plan and apply one environment (created by the AWS
 * bootstrap, trusted only for that GitHub environment). The environment root grants it
 * cluster-admin so the same job can deploy the manifests.
 */
export function awsCiRoleName(options: {
  name: string;
  environment: Environment;
}): string {
  return `${options.name}-github-${options.environment}`;
}

/** Read-only IAM role that GitHub Actions assumes to plan pull requests. */
export function awsPlanRoleName(name: string): string {
  return `${name}-github-plan`;
}
