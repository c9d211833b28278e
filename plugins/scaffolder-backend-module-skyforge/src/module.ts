import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createEstimateStackAction, createRenderStackAction } from './actions';

/**
 * Adds the Skyforge actions `skyforge:stack:render` and `skyforge:stack:estimate` to the
 * scaffolder.
 *
 * @public
 */
export const scaffolderModuleSkyforge = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'skyforge',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createRenderStackAction(),
          createEstimateStackAction(),
        );
      },
    });
  },
});
