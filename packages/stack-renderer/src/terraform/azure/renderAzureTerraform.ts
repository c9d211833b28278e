import { planEnvironment } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { azureBootstrap } from './azureBootstrap';
import { azureAnyGpu, azureClusterModule } from './azureClusterModule';
import { azureEnvironmentRoot } from './azureEnvironmentRoot';
import { azureNetworkModule } from './azureNetworkModule';
import type { AzureEnvironment } from './azureService';
import { azureServices } from './azureServices';
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
  const services = azureServices(spec);
  const tree: FileTree = {
    ...azureNetworkModule({
      hooks: services.flatMap(service =>
        service.network ? [service.network] : [],
      ),
    }),
    ...azureClusterModule({
      gpuPool: azureAnyGpu(spec),
      customPools: spec.spec.cluster.nodePools !== undefined,
      managedPrometheus: services.some(
        service => service.clusterManagedPrometheus,
      ),
    }),
    ...Object.assign({}, ...services.map(service => service.module())),
    ...Object.assign(
      {},
      ...spec.spec.environments.flatMap(environment => {
        const context: AzureEnvironment = {
          spec,
          environment,
          resolved: planEnvironment({ spec, cloud: 'azure', environment }),
          services,
        };
        return [azureEnvironmentRoot(context), azureEnvironmentTests(context)];
      }),
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
