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
  createUpgradeStackAction,
} from './actions';
import { registerEstimateStackAction } from './actionsRegistry/registerEstimateStackAction';

/**
 * Adds the Skyforge actions `skyforge:stack:render`, `skyforge:stack:estimate` and
 * `skyforge:stack:upgrade` to the scaffolder. The upgrade reaches GitHub through the
 * `integrations.github` configuration, as the scaffolder's GitHub actions do. Renders and
 * upgrades are auditor events of the scaffolder plugin (`stack-render`, `stack-upgrade`). The
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
        scaffolder.addActions(
          createRenderStackAction({ auditor }),
          createEstimateStackAction(),
          createUpgradeStackAction({
            integrations,
            catalog,
            config,
            auditor,
            githubCredentialsProvider:
              DefaultGithubCredentialsProvider.fromIntegrations(integrations),
          }),
        );
        registerEstimateStackAction(actionsRegistry);
      },
    });
  },
});
