import { createBackendModule } from '@backstage/backend-plugin-api';
import { kubernetesObjectsProviderExtensionPoint } from '@backstage/plugin-kubernetes-node';
import { kubernetesBackendAccessServiceRef } from '@skyforge/plugin-skyforge-node';

/**
 * Passes the Kubernetes backend's cluster supplier, service locator, fetcher and auth strategy to
 * the Skyforge plugin through `kubernetesBackendAccessServiceRef`, so health reads clusters with
 * the Kubernetes backend's own configuration and credentials without an HTTP round trip.
 *
 * @remarks
 * The Kubernetes plugin hands these services only to the factory of its objects provider, so the
 * module registers one that returns the default provider unchanged: the Kubernetes tab behaves as
 * before. The Kubernetes backend accepts a single objects provider; a backend with its own
 * objects provider module calls `provide` of `kubernetesBackendAccessServiceRef` from that module
 * instead of installing this one.
 *
 * @public
 */
export const kubernetesModuleSkyforge = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'skyforge',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        access: kubernetesBackendAccessServiceRef,
      },
      async init({ objectsProviders, access }) {
        objectsProviders.addObjectsProvider(
          async ({
            getDefault,
            clusterSupplier,
            serviceLocator,
            fetcher,
            authStrategy,
          }) => {
            access.provide({
              clusterSupplier,
              serviceLocator,
              fetcher,
              authStrategy,
            });
            return getDefault();
          },
        );
      },
    });
  },
});
