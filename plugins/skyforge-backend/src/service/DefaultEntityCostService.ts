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
  skyforgeCostSourcesReadPermission,
} from '@skyforge/plugin-skyforge-common';
import type { CostSource } from '@skyforge/plugin-skyforge-node';
import { parseBudget, parseCostSelector } from '../attribution/costSelector';
import { resolveCostEntities } from '../attribution/resolveCostEntities';
import type { CostStore, ReplacedRows } from '../database/CostStore';
import type { Clock } from '../util/clock';
import { addDays, toDay } from '../util/dates';
import { buildCurrencyCosts, costPeriods } from './buildCurrencyCosts';
import type { EntityCostRequest, EntityCostService } from './EntityCostService';

/** Length of the default period, ending on the latest day of data. */
export const DEFAULT_PERIOD_DAYS = 30;

/**
 * {@link EntityCostService} over a {@link CostStore} and the catalog. The catalog is read with
 * the caller's credentials and each part's `skyforge.cost.read` is checked, so roll-ups only
 * include the parts whose cost the caller may read, and count the others.
 */
export class DefaultEntityCostService implements EntityCostService {
  static create(options: {
    store: CostStore;
    catalog: CatalogService;
    permissions: PermissionsService;
    logger: LoggerService;
    clock: Clock;
    /** The configured sources: their ids, types and the rows of others they replace. */
    sources: Array<Pick<CostSource, 'id' | 'type' | 'replaces'>>;
  }): DefaultEntityCostService {
    return new DefaultEntityCostService(options, replacedRows(options.sources));
  }

  private constructor(
    private readonly options: {
      store: CostStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      logger: LoggerService;
      clock: Clock;
      sources: Array<Pick<CostSource, 'id' | 'type' | 'replaces'>>;
    },
    private readonly replaced: ReplacedRows[],
  ) {}

  async getEntityCost(request: EntityCostRequest): Promise<EntityCostResponse> {
    const { store, catalog, permissions, logger } = this.options;
    const entityRef = stringifyEntityRef(request.entityRef);
    const [decision, sourcesDecision] = await permissions.authorize(
      [
        { permission: skyforgeCostReadPermission, resourceRef: entityRef },
        { permission: skyforgeCostSourcesReadPermission },
      ],
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

    let resolved;
    let budget;
    try {
      resolved = await resolveCostEntities({
        root: entity,
        catalog,
        permissions,
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
    const { attributed, hiddenCount } = resolved;
    const selectors = attributed.map(a => a.selector);
    const replaced = this.replaced;
    const [daily, breakdown, sources] = await Promise.all([
      store.getDailyTotals({
        from: periods.queryFrom,
        to,
        selectors,
        replaced,
      }),
      store.getBreakdown({
        from,
        to,
        selectors,
        replaced,
        groupBy: request.groupBy,
      }),
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
      hiddenCount,
      currencies: buildCurrencyCosts({
        periods,
        granularity: request.granularity,
        daily,
        breakdown,
        budget,
      }),
      // Last errors can name paths, buckets and URLs: only for those allowed to see sources.
      sources:
        sourcesDecision.result === AuthorizeResult.ALLOW
          ? sources
          : sources.map(({ lastError: _lastError, ...status }) => status),
    };
  }

  async listSources(): Promise<CostSourceStatus[]> {
    const stored = await this.options.store.listSourceStatuses();
    const byId = new Map(stored.map(status => [status.id, status]));
    // Configured sources that never ran still show, so a missing first run is visible.
    return this.options.sources.map(
      source => byId.get(source.id) ?? { id: source.id, type: source.type },
    );
  }
}

/**
 * The no-double-counting rule: rows of other sources that a source replaces (OpenCost: the node
 * cost of its cluster in billing exports) count toward no entity. Invalid selectors fail here,
 * at start-up, naming the source.
 */
export function replacedRows(
  sources: Array<Pick<CostSource, 'id' | 'replaces'>>,
): ReplacedRows[] {
  return sources
    .filter(source => (source.replaces ?? []).length > 0)
    .map(source => ({
      bySourceId: source.id,
      selectors: source.replaces!.map(text => {
        try {
          return parseCostSelector(text);
        } catch (error) {
          throw new Error(
            `Cost source '${source.id}' replaces rows by an invalid selector: ${
              (error as Error).message
            }`,
          );
        }
      }),
    }));
}
