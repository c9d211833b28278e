import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * One normalised cost row, as a cost source yields it.
 *
 * @remarks
 *
 * Rows are the unit every source (FOCUS exports, OpenCost, native billing APIs, third-party
 * sources) is reduced to. The backend aggregates rows per day, tag set and dimension before it
 * stores them, so a source may yield fine-grained (for example hourly, per-resource) rows.
 *
 * @public
 */
export interface CostRow {
  /** The charge day in UTC, `YYYY-MM-DD`. */
  date: string;
  /**
   * The cost attributed to entities, as a decimal string in the currency's major unit
   * (e.g. `"12.3456789"`), or a finite number. FOCUS: `EffectiveCost`.
   *
   * @remarks
   * Strings are preferred: they are parsed without floating point, so totals reconcile to the
   * cent with the source data.
   */
  amount: string | number;
  /** The invoiced cost, when the source knows it (FOCUS: `BilledCost`). Same format as `amount`. */
  billedAmount?: string | number;
  /** ISO 4217 currency code, e.g. `USD`. Amounts in different currencies are never summed. */
  currency: string;
  /** The cloud or platform, e.g. `AWS`, `Microsoft`, `Kubernetes` (FOCUS: `ProviderName`). */
  provider?: string;
  /** The service, e.g. `Amazon Elastic Compute Cloud` (FOCUS: `ServiceName`). */
  service?: string;
  /** The service category, e.g. `Compute` (FOCUS: `ServiceCategory`). */
  serviceCategory?: string;
  /** The region id, e.g. `us-east-1` (FOCUS: `RegionId`). */
  region?: string;
  /** The account, subscription or project (FOCUS: `SubAccountId`). */
  subAccount?: string;
  /** The resource the cost belongs to (FOCUS: `ResourceId`). Used for diagnostics only. */
  resourceId?: string;
  /**
   * Tags or labels of the resource. Entities select rows by these (the
   * `skyforge.io/cost-selector` annotation). Keys are trimmed and compared case-insensitively;
   * values are compared exactly.
   */
  tags: Record<string, string>;
  /**
   * How many records of the source this row sums, when the source aggregates before yielding
   * (for example per day and tag set). Only counted in ingestion statistics. Default 1.
   */
  rowCount?: number;
}

/**
 * A window of charge days, both ends inclusive, `YYYY-MM-DD` in UTC.
 *
 * @public
 */
export interface CostIngestWindow {
  /** The first day, or undefined for "from the beginning of the source's history". */
  from?: string;
  /** The last day. */
  to: string;
}

/**
 * What the backend hands to {@link CostSource.ingest}.
 *
 * @public
 */
export interface CostIngestOptions {
  /**
   * The window to ingest. The backend replaces everything the source stored for this window
   * with the rows yielded, inside one transaction; rows outside the window are dropped.
   */
  window: CostIngestWindow;
  /** A logger scoped to this source. */
  logger: LoggerService;
  /** Aborted when the scheduled task times out or the backend shuts down. */
  signal?: AbortSignal;
}

/**
 * A source of cost data, such as FOCUS exports or an OpenCost endpoint.
 *
 * @remarks
 *
 * The backend calls {@link CostSource.ingest} on its schedule and stores what it yields in its
 * own database; page views never call a source. Ingestion is idempotent by construction: the
 * rows a source yields for a window replace what it yielded for that window before, and a run
 * that throws leaves the previous data in place.
 *
 * @public
 */
export interface CostSource {
  /** A stable id, unique among the configured sources, e.g. `focus-aws`. Stored with every row. */
  readonly id: string;
  /** The kind of source, e.g. `focus`, `opencost`, or a third-party name. */
  readonly type: string;
  /**
   * How many days back from today each run covers. Undefined means the source's whole history
   * (suitable for exports that are re-read in full, such as FOCUS files).
   */
  readonly lookbackDays?: number;
  /**
   * Cost selectors (`key=value,...`, as in `skyforge.io/cost-selector`) of rows from *other*
   * sources that this source's rows replace. While this source is configured, such rows count
   * toward no entity, so the same spend is not counted twice.
   *
   * @remarks
   * OpenCost uses it for the node cost of its cluster: billing exports carry the nodes' cost
   * tagged like the workloads, and OpenCost's allocations split that same cost among them.
   */
  readonly replaces?: string[];
  /**
   * Streams the normalised rows of the window, one by one or in arrays (batches cost less per
   * row, which matters for sources of millions of rows). Throwing (or rejecting during
   * iteration) fails the run; the previously stored data of the source stays untouched.
   */
  ingest(options: CostIngestOptions): AsyncIterable<CostRow | CostRow[]>;
}
