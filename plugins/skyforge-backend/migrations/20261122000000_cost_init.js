// @ts-check

/**
 * Cost data of the Skyforge backend plugin.
 *
 * - skyforge_cost_sources: one row per source id, with its ingestion status.
 * - skyforge_cost_tag_sets / skyforge_cost_tag_pairs: each distinct set of tags once, and its
 *   key/value pairs indexed by (key, value) so that selectors resolve to tag-set ids with index
 *   lookups.
 * - skyforge_cost_daily: daily aggregates per source, tag set and dimension; amounts in integer
 *   nano-units (1e-9 of the currency unit) so sums are exact on every database.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('skyforge_cost_sources', table => {
    table.comment('Cost sources and the status of their last ingestion');
    table.string('id', 255).primary().notNullable();
    table.string('type', 255).notNullable();
    table.string('last_attempt_at', 32).nullable();
    table.string('last_success_at', 32).nullable();
    table.text('last_error').nullable();
    table.string('data_through', 10).nullable();
    table.bigInteger('rows_ingested').nullable();
  });

  await knex.schema.createTable('skyforge_cost_tag_sets', table => {
    table.comment('Distinct tag sets of cost rows');
    table.increments('id');
    table.string('hash', 64).notNullable().unique();
    table.text('tags').notNullable();
  });

  await knex.schema.createTable('skyforge_cost_tag_pairs', table => {
    table.comment(
      'Normalised key/value pairs of each tag set, for selector matching',
    );
    table
      .integer('tag_set_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('skyforge_cost_tag_sets')
      .onDelete('CASCADE');
    table.string('key', 255).notNullable();
    table.string('value', 512).notNullable();
    table.primary(['key', 'value', 'tag_set_id']);
    table.index(['tag_set_id'], 'skyforge_cost_tag_pairs_tag_set_idx');
  });

  await knex.schema.createTable('skyforge_cost_daily', table => {
    table.comment('Daily cost aggregates per source, tag set and dimension');
    table.string('source_id', 255).notNullable();
    table.string('day', 10).notNullable();
    table.string('row_key', 64).notNullable();
    table
      .integer('tag_set_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('skyforge_cost_tag_sets');
    table.string('currency', 16).notNullable();
    table.string('provider', 255).nullable();
    table.string('service', 255).nullable();
    table.string('service_category', 255).nullable();
    table.string('region', 255).nullable();
    table.string('sub_account', 255).nullable();
    table.string('environment', 255).nullable();
    table.bigInteger('amount_nanos').notNullable();
    table.bigInteger('billed_nanos').notNullable();
    table.integer('row_count').notNullable();
    table.unique(['source_id', 'day', 'row_key'], {
      indexName: 'skyforge_cost_daily_key_idx',
    });
    table.index(['tag_set_id', 'day'], 'skyforge_cost_daily_tag_set_day_idx');
    table.index(['day'], 'skyforge_cost_daily_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('skyforge_cost_daily');
  await knex.schema.dropTable('skyforge_cost_tag_pairs');
  await knex.schema.dropTable('skyforge_cost_tag_sets');
  await knex.schema.dropTable('skyforge_cost_sources');
};
