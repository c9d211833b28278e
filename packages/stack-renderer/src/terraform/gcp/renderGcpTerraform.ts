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

/**
 * Every GCP Terraform file of the rendered repository: the local modules of the services that are
 * on, one root module per environment (infra/envs/<env>/gcp) and infra/bootstrap/gcp. Call it only
 * when `spec.spec.clouds` includes `gcp` (then `spec.spec.gcp.projectId` is set).
 */
export function renderGcpTerraform(spec: StackSpec): FileTree {
  if (!spec.spec.gcp) {
    throw new Error(
      'renderGcpTerraform needs spec.spec.gcp.projectId (clouds includes gcp)',
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
    ...spec.spec.environments.map(environment =>
      gcpEnvironmentRoot({ spec, environment }),
    ),
    gcpBootstrap(spec),
  ];
  const files = Object.assign({}, ...parts) as FileTree;
  return Object.fromEntries(
    Object.keys(files)
      .sort()
      .map(path => [path, files[path]]),
  );
}
