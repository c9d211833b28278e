// @ts-check

/**
 * Cost alerts already sent: one row per entity, kind, period (the budget's month or the
 * anomalous day) and currency, so that a scheduled run never notifies twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('skyforge_cost_alerts', table => {
    table.comment(
      'Cost alerts sent, one per entity, kind, period and currency',
    );
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 32).notNullable();
    table.string('period', 10).notNullable();
    table.string('currency', 16).notNullable();
    table.string('recipient', 255).notNullable();
    table.string('sent_at', 32).notNullable();
    table.primary(['entity_ref', 'kind', 'period', 'currency']);
    table.index(['sent_at'], 'skyforge_cost_alerts_sent_at_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('skyforge_cost_alerts');
};
