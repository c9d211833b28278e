import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  CostSourceStatus,
  EntityCostResponse,
  skyforgeCostReadPermission,
} from '@skyforge/plugin-skyforge-common';
import { parseBudget } from '../attribution/costSelector';
import { resolveCostEntities } from '../attribution/resolveCostEntities';
import type { CostStore } from '../database/CostStore';
import type { Clock } from '../util/clock';
import { addDays, toDay } from '../util/dates';
import { buildCurrencyCosts, costPeriods } from './buildCurrencyCosts';
import type { EntityCostRequest, EntityCostService } from './EntityCostService';

/** Length of the default period, ending on the latest day of data. */
export const DEFAULT_PERIOD_DAYS = 30;

/**
 * {@link EntityCostService} over a {@link CostStore} and the catalog. The catalog is read with
 * the caller's credentials, so roll-ups only include entities the caller may see.
 */
export class DefaultEntityCostService implements EntityCostService {
  static create(options: {
    store: CostStore;
    catalog: CatalogService;
    permissions: PermissionsService;
    logger: LoggerService;
    clock: Clock;
    sourceIds: Array<{ id: string; type: string }>;
  }): DefaultEntityCostService {
    return new DefaultEntityCostService(options);
  }

  private constructor(
    private readonly options: {
      store: CostStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      logger: LoggerService;
      clock: Clock;
      sourceIds: Array<{ id: string; type: string }>;
    },
  ) {}

  async getEntityCost(request: EntityCostRequest): Promise<EntityCostResponse> {
    const { store, catalog, permissions, logger } = this.options;
    const entityRef = stringifyEntityRef(request.entityRef);
    const [decision] = await permissions.authorize(
      [{ permission: skyforgeCostReadPermission, resourceRef: entityRef }],
      { credentials: request.credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to read the cost of '${entityRef}'`,
      );
    }
    const entity = await catalog.getEntityByRef(request.entityRef, {
      credentials: request.credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity '${entityRef}' in the catalog`);
    }

    let attributed;
    let budget;
    try {
      attributed = await resolveCostEntities({
        root: entity,
        catalog,
        credentials: request.credentials,
        logger,
      });
      budget = parseBudget(entity);
    } catch (error) {
      throw new InputError(
        `Entity '${entityRef}': ${(error as Error).message}`,
      );
    }

    const to =
      request.to ??
      (await store.getLatestDay()) ??
      toDay(this.options.clock.now());
    const from =
      request.from ?? addDays(to, -((request.days ?? DEFAULT_PERIOD_DAYS) - 1));
    if (from > to) {
      throw new InputError(
        `Invalid query parameter 'from': ${from} is after 'to' (${to})`,
      );
    }
    const periods = costPeriods(from, to);
    const selectors = attributed.map(a => a.selector);
    const [daily, breakdown, sources] = await Promise.all([
      store.getDailyTotals({ from: periods.queryFrom, to, selectors }),
      store.getBreakdown({ from, to, selectors, groupBy: request.groupBy }),
      this.listSources(),
    ]);

    return {
      entityRef,
      from,
      to,
      granularity: request.granularity,
      groupBy: request.groupBy,
      selectors: attributed.map(a => ({
        entityRef: a.entityRef,
        selector: a.selectorText,
      })),
      currencies: buildCurrencyCosts({
        periods,
        granularity: request.granularity,
        daily,
        breakdown,
        budget,
      }),
      sources,
    };
  }

  async listSources(): Promise<CostSourceStatus[]> {
    const stored = await this.options.store.listSourceStatuses();
    const byId = new Map(stored.map(status => [status.id, status]));
    // Configured sources that never ran still show, so a missing first run is visible.
    return this.options.sourceIds.map(
      source => byId.get(source.id) ?? { id: source.id, type: source.type },
    );
  }
}
