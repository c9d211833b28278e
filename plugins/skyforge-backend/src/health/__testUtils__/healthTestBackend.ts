/*
 * A Backstage backend with the real Kubernetes backend plugin, an in-memory catalog and the
 * health routes, run as its own Node.js process. The Kubernetes backend loads
 * `@kubernetes/client-node` (ESM only) with a dynamic import, which Jest's CommonJS runtime
 * cannot execute, so end-to-end tests start this file with plain Node instead of in-process.
 *
 * Configuration comes as JSON in SKYFORGE_TEST_BACKEND_CONFIG, entities in
 * SKYFORGE_TEST_BACKEND_ENTITIES. Prints `READY <port>` once it serves requests.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesHealthService } from '../KubernetesHealthService';
import { createHealthRoutes } from '../createHealthRoutes';

const config = JSON.parse(process.env.SKYFORGE_TEST_BACKEND_CONFIG ?? '{}');
const entities = JSON.parse(process.env.SKYFORGE_TEST_BACKEND_ENTITIES ?? '[]');

const healthRoutesPlugin = createBackendPlugin({
  pluginId: 'skyforge',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        permissions: coreServices.permissions,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
      },
      async init({
        httpRouter,
        discovery,
        auth,
        logger,
        config: rootConfig,
        permissions,
        httpAuth,
        catalog,
      }) {
        const healthService = KubernetesHealthService.create({
          discovery,
          auth,
          logger,
          config: rootConfig,
        });
        httpRouter.use(
          createHealthRoutes({ healthService, catalog, permissions, httpAuth }),
        );
      },
    });
  },
});

const backend = createBackend();
backend.add(
  createServiceFactory({
    service: coreServices.rootConfig,
    deps: {},
    factory: () => new ConfigReader(config),
  }),
);
backend.add(catalogServiceMock.factory({ entities }));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(healthRoutesPlugin);
backend.start().then(
  () => process.stdout.write(`READY ${config.backend.listen.port}\n`),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
process.on('SIGTERM', () => {
  backend.stop().finally(() => process.exit(0));
});
