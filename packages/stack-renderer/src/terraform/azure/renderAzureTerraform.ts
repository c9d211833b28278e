import { planEnvironment } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { azureBootstrap } from './azureBootstrap';
import { azureAnyGpu, azureClusterModule } from './azureClusterModule';
import { azureEnvironmentRoot } from './azureEnvironmentRoot';
import { azureNetworkModule } from './azureNetworkModule';
import type { AzureEnvironment } from './azureService';
import {
  azureServerlessModule,
  containerAppsExternal,
} from './azureServerlessModule';
import { runsKubernetes } from '../../spec/computeTarget';
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
  const contexts: AzureEnvironment[] = spec.spec.environments.map(
    environment => ({
      spec,
      environment,
      resolved: planEnvironment({ spec, cloud: 'azure', environment }),
      services,
    }),
  );
  // Each compute module is rendered when at least one environment runs on it.
  const kubernetes = contexts.some(context => runsKubernetes(context.resolved));
  const serverless = contexts.some(
    context => !runsKubernetes(context.resolved),
  );
  const tree: FileTree = {
    ...azureNetworkModule({
      hooks: services.flatMap(service =>
        service.network ? [service.network] : [],
      ),
      containerApps: serverless
        ? { external: containerAppsExternal(spec) }
        : undefined,
    }),
    ...(kubernetes
      ? azureClusterModule({
          gpuPool: azureAnyGpu(spec),
          customPools: spec.spec.cluster.nodePools !== undefined,
          managedPrometheus: services.some(
            service => service.clusterManagedPrometheus,
          ),
        })
      : {}),
    ...(serverless ? azureServerlessModule() : {}),
    ...Object.assign(
      {},
      ...services.map(service => service.module({ kubernetes, serverless })),
    ),
    ...Object.assign(
      {},
      ...contexts.flatMap(context => [
        azureEnvironmentRoot(context),
        azureEnvironmentTests(context),
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
