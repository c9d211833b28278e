import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { gcpBootstrap } from './gcpBootstrap';
import { gcpCacheModule } from './gcpCacheModule';
import { gcpClusterModule } from './gcpClusterModule';
import { gcpDatabaseModule } from './gcpDatabaseModule';
import { gcpEnvironmentRoot } from './gcpEnvironmentRoot';
import { gcpMonitoringModule } from './gcpMonitoringModule';
import { gcpNetworkModule } from './gcpNetworkModule';
import { gcpRegistryModule } from './gcpRegistryModule';
import { gcpStorageModule } from './gcpStorageModule';
import { gcpBootstrapTests, gcpEnvironmentTests } from './gcpTerraformTests';

/**
 * Every GCP Terraform file of the rendered repository: the local modules of the services that are
 * on, one root module per environment (infra/envs/<env>/gcp) and infra/bootstrap/gcp, each root
 * with its `tests/*.tftest.hcl` (mocked provider). Call it only
 * when `spec.spec.clouds` includes `gcp` (then `spec.spec.gcp` names a project for every environment).
 */
export function renderGcpTerraform(spec: StackSpec): FileTree {
  if (!spec.spec.gcp) {
    throw new Error(
      'renderGcpTerraform needs spec.spec.gcp (clouds includes gcp): a project per environment',
    );
  }
  const { services } = spec.spec;
  const parts: FileTree[] = [
    gcpNetworkModule(),
    gcpClusterModule(),
    services.postgres ? gcpDatabaseModule() : {},
    services.redis ? gcpCacheModule() : {},
    services.objectStorage ? gcpStorageModule() : {},
    services.registry ? gcpRegistryModule() : {},
    services.monitoring ? gcpMonitoringModule() : {},
    ...spec.spec.environments.flatMap(environment => [
      gcpEnvironmentRoot({ spec, environment }),
      gcpEnvironmentTests({ spec, environment }),
    ]),
    gcpBootstrap(spec),
    gcpBootstrapTests(spec),
  ];
  const files = Object.assign({}, ...parts) as FileTree;
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map(path => [path, files[path]]),
  );
}
