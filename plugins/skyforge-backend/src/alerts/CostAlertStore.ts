import type { DatabaseService } from '@backstage/backend-plugin-api';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { CostAlert } from './evaluateCostAlerts';

const ALERTS = 'skyforge_cost_alerts';

/** An alert's identity: at most one notification per entity, kind, period and currency. */
export type CostAlertKey = Pick<
  CostAlert,
  'entityRef' | 'kind' | 'period' | 'currency'
>;

/** Which cost alerts were sent, in the plugin's database (SQLite or PostgreSQL). */
export class CostAlertStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<CostAlertStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@skyforge/plugin-skyforge-backend',
          'migrations',
        ),
      });
    }
    return new CostAlertStore(client);
  }

  constructor(private readonly db: Knex) {}

  async wasSent(key: CostAlertKey): Promise<boolean> {
    const row = await this.db(ALERTS)
      .where({
        entity_ref: key.entityRef,
        kind: key.kind,
        period: key.period,
        currency: key.currency,
      })
      .first('entity_ref');
    return row !== undefined;
  }

  /** Records a sent alert; recording the same key again changes nothing. */
  async recordSent(
    alert: CostAlert,
    options: { recipient: string; at: Date },
  ): Promise<void> {
    await this.db(ALERTS)
      .insert({
        entity_ref: alert.entityRef,
        kind: alert.kind,
        period: alert.period,
        currency: alert.currency,
        recipient: options.recipient,
        sent_at: options.at.toISOString(),
      })
      .onConflict(['entity_ref', 'kind', 'period', 'currency'])
      .ignore();
  }

  /** Forgets alerts sent before `before`: their periods are long past. */
  async deleteSentBefore(before: Date): Promise<number> {
    return this.db(ALERTS).where('sent_at', '<', before.toISOString()).delete();
  }

  async listSent(): Promise<
    Array<CostAlertKey & { recipient: string; sentAt: string }>
  > {
    const rows = await this.db(ALERTS)
      .select(
        'entity_ref',
        'kind',
        'period',
        'currency',
        'recipient',
        'sent_at',
      )
      .orderBy(['entity_ref', 'kind', 'period', 'currency']);
    return rows.map(row => ({
      entityRef: row.entity_ref,
      kind: row.kind,
      period: row.period,
      currency: row.currency,
      recipient: row.recipient,
      sentAt: row.sent_at,
    }));
  }
}
