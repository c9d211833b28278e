import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createEstimateStackAction,
  createRenderStackAction,
  createTeardownStackAction,
  createUpgradeStackAction,
} from './actions';
import { registerEstimateStackAction } from './actionsRegistry/registerEstimateStackAction';

/**
 * Adds the Skyforge actions `skyforge:stack:render`, `skyforge:stack:estimate`,
 * `skyforge:stack:upgrade` and `skyforge:stack:teardown` to the scaffolder. Upgrade and teardown
 * reach GitHub through the `integrations.github` configuration, as the scaffolder's GitHub actions
 * do. Renders, upgrades and teardowns are auditor events of the scaffolder plugin (`stack-render`,
 * `stack-upgrade`, `stack-teardown`). The
 * estimate is also the `estimate-stack` action of the actions registry, for AI assistants (MCP).
 *
 * @public
 */
export const scaffolderModuleSkyforge = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'skyforge',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({ scaffolder, config, catalog, auditor, actionsRegistry }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const githubCredentialsProvider =
          DefaultGithubCredentialsProvider.fromIntegrations(integrations);
        scaffolder.addActions(
          createRenderStackAction({ auditor }),
          createEstimateStackAction(),
          createUpgradeStackAction({
            integrations,
            catalog,
            config,
            auditor,
            githubCredentialsProvider,
          }),
          createTeardownStackAction({
            integrations,
            catalog,
            config,
            auditor,
            githubCredentialsProvider,
          }),
        );
        registerEstimateStackAction(actionsRegistry);
      },
    });
  },
});
