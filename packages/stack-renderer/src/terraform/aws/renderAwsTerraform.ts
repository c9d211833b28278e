import { planEnvironment } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { awsBootstrap } from './awsBootstrap';
import { awsClusterAccessModule } from './awsClusterAccessModule';
import { awsClusterModule } from './awsClusterModule';
import { awsEnvironmentRoot } from './awsEnvironmentRoot';
import { awsIngressModule } from './awsIngressModule';
import { ingressHasTls } from '../../kustomize/appIngress';
import { awsNetworkModule } from './awsNetworkModule';
import { awsAppAccess, type AwsEnvironment } from './awsService';
import { awsServices } from './awsServices';
import { awsServerlessModule } from './awsServerlessModule';
import { awsServerlessEnvironmentTests } from './awsServerlessTests';
import { runsKubernetes } from '../../spec/computeTarget';
import { awsBootstrapTests, awsEnvironmentTests } from './awsTerraformTests';

/**
 * Every AWS Terraform file of the rendered repository: the local modules under
 * `infra/modules/<capability>/aws`, one root module per environment under `infra/envs/<env>/aws`
 * and the state/CI bootstrap under `infra/bootstrap/aws`. Call it only when the stack uses AWS.
 */
export function renderAwsTerraform(spec: StackSpec): FileTree {
  if (!spec.spec.clouds.includes('aws')) {
    throw new Error(
      'renderAwsTerraform needs a stack whose spec.clouds includes aws',
    );
  }
  const services = awsServices(spec);
  const plans = spec.spec.environments.map(environment =>
    planEnvironment({ spec, cloud: 'aws', environment }),
  );
  const kubernetes = plans.some(runsKubernetes);
  const serverless = !plans.every(runsKubernetes);
  const tree: FileTree = {
    ...awsNetworkModule(),
    ...(kubernetes
      ? awsClusterModule({
          appAccess: awsAppAccess(services),
          nodeGroups: spec.spec.cluster.nodePools !== undefined,
        })
      : {}),
    ...(serverless
      ? awsServerlessModule({
          appAccess: awsAppAccess(services),
          tls: ingressHasTls(spec),
        })
      : {}),
    ...(kubernetes || spec.spec.services.postgres
      ? awsClusterAccessModule({
          kubernetes,
          database: spec.spec.services.postgres,
        })
      : {}),
    ...Object.assign(
      {},
      ...services.map(service =>
        service.module(services, { kubernetes, serverless }),
      ),
    ),
    ...(ingressHasTls(spec)
      ? awsIngressModule({ kubernetes, serverless })
      : {}),
    ...awsBootstrap(spec),
    ...awsBootstrapTests(spec),
  };
  for (const resolved of plans) {
    const context: AwsEnvironment = {
      spec,
      environment: resolved.environment,
      resolved,
      services,
    };
    Object.assign(
      tree,
      awsEnvironmentRoot(context),
      runsKubernetes(resolved)
        ? awsEnvironmentTests(context)
        : awsServerlessEnvironmentTests(context),
    );
  }
  return Object.fromEntries(
    Object.keys(tree)
      .sort()
      .map(path => [path, tree[path]]),
  );
}
