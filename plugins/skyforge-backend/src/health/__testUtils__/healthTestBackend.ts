/*
 * A Backstage backend with the real Kubernetes backend plugin and its Skyforge module, an
 * in-memory catalog and the real Skyforge plugin, run as its own Node.js process. The Kubernetes
 * backend loads `@kubernetes/client-node` (ESM only) with a dynamic import, which Jest's CommonJS
 * runtime cannot execute, so end-to-end tests start this file with plain Node instead of
 * in-process.
 *
 * Configuration comes as JSON in SKYFORGE_TEST_BACKEND_CONFIG, entities in
 * SKYFORGE_TEST_BACKEND_ENTITIES. Prints `READY <port>` once it serves requests.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const config = JSON.parse(process.env.SKYFORGE_TEST_BACKEND_CONFIG ?? '{}');
const entities = JSON.parse(process.env.SKYFORGE_TEST_BACKEND_ENTITIES ?? '[]');

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
backend.add(import('@skyforge/plugin-kubernetes-backend-module-skyforge'));
backend.add(import('../../index'));
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
