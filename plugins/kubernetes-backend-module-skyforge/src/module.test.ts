import {
  createBackendPlugin,
  type BackendFeature,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  KubernetesBackendAccess,
  kubernetesBackendAccessServiceRef,
} from '@skyforge/plugin-skyforge-node';
import request from 'supertest';
import { kubernetesModuleSkyforge } from './module';

/** Stands in for the Skyforge plugin: asks for the access once the backend has started. */
function probePlugin(received: { access?: Promise<KubernetesBackendAccess> }) {
  return createBackendPlugin({
    pluginId: 'probe',
    register(env) {
      env.registerInit({
        deps: { access: kubernetesBackendAccessServiceRef },
        async init({ access }) {
          received.access = access.get();
          received.access.catch(() => undefined);
        },
      });
    },
  });
}

const config = {
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'eks-prod',
            url: 'https://eks.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'token',
          },
        ],
      },
    ],
  },
};

async function start(features: BackendFeature[]) {
  const received: { access?: Promise<KubernetesBackendAccess> } = {};
  const backend = await startTestBackend({
    features: [
      kubernetesPlugin,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
      probePlugin(received),
      ...features,
    ],
  });
  return { backend, received };
}

describe('kubernetesModuleSkyforge', () => {
  it("hands the Kubernetes backend's own cluster supplier, service locator, fetcher and auth to Skyforge", async () => {
    const { backend, received } = await start([kubernetesModuleSkyforge]);
    const access = await received.access!;
    const credentials = { $$type: '@backstage/BackstageCredentials' } as any;
    const clusters = await access.clusterSupplier.getClusters({ credentials });
    expect(clusters.map(cluster => cluster.name)).toEqual(['eks-prod']);
    const located = await access.serviceLocator.getClustersByEntity(
      { apiVersion: 'v1', kind: 'Component', metadata: { name: 'x' } },
      { objectTypesToFetch: new Set(), customResources: [], credentials },
    );
    expect(located.clusters.map(cluster => cluster.name)).toEqual(['eks-prod']);
    // Credentials and fetches load @kubernetes/client-node, an ES module Jest cannot import; the
    // Skyforge backend's end-to-end test reads clusters through them in a plain Node process.
    expect(
      access.authStrategy.validateCluster(clusters[0].authMetadata),
    ).toEqual([]);
    expect(typeof access.fetcher.fetchObjectsForService).toBe('function');
    // The Kubernetes backend's own routes work as before.
    const response = await request(backend.server).get(
      '/api/kubernetes/clusters',
    );
    expect(response.status).toBe(200);
    expect(response.body.items.map((c: { name: string }) => c.name)).toEqual([
      'eks-prod',
    ]);
    await backend.stop();
  });

  it('leaves Skyforge a clear error when the module is not installed', async () => {
    const { backend, received } = await start([]);
    await expect(received.access).rejects.toThrow(
      /add @backstage\/plugin-kubernetes-backend and @skyforge\/plugin-kubernetes-backend-module-skyforge/,
    );
    await backend.stop();
  });
});
