import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
  KubernetesFetcher,
  KubernetesServiceLocator,
} from '@backstage/plugin-kubernetes-node';

/**
 * The Kubernetes backend's own in-process services, which Skyforge's health reads clusters
 * through: the configured clusters, which of them hold an entity, the fetcher that lists objects,
 * and the auth strategy that turns a cluster's `kubernetes.io/auth-provider` into a credential.
 *
 * @public
 */
export interface KubernetesBackendAccess {
  clusterSupplier: KubernetesClustersSupplier;
  serviceLocator: KubernetesServiceLocator;
  fetcher: KubernetesFetcher;
  authStrategy: AuthenticationStrategy;
}

/**
 * Hands {@link KubernetesBackendAccess} from the Kubernetes plugin, where only its own modules
 * receive it, to the Skyforge plugin in the same backend process, so that health needs no HTTP
 * round trip through the Kubernetes backend's REST API.
 *
 * @public
 */
export interface KubernetesBackendAccessService {
  /** Called once by the Kubernetes plugin's module (`@skyforge/plugin-kubernetes-backend-module-skyforge`). */
  provide(access: KubernetesBackendAccess): void;
  /**
   * The Kubernetes backend's services. Waits while the backend starts; rejects once it has
   * started without them (the module is not installed, or `kubernetes` is not configured).
   */
  get(): Promise<KubernetesBackendAccess>;
}

/**
 * Thrown by {@link KubernetesBackendAccessService.get} when nothing provided the access.
 *
 * @public
 */
export class KubernetesBackendAccessMissingError extends Error {
  constructor() {
    super(
      "The Kubernetes backend's services are not available to Skyforge: add @backstage/plugin-kubernetes-backend and @skyforge/plugin-kubernetes-backend-module-skyforge to the backend, with a `kubernetes` section in app-config",
    );
    this.name = 'KubernetesBackendAccessMissingError';
  }
}

/**
 * The default {@link KubernetesBackendAccessService}: a value set once, awaited until start-up has finished.
 *
 * @public
 */
export class DefaultKubernetesBackendAccessService
  implements KubernetesBackendAccessService
{
  #access?: KubernetesBackendAccess;
  #started = false;
  #waiting: Array<{
    resolve: (access: KubernetesBackendAccess) => void;
    reject: (error: Error) => void;
  }> = [];

  provide(access: KubernetesBackendAccess): void {
    if (this.#access) {
      throw new Error('The Kubernetes backend access was provided twice');
    }
    this.#access = access;
    for (const waiter of this.#waiting.splice(0)) waiter.resolve(access);
  }

  get(): Promise<KubernetesBackendAccess> {
    if (this.#access) return Promise.resolve(this.#access);
    if (this.#started) {
      return Promise.reject(new KubernetesBackendAccessMissingError());
    }
    return new Promise((resolve, reject) =>
      this.#waiting.push({ resolve, reject }),
    );
  }

  /** Every plugin has initialised: whoever was to provide the access has done so by now. */
  markStarted(): void {
    this.#started = true;
    if (this.#access) return;
    for (const waiter of this.#waiting.splice(0)) {
      waiter.reject(new KubernetesBackendAccessMissingError());
    }
  }
}

/**
 * The root service that carries {@link KubernetesBackendAccess} from the Kubernetes plugin to the
 * Skyforge plugin. Root-scoped, so both plugins see the same instance.
 *
 * @public
 */
export const kubernetesBackendAccessServiceRef =
  createServiceRef<KubernetesBackendAccessService>({
    id: 'skyforge.kubernetes-backend-access',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { lifecycle: coreServices.rootLifecycle },
        factory({ lifecycle }) {
          const access = new DefaultKubernetesBackendAccessService();
          lifecycle.addStartupHook(() => access.markStarted());
          return access;
        },
      }),
  });
