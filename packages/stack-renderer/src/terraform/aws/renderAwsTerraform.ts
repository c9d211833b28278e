import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { awsBootstrap } from './awsBootstrap';
import { awsCacheModule } from './awsCacheModule';
import { awsClusterModule } from './awsClusterModule';
import { awsDatabaseModule } from './awsDatabaseModule';
import { awsEnvironmentRoot } from './awsEnvironmentRoot';
import { awsIngressModule } from './awsIngressModule';
import { ingressHasTls } from '../../kustomize/appIngress';
import { awsMonitoringModule } from './awsMonitoringModule';
import { awsNetworkModule } from './awsNetworkModule';
import { awsRegistryModule } from './awsRegistryModule';
import { awsStackFeatures } from './awsStackFeatures';
import { awsStorageModule } from './awsStorageModule';
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
  const features = awsStackFeatures(spec);
  const tree: FileTree = {
    ...awsNetworkModule(),
    ...awsClusterModule(features),
    ...(features.postgres ? awsDatabaseModule() : {}),
    ...(features.redis ? awsCacheModule() : {}),
    ...(features.objectStorage ? awsStorageModule() : {}),
    ...(features.registry ? awsRegistryModule() : {}),
    ...(features.monitoring ? awsMonitoringModule(features) : {}),
    ...(ingressHasTls(spec) ? awsIngressModule() : {}),
    ...awsBootstrap(spec),
    ...awsBootstrapTests(spec),
  };
  for (const environment of spec.spec.environments) {
    Object.assign(
      tree,
      awsEnvironmentRoot({ spec, environment, features }),
      awsEnvironmentTests({ spec, environment, features }),
    );
  }
  return Object.fromEntries(
    Object.keys(tree)
      .sort()
      .map(path => [path, tree[path]]),
  );
}
