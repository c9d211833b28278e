import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { skyforgePermissions } from '@skyforge/plugin-skyforge-common';
import {
  CostSource,
  kubernetesBackendAccessServiceRef,
  skyforgeCostSourcesExtensionPoint,
} from '@skyforge/plugin-skyforge-node';
import { registerGetEntityCostAction } from './actions/registerGetEntityCostAction';
import { registerGetEntityHealthAction } from './actions/registerGetEntityHealthAction';
import { CostAlerter } from './alerts/CostAlerter';
import {
  CostAlertScheduler,
  readCostAlertOptions,
} from './alerts/CostAlertScheduler';
import { CostAlertStore } from './alerts/CostAlertStore';
import { DatabaseCostStore } from './database/DatabaseCostStore';
import { CostIngester } from './ingestion/CostIngester';
import { CostIngestionScheduler } from './ingestion/CostIngestionScheduler';
import { pruneRemovedSources } from './ingestion/pruneRemovedSources';
import { DefaultFleetService } from './fleet/DefaultFleetService';
import { createHealthRoutes } from './health/createHealthRoutes';
import { DefaultHealthService } from './health/DefaultHealthService';
import { KubernetesHealthService } from './health/KubernetesHealthService';
import { createRouter } from './router';
import { DefaultEntityCostService } from './service/DefaultEntityCostService';
import { createStackCheckRoutes } from './stackChecks/createStackCheckRoutes';
import { builtInCostSourceTypes } from './sources/builtInCostSourceTypes';
import {
  CostSourceTypeRegistry,
  createCostSources,
} from './sources/createCostSources';
import { systemClock } from './util/clock';

/**
 * The Skyforge backend plugin: cost ingestion, and the cost, health and stack policy check APIs under
 * `/api/skyforge`.
 *
 * @public
 */
export const skyforgePlugin = createBackendPlugin({
  pluginId: 'skyforge',
  register(env) {
    const addedSources: CostSource[] = [];
    const sourceTypes = new CostSourceTypeRegistry(builtInCostSourceTypes);
    env.registerExtensionPoint(skyforgeCostSourcesExtensionPoint, {
      addCostSourceType(sourceType) {
        sourceTypes.add(sourceType);
      },
      addCostSource(source) {
        addedSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        kubernetesAccess: kubernetesBackendAccessServiceRef,
        urlReader: coreServices.urlReader,
        auditor: coreServices.auditor,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, database, httpRouter, httpAuth } = deps;
        deps.permissionsRegistry.addPermissions(skyforgePermissions);

        const store = await DatabaseCostStore.create({ database, logger });
        const sources = createCostSources({
          config,
          types: sourceTypes,
          context: {
            logger,
            urlReader: deps.urlReader,
            workingDirectory: process.cwd(),
          },
          additionalSources: addedSources,
        });
        await pruneRemovedSources({
          store,
          keepSourceIds: sources.map(s => s.id),
          auditor: deps.auditor,
          logger,
        });
        const ingester = CostIngester.create({
          store,
          sources,
          logger,
          clock: systemClock,
          auditor: deps.auditor,
        });
        const costService = DefaultEntityCostService.create({
          store,
          catalog: deps.catalog,
          permissions: deps.permissions,
          logger,
          clock: systemClock,
          sources,
        });
        // Budget and anomaly alerts: after each ingestion run, and on their own schedule.
        const alertOptions = readCostAlertOptions(config);
        const alerts = alertOptions.enabled
          ? new CostAlertScheduler({
              scheduler: deps.scheduler,
              logger,
              schedule: alertOptions.schedule,
              alerter: CostAlerter.create({
                catalog: deps.catalog,
                auth: deps.auth,
                costService,
                store: await CostAlertStore.create({ database }),
                notifications: deps.notifications,
                logger,
                clock: systemClock,
                anomaly: alertOptions.anomaly,
              }),
            })
          : undefined;
        await alerts?.start();
        await CostIngestionScheduler.fromConfig(config, {
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
          logger,
          ingester,
          afterRun: alerts && (() => alerts.trigger()),
        }).start();

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions: deps.permissions,
            costService,
          }),
        );

        // Health reads Kubernetes through the Kubernetes backend's in-process services (its
        // clusters, fetcher and auth), which its Skyforge module hands over.
        const kubernetes = KubernetesHealthService.create({
          access: deps.kubernetesAccess,
          auth: deps.auth,
          logger,
          config,
        });
        const dependencies = {
          kubernetes,
          catalog: deps.catalog,
          permissions: deps.permissions,
          clock: systemClock,
        };
        const healthService = DefaultHealthService.create(dependencies);
        httpRouter.use(
          createHealthRoutes({
            healthService,
            fleetService: DefaultFleetService.create({
              ...dependencies,
              costService,
              logger,
            }),
            httpAuth,
          }),
        );

        // The Create wizard's policy check preview: renders and checks the form's stack.
        httpRouter.use(
          createStackCheckRoutes({ httpAuth, permissions: deps.permissions }),
        );

        // Actions for AI assistants (the actions registry, served over MCP by mcp-actions).
        registerGetEntityCostAction({
          actionsRegistry: deps.actionsRegistry,
          costService,
        });
        registerGetEntityHealthAction({
          actionsRegistry: deps.actionsRegistry,
          healthService,
        });
      },
    });
  },
});
