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
  const tree: FileTree = {
    ...awsNetworkModule(),
    ...awsClusterModule({
      appAccess: awsAppAccess(services),
      nodeGroups: spec.spec.cluster.nodePools !== undefined,
    }),
    ...awsClusterAccessModule(),
    ...Object.assign({}, ...services.map(service => service.module(services))),
    ...(ingressHasTls(spec) ? awsIngressModule() : {}),
    ...awsBootstrap(spec),
    ...awsBootstrapTests(spec),
  };
  for (const environment of spec.spec.environments) {
    const context: AwsEnvironment = {
      spec,
      environment,
      resolved: planEnvironment({ spec, cloud: 'aws', environment }),
      services,
    };
    Object.assign(
      tree,
      awsEnvironmentRoot(context),
      awsEnvironmentTests(context),
    );
  }
  return Object.fromEntries(
    Object.keys(tree)
      .sort()
      .map(path => [path, tree[path]]),
  );
}
