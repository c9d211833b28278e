import { expr, type HclExpression } from '../../hcl/hcl';
import type { EnvironmentPlan } from '../../plan/environmentPlan';
import { runsKubernetes } from '../../spec/computeTarget';
import { SERVERLESS_CAPABILITY } from './gcpServerlessModule';

/**
 * The expression of the application's Google service account in an environment root: the cluster
 * module creates it (with the Workload Identity binding) on Kubernetes, the serverless module on
 * Cloud Run. Every service module grants its roles to this one identity.
 */
export function gcpAppServiceAccountEmail(
  plan: Pick<EnvironmentPlan, 'compute'>,
): HclExpression {
  return expr(
    runsKubernetes(plan)
      ? 'module.cluster.app_service_account_email'
      : `module.${SERVERLESS_CAPABILITY}.app_service_account_email`,
  );
}
