import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  CostIngestWindow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import type { CostIngestSummary, CostStore } from '../database/CostStore';
import type { Clock } from '../util/clock';
import { isDailyAggregateSource } from './DailyAggregateSource';
import { addDays, daysInclusive, toDay } from '../util/dates';

/** The outcome of ingesting one source. */
export interface CostIngestResult {
  sourceId: string;
  summary?: CostIngestSummary;
  error?: Error;
}

/**
 * Runs the cost sources into the store, one after the other. A failing source records its
 * error and keeps its previous data; the others still run. Each source's run is an auditor
 * event `cost-ingestion` (severity medium: it replaces stored data) with its rows, window,
 * duration and outcome.
 */
export class CostIngester {
  static create(options: {
    store: CostStore;
    sources: CostSource[];
    logger: LoggerService;
    clock: Clock;
    auditor?: AuditorService;
  }): CostIngester {
    return new CostIngester(
      options.store,
      options.sources,
      options.logger,
      options.clock,
      options.auditor,
    );
  }

  private constructor(
    private readonly store: CostStore,
    private readonly sources: CostSource[],
    private readonly logger: LoggerService,
    private readonly clock: Clock,
    private readonly auditor?: AuditorService,
  ) {}

  get sourceIds(): string[] {
    return this.sources.map(source => source.id);
  }

  async ingestAll(
    options: { signal?: AbortSignal } = {},
  ): Promise<CostIngestResult[]> {
    const results: CostIngestResult[] = [];
    for (const source of this.sources) {
      if (options.signal?.aborted) {
        break;
      }
      results.push(await this.ingestSource(source, options));
    }
    return results;
  }

  /** The window a run covers: up to today (UTC), back `lookbackDays` or the whole history. */
  windowFor(source: CostSource): CostIngestWindow {
    const today = toDay(this.clock.now());
    return source.lookbackDays === undefined
      ? { to: today }
      : {
          from: addDays(today, -(Math.max(1, source.lookbackDays) - 1)),
          to: today,
        };
  }

  async ingestSource(
    source: CostSource,
    options: { signal?: AbortSignal } = {},
  ): Promise<CostIngestResult> {
    const logger = this.logger.child({ costSource: source.id });
    const window = this.windowFor(source);
    const started = this.clock.now();
    const audit = await this.auditor?.createEvent({
      eventId: 'cost-ingestion',
      severityLevel: 'medium',
      meta: {
        sourceId: source.id,
        sourceType: source.type,
        window: { ...(window.from && { from: window.from }), to: window.to },
        ...(window.from && {
          windowDays: daysInclusive(window.from, window.to),
        }),
      },
    });
    const durationMs = () => this.clock.now().getTime() - started.getTime();
    await this.store.recordAttempt({
      sourceId: source.id,
      type: source.type,
      at: started,
    });
    try {
      const ingestOptions = { window, logger, signal: options.signal };
      const summary = isDailyAggregateSource(source)
        ? await this.store.replaceSourceAggregates({
            sourceId: source.id,
            window,
            aggregates: source.ingestDailyAggregates(ingestOptions),
          })
        : await this.store.replaceSourceRows({
            sourceId: source.id,
            window,
            rows: source.ingest(ingestOptions),
          });
      await this.store.recordSuccess({
        sourceId: source.id,
        at: this.clock.now(),
        dataThrough: summary.dataThrough,
        rowsIngested: summary.rowsStored,
      });
      logger.info(
        `Ingested cost source '${source.id}': ${summary.rowsStored} rows into ${summary.aggregatesWritten} daily aggregates` +
          ` (window ${window.from ?? 'start'}..${window.to}, data through ${
            summary.dataThrough ?? 'none'
          }` +
          `, ${summary.rowsOutsideWindow} outside the window, ${summary.rowsInvalid} with an invalid amount)`,
      );
      await audit?.success({
        meta: {
          rowsRead: summary.rowsRead,
          rowsStored: summary.rowsStored,
          rowsOutsideWindow: summary.rowsOutsideWindow,
          rowsInvalid: summary.rowsInvalid,
          aggregatesWritten: summary.aggregatesWritten,
          ...(summary.dataThrough && { dataThrough: summary.dataThrough }),
          durationMs: durationMs(),
        },
      });
      return { sourceId: source.id, summary };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      await this.store.recordFailure({
        sourceId: source.id,
        at: this.clock.now(),
        error: failure.message,
      });
      logger.error(
        `Ingesting cost source '${source.id}' failed; its previous data is kept: ${failure.message}`,
      );
      await audit?.fail({ error: failure, meta: { durationMs: durationMs() } });
      return { sourceId: source.id, error: failure };
    }
  }
}
