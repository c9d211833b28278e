import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { KubernetesApiDouble } from '@skyforge/kubernetes-api-double';
import {
  DemoClusterEntityProvider,
  demoClusterEntity,
} from './DemoClusterEntityProvider';
import { demoClusterObjects } from './demoClusterObjects';

/**
 * The local demo's Kubernetes cluster: when `skyforge.demo.kubernetesCluster` is true (it is in
 * app-config.yaml, and false in app-config.production.yaml), starts the Kubernetes API double
 * that the tests use on 127.0.0.1 over TLS, serving recorded EKS objects that run the example
 * entities, and registers it in the catalog as a `kubernetes-cluster` Resource, which the
 * Kubernetes backend's catalog cluster locator picks up like any cluster Skyforge creates.
 */
export const catalogModuleDemoKubernetesCluster = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'skyforge-demo-kubernetes-cluster',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, lifecycle, catalog }) {
        if (!config.getOptionalBoolean('skyforge.demo.kubernetesCluster')) {
          return;
        }
        const double = await KubernetesApiDouble.start({
          objects: demoClusterObjects(),
          tls: true,
        });
        lifecycle.addShutdownHook(() => double.stop());
        logger.info(
          `Demo Kubernetes cluster (recorded objects) serving on ${double.url}`,
        );
        catalog.addEntityProvider(
          new DemoClusterEntityProvider(
            demoClusterEntity({
              url: double.url,
              certificateAuthority: double.certificateAuthority!,
            }),
          ),
        );
      },
    });
  },
});
