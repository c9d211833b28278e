import { gcpProject } from '../../spec/gcpProject';
import { planEnvironment } from '../../plan/environmentPlan';
import type { StackSpec } from '../../spec/stackSpec';
import type { FileTree } from '../../types';
import { gcpBootstrap } from './gcpBootstrap';
import { gcpClusterModule } from './gcpClusterModule';
import { gcpEnvironmentRoot } from './gcpEnvironmentRoot';
import { gcpNetworkModule } from './gcpNetworkModule';
import type { GcpEnvironment } from './gcpService';
import { gcpServices } from './gcpServices';
import {
  cloudRunBehindLoadBalancer,
  gcpServerlessModule,
} from './gcpServerlessModule';
import { runsKubernetes } from '../../spec/computeTarget';
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
  const services = gcpServices(spec);
  const contexts: GcpEnvironment[] = spec.spec.environments.map(
    environment => ({
      spec,
      environment,
      resolved: planEnvironment({ spec, cloud: 'gcp', environment }),
      projectId: gcpProject({ spec, environment }),
      services,
    }),
  );
  // Each compute module is rendered when at least one environment runs on it.
  const kubernetes = contexts.some(context => runsKubernetes(context.resolved));
  const serverless = contexts.some(
    context => !runsKubernetes(context.resolved),
  );
  const parts: FileTree[] = [
    gcpNetworkModule(),
    kubernetes
      ? gcpClusterModule({
          customPools: spec.spec.cluster.nodePools !== undefined,
        })
      : {},
    serverless
      ? gcpServerlessModule({
          loadBalancer: cloudRunBehindLoadBalancer(spec),
          gpu: spec.spec.app.gpu,
        })
      : {},
    ...services.map(service => service.module({ kubernetes, serverless })),
    ...contexts.flatMap(context => [
      gcpEnvironmentRoot(context),
      gcpEnvironmentTests(context),
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
