import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import {
  DatabaseService,
  LoggerService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { CostIngestWindow, CostRow } from '@skyforge/plugin-skyforge-node';
import type {
  CostGroupBy,
  CostSourceStatus,
} from '@skyforge/plugin-skyforge-common';
import type { CostSelector } from '../attribution/costSelector';
import { normalizeTagKey } from '../attribution/costSelector';
import { toNanos } from '../util/money';
import {
  CostBreakdownTotal,
  CostIngestSummary,
  CostQuery,
  CostStore,
  DailyCostTotal,
} from './CostStore';
import { DailyCostAggregate, DailyCostAggregator } from './DailyCostAggregator';
import { insertRows } from './insertRows';

const migrationsDir = resolvePackagePath(
  '@skyforge/plugin-skyforge-backend',
  'migrations',
);

const SOURCES = 'skyforge_cost_sources';
const TAG_SETS = 'skyforge_cost_tag_sets';
const TAG_PAIRS = 'skyforge_cost_tag_pairs';
const DAILY = 'skyforge_cost_daily';

/** Aggregates held in memory before they are written; bounds memory during ingestion. */
const FLUSH_THRESHOLD = 20_000;
/** Tag sets per INSERT (knex's multi-row form): under SQLite's 500 terms per compound SELECT. */
const INSERT_CHUNK = 400;

const DAILY_COLUMNS = [
  'source_id',
  'day',
  'row_key',
  'tag_set_id',
  'currency',
  'provider',
  'service',
  'service_category',
  'region',
  'sub_account',
  'environment',
  'amount_nanos',
  'billed_nanos',
  'row_count',
];

const GROUP_BY_COLUMNS: Record<CostGroupBy, string> = {
  service: 'service',
  environment: 'environment',
  cloud: 'provider',
  region: 'region',
  source: 'source_id',
};

interface SourceRow {
  id: string;
  type: string;
  last_attempt_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  data_through: string | null;
}

/** {@link CostStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseCostStore implements CostStore {
  static async create(options: {
    database: DatabaseService;
    logger?: LoggerService;
  }): Promise<DatabaseCostStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseCostStore(client);
  }

  constructor(private readonly db: Knex) {}

  async replaceSourceRows(options: {
    sourceId: string;
    window: CostIngestWindow;
    rows: AsyncIterable<CostRow | CostRow[]>;
  }): Promise<CostIngestSummary> {
    const { sourceId, window } = options;
    const summary: CostIngestSummary = {
      rowsRead: 0,
      rowsStored: 0,
      rowsOutsideWindow: 0,
      rowsInvalid: 0,
      aggregatesWritten: 0,
    };
    await this.db.transaction(async trx => {
      const deletion = trx(DAILY)
        .where('source_id', sourceId)
        .andWhere('day', '<=', window.to);
      if (window.from) {
        deletion.andWhere('day', '>=', window.from);
      }
      await deletion.delete();

      const aggregator = new DailyCostAggregator();
      const tagSetIds = new Map<string, number>();
      for await (const rows of options.rows) {
        for (const row of Array.isArray(rows) ? rows : [rows]) {
          const count = row.rowCount ?? 1;
          summary.rowsRead += count;
          if (
            row.date > window.to ||
            (window.from !== undefined && row.date < window.from)
          ) {
            summary.rowsOutsideWindow += count;
          } else if (aggregator.add(row)) {
            summary.rowsStored += count;
          } else {
            summary.rowsInvalid += count;
          }
        }
        if (aggregator.size >= FLUSH_THRESHOLD) {
          summary.aggregatesWritten += await this.#write(
            trx,
            sourceId,
            aggregator.drain(),
            tagSetIds,
          );
        }
      }
      summary.aggregatesWritten += await this.#write(
        trx,
        sourceId,
        aggregator.drain(),
        tagSetIds,
      );

      const latest = await trx(DAILY)
        .where('source_id', sourceId)
        .max({ day: 'day' })
        .first();
      summary.dataThrough = latest?.day ?? undefined;
    });
    return summary;
  }

  async #write(
    trx: Knex.Transaction,
    sourceId: string,
    aggregates: DailyCostAggregate[],
    tagSetIds: Map<string, number>,
  ): Promise<number> {
    if (aggregates.length === 0) {
      return 0;
    }
    const newTagSets = new Map<string, Record<string, string>>();
    for (const aggregate of aggregates) {
      if (!tagSetIds.has(aggregate.tagSetKey)) {
        newTagSets.set(aggregate.tagSetKey, aggregate.tags);
      }
    }
    const pending = [...newTagSets.entries()];
    for (let i = 0; i < pending.length; i += INSERT_CHUNK) {
      const chunk = pending.slice(i, i + INSERT_CHUNK).map(([key, tags]) => ({
        hash: createHash('sha256').update(key).digest('hex'),
        key,
        tags,
      }));
      await trx(TAG_SETS)
        .insert(
          chunk.map(({ hash, tags }) => ({ hash, tags: JSON.stringify(tags) })),
        )
        .onConflict('hash')
        .ignore();
      const stored: Array<{ id: number; hash: string }> = await trx(TAG_SETS)
        .whereIn(
          'hash',
          chunk.map(c => c.hash),
        )
        .select('id', 'hash');
      const idByHash = new Map(stored.map(r => [r.hash, Number(r.id)]));
      const pairs: Array<[number, string, string]> = [];
      for (const { hash, key, tags } of chunk) {
        const id = idByHash.get(hash)!;
        tagSetIds.set(key, id);
        const seen = new Set<string>();
        for (const [tagKey, value] of Object.entries(tags)) {
          const normalized = normalizeTagKey(tagKey);
          const pairId = `${normalized}\u0000${value}`;
          if (!seen.has(pairId)) {
            seen.add(pairId);
            pairs.push([id, normalized, value]);
          }
        }
      }
      await insertRows(trx, {
        table: TAG_PAIRS,
        columns: ['tag_set_id', 'key', 'value'],
        rows: pairs,
        conflict: 'on conflict (key, value, tag_set_id) do nothing',
      });
    }

    await insertRows(trx, {
      table: DAILY,
      columns: DAILY_COLUMNS,
      rows: aggregates.map(a => [
        sourceId,
        a.day,
        a.rowKey,
        tagSetIds.get(a.tagSetKey)!,
        a.currency,
        a.provider ?? null,
        a.service ?? null,
        a.serviceCategory ?? null,
        a.region ?? null,
        a.subAccount ?? null,
        a.environment ?? null,
        bindBigInt(a.amountNanos),
        bindBigInt(a.billedNanos),
        a.rowCount,
      ]),
      // An aggregate can span two flushes: a row already stored gets the new sums added.
      conflict: `on conflict (source_id, day, row_key) do update set ${[
        'amount_nanos',
        'billed_nanos',
        'row_count',
      ]
        .map(column => `${column} = ${DAILY}.${column} + excluded.${column}`)
        .join(', ')}`,
    });
    return aggregates.length;
  }

  async recordAttempt(options: {
    sourceId: string;
    type: string;
    at: Date;
  }): Promise<void> {
    await this.db(SOURCES)
      .insert({
        id: options.sourceId,
        type: options.type,
        last_attempt_at: options.at.toISOString(),
      })
      .onConflict('id')
      .merge(['type', 'last_attempt_at']);
  }

  async recordSuccess(options: {
    sourceId: string;
    at: Date;
    dataThrough?: string;
    rowsIngested: number;
  }): Promise<void> {
    await this.db(SOURCES)
      .where('id', options.sourceId)
      .update({
        last_success_at: options.at.toISOString(),
        last_error: null,
        data_through: options.dataThrough ?? null,
        rows_ingested: options.rowsIngested,
      });
  }

  async recordFailure(options: {
    sourceId: string;
    at: Date;
    error: string;
  }): Promise<void> {
    await this.db(SOURCES)
      .where('id', options.sourceId)
      .update({
        last_error: options.error.slice(0, 4000),
      });
  }

  async listSourceStatuses(): Promise<CostSourceStatus[]> {
    const rows: SourceRow[] = await this.db(SOURCES).select().orderBy('id');
    return rows.map(row => ({
      id: row.id,
      type: row.type,
      lastAttemptAt: row.last_attempt_at ?? undefined,
      lastSuccessAt: row.last_success_at ?? undefined,
      lastError: row.last_error ?? undefined,
      dataThrough: row.data_through ?? undefined,
    }));
  }

  async pruneSources(options: {
    keepSourceIds: string[];
  }): Promise<{ sourceIds: string[]; aggregatesDeleted: number }> {
    return this.db.transaction(async trx => {
      const stale: string[] = (
        await trx(DAILY)
          .distinct('source_id')
          .whereNotIn('source_id', options.keepSourceIds)
      ).map((row: { source_id: string }) => row.source_id);
      const staleStatuses: string[] = (
        await trx(SOURCES).select('id').whereNotIn('id', options.keepSourceIds)
      ).map((row: { id: string }) => row.id);
      const aggregatesDeleted = await trx(DAILY)
        .whereNotIn('source_id', options.keepSourceIds)
        .delete();
      await trx(SOURCES).whereNotIn('id', options.keepSourceIds).delete();
      return {
        sourceIds: [...new Set([...stale, ...staleStatuses])].sort(),
        aggregatesDeleted,
      };
    });
  }

  async getLatestDay(): Promise<string | undefined> {
    const row = await this.db(DAILY).max({ day: 'day' }).first();
    return row?.day ?? undefined;
  }

  async getDailyTotals(query: CostQuery): Promise<DailyCostTotal[]> {
    const rows: Array<{ day: string; currency: string; amount: unknown }> =
      await this.#filtered(query)
        .select('day', 'currency')
        .sum({ amount: 'amount_nanos' })
        .groupBy('day', 'currency')
        .orderBy('day');
    return rows.map(row => ({
      day: row.day,
      currency: row.currency,
      amountNanos: toNanos(row.amount),
    }));
  }

  async getBreakdown(
    query: CostQuery & { groupBy: CostGroupBy },
  ): Promise<CostBreakdownTotal[]> {
    const column = GROUP_BY_COLUMNS[query.groupBy];
    const rows: Array<{
      key: string | null;
      currency: string;
      amount: unknown;
    }> = await this.#filtered(query)
      .select({ key: column }, 'currency')
      .sum({ amount: 'amount_nanos' })
      .groupBy(column, 'currency');
    return rows.map(row => ({
      key: row.key ?? undefined,
      currency: row.currency,
      amountNanos: toNanos(row.amount),
    }));
  }

  async getTotals(
    query: CostQuery,
  ): Promise<Array<{ currency: string; amountNanos: bigint }>> {
    const rows: Array<{ currency: string; amount: unknown }> =
      await this.#filtered(query)
        .select('currency')
        .sum({ amount: 'amount_nanos' })
        .groupBy('currency')
        .orderBy('currency');
    return rows.map(row => ({
      currency: row.currency,
      amountNanos: toNanos(row.amount),
    }));
  }

  #filtered(query: CostQuery): Knex.QueryBuilder {
    const builder = this.db(DAILY).whereBetween('day', [query.from, query.to]);
    if (query.selectors !== undefined) {
      if (query.selectors.length === 0) {
        builder.whereRaw('1 = 0');
      } else {
        builder.whereIn('tag_set_id', this.#matchingTagSets(query.selectors));
      }
    }
    if (query.excludeSelectors && query.excludeSelectors.length > 0) {
      builder.whereNotIn(
        'tag_set_id',
        this.#matchingTagSets(query.excludeSelectors),
      );
    }
    for (const replaced of query.replaced ?? []) {
      builder.where(rows =>
        rows
          .where('source_id', replaced.bySourceId)
          .orWhereNotIn(
            'tag_set_id',
            this.#matchingTagSets(replaced.selectors),
          ),
      );
    }
    return builder;
  }

  /**
   * Tag sets matching any selector: per selector, the tag sets holding all its pairs (each pair is
   * stored once per tag set, so counting matched pairs counts matched terms); the UNION makes a
   * row matched by several selectors count once.
   */
  #matchingTagSets(selectors: CostSelector[]): Knex.QueryBuilder {
    const perSelector = selectors.map((selector, index) =>
      this.db.select('tag_set_id').from(
        this.db(TAG_PAIRS)
          .select('tag_set_id')
          .where(builder => {
            for (const term of selector.terms) {
              builder.orWhere(pair =>
                pair.where('key', term.key).andWhere('value', term.value),
              );
            }
          })
          .groupBy('tag_set_id')
          .havingRaw('count(*) = ?', [selector.terms.length])
          .as(`selector_${index}`),
      ),
    );
    const [first, ...rest] = perSelector;
    // Each part is a derived table, so its GROUP BY stays inside it on both databases.
    return rest.length > 0 ? first.union(rest) : first;
  }
}

/** Binds a bigint so that both drivers accept it exactly. */
function bindBigInt(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) &&
    value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}
