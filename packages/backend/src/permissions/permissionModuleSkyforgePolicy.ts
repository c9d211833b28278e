import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { GroupHierarchy } from './GroupHierarchy';
import { SkyforgeExamplePolicy } from './SkyforgeExamplePolicy';

/**
 * Installs {@link SkyforgeExamplePolicy} as the permission backend's policy, with the admin
 * groups of `skyforge.policy.adminGroups`.
 */
export const permissionModuleSkyforgePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'skyforge-example-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, userInfo, auth, catalog }) {
        policy.setPolicy(
          new SkyforgeExamplePolicy({
            // `platform` and `group:default/platform` name the same group.
            adminGroups: (
              config.getOptionalStringArray('skyforge.policy.adminGroups') ?? []
            ).map(ref =>
              stringifyEntityRef(
                parseEntityRef(ref, {
                  defaultKind: 'group',
                  defaultNamespace: 'default',
                }),
              ),
            ),
            userInfo,
            groups: new GroupHierarchy({ catalog, auth }),
          }),
        );
      },
    });
  },
});
