import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  type Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_BUDGET,
  ANNOTATION_COST_SELECTOR,
  ANNOTATION_STACK,
} from '@skyforge/plugin-skyforge-common';
import type { EntityCostService } from '../service/EntityCostService';
import type { Clock } from '../util/clock';
import type { CostAlertStore } from './CostAlertStore';
import type { AnomalyOptions } from './detectDailyAnomaly';
import { type CostAlert, evaluateCostAlerts } from './evaluateCostAlerts';

/** Sent alerts are remembered this long, well past the month or day they were about. */
const RETENTION_DAYS = 400;

/** What one run did. */
export interface CostAlertRun {
  entitiesEvaluated: number;
  sent: CostAlert[];
  /** Alerts already sent in an earlier run (same entity, kind and period). */
  alreadySent: number;
  failed: number;
}

/** The owner of an entity as a full entity ref, defaulting to a Group in the entity's namespace. */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.trim() === '') return undefined;
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}

/**
 * Budget and anomaly alerts: reads the entities Skyforge attributes cost to (those with a
 * `skyforge.io/budget`, `skyforge.io/cost-selector` or `skyforge.io/stack` annotation), computes
 * each one's cost with Skyforge's own credentials, and notifies its owner (an `entity` recipient,
 * which the notifications backend resolves to the group's members) of every alert not sent
 * before; the plugin's database remembers what was sent, so each entity × kind × period is
 * notified once. A failing entity or notification is logged and retried on the next run.
 */
export class CostAlerter {
  static create(options: {
    catalog: CatalogService;
    auth: AuthService;
    costService: EntityCostService;
    store: CostAlertStore;
    notifications: NotificationService;
    logger: LoggerService;
    clock: Clock;
    anomaly: AnomalyOptions;
  }): CostAlerter {
    return new CostAlerter(options);
  }

  private constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      costService: EntityCostService;
      store: CostAlertStore;
      notifications: NotificationService;
      logger: LoggerService;
      clock: Clock;
      anomaly: AnomalyOptions;
    },
  ) {}

  async run(options: { signal?: AbortSignal } = {}): Promise<CostAlertRun> {
    const { catalog, auth, store, logger, clock } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const { items: entities } = await catalog.getEntities(
      {
        filter: [
          ANNOTATION_BUDGET,
          ANNOTATION_COST_SELECTOR,
          ANNOTATION_STACK,
        ].map(annotation => ({
          [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
        })),
      },
      { credentials },
    );
    const run: CostAlertRun = {
      entitiesEvaluated: 0,
      sent: [],
      alreadySent: 0,
      failed: 0,
    };
    for (const entity of entities) {
      if (options.signal?.aborted) break;
      const entityRef = stringifyEntityRef(entity);
      const recipient = ownerRef(entity);
      let alerts: CostAlert[];
      try {
        alerts = await this.#evaluate(entity, credentials);
      } catch (error) {
        run.failed++;
        logger.warn(
          `Cost alerts: could not evaluate ${entityRef}: ${
            (error as Error).message
          }`,
        );
        continue;
      }
      run.entitiesEvaluated++;
      for (const alert of alerts) {
        if (await store.wasSent(alert)) {
          run.alreadySent++;
        } else if (!recipient) {
          logger.warn(
            `Cost alerts: ${entityRef} has no owner to notify of '${alert.kind}' (${alert.period})`,
          );
        } else if (await this.#send(alert, entity, recipient)) {
          run.sent.push(alert);
        } else {
          run.failed++;
        }
      }
    }
    await store.deleteSentBefore(
      new Date(clock.now().getTime() - RETENTION_DAYS * 86_400_000),
    );
    logger.info(
      `Cost alerts: ${run.entitiesEvaluated} entities evaluated, ${run.sent.length} notifications sent, ` +
        `${run.alreadySent} sent before, ${run.failed} failed`,
    );
    return run;
  }

  #evaluate(
    entity: Entity,
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ): Promise<CostAlert[]> {
    const { costService, anomaly } = this.options;
    return costService
      .getEntityCost({
        entityRef: getCompoundEntityRef(entity),
        // The judged day and the window before it, ending at the latest day of data.
        days: anomaly.windowDays + 1,
        granularity: 'day',
        groupBy: 'service',
        credentials,
      })
      .then(cost =>
        evaluateCostAlerts({
          cost,
          name: entity.metadata.title ?? entity.metadata.name,
          anomaly,
        }),
      );
  }

  async #send(
    alert: CostAlert,
    entity: Entity,
    recipient: string,
  ): Promise<boolean> {
    const { notifications, store, logger, clock } = this.options;
    const { kind, namespace, name } = getCompoundEntityRef(entity);
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: {
          title: alert.title,
          description: alert.description,
          link: `/catalog/${namespace}/${kind.toLocaleLowerCase(
            'en-US',
          )}/${name}/cost`,
          severity: alert.severity,
          topic: 'Skyforge cost',
          // The notifications backend updates, not repeats, a notification of the same scope.
          scope: `skyforge:cost:${alert.entityRef}:${alert.kind}:${alert.period}:${alert.currency}`,
        },
      });
      await store.recordSent(alert, { recipient, at: clock.now() });
      return true;
    } catch (error) {
      logger.warn(
        `Cost alerts: could not notify ${recipient} of '${alert.kind}' for ${
          alert.entityRef
        } (${alert.period}): ${(error as Error).message}`,
      );
      return false;
    }
  }
}
