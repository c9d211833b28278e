import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { azureBootstrap } from './azureBootstrap';
import { azureCacheModule } from './azureCacheModule';
import { azureClusterModule } from './azureClusterModule';
import { azureDatabaseModule } from './azureDatabaseModule';
import { azureEnvRoot } from './azureEnvRoot';
import { azureMonitoringModule } from './azureMonitoringModule';
import { azureNetworkModule } from './azureNetworkModule';
import { azureRegistryModule } from './azureRegistryModule';
import { azureStorageModule } from './azureStorageModule';
import {
  azureBootstrapTests,
  azureEnvironmentTests,
} from './azureTerraformTests';

/**
 * Every Azure Terraform file of the rendered repository: the local modules (data-service modules
 * only for services that are on), one root module per environment, and the bootstrap, each root
 * with its `tests/*.tftest.hcl` (mocked provider).
 * Call it only when `spec.spec.clouds` includes `azure`.
 */
export function renderAzureTerraform(spec: StackSpec): FileTree {
  const { services } = spec.spec;
  const tree: FileTree = {
    ...azureNetworkModule(spec),
    ...azureClusterModule(spec),
    ...(services.postgres ? azureDatabaseModule() : {}),
    ...(services.redis ? azureCacheModule() : {}),
    ...(services.objectStorage ? azureStorageModule() : {}),
    ...(services.registry ? azureRegistryModule() : {}),
    ...(services.monitoring ? azureMonitoringModule() : {}),
    ...Object.assign(
      {},
      ...spec.spec.environments.flatMap(environment => [
        azureEnvRoot({ spec, environment }),
        azureEnvironmentTests({ spec, environment }),
      ]),
    ),
    ...azureBootstrap(spec),
    ...azureBootstrapTests(spec),
  };
  return Object.fromEntries(
    Object.keys(tree)
      .sort()
      .map(path => [path, tree[path]]),
  );
}
