// @ts-check

/**
 * Narrow daily rows: each distinct set of dimensions (tag set, currency, provider, service,
 * service category, region, sub-account, environment) is stored once in
 * skyforge_cost_dimensions, and skyforge_cost_daily keeps per source and day only the dimension
 * set's id and the sums. An ingestion writes thousands of dimension sets but hundreds of
 * thousands of daily rows; those rows shrink from fourteen columns and three indexes (one of
 * them on a 64-character text key) to six columns and two indexes on short keys.
 *
 * The daily table's dimension_id has no foreign key: dimension sets are only ever added (like
 * tag sets), always in the transaction that writes the daily rows referring to them and before
 * them, so no daily row can point at a missing one. A foreign key would be checked row by row on
 * PostgreSQL (it made COPY of 42,000 daily rows 2.6x slower) and is not enforced by SQLite
 * without `PRAGMA foreign_keys`, so the two stores now do the same work.
 *
 * Existing rows are moved into the new tables.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('skyforge_cost_dimensions', table => {
    table.comment('Distinct dimension sets of daily cost aggregates');
    table.increments('id');
    table.string('row_key', 64).notNullable().unique({
      indexName: 'skyforge_cost_dimensions_row_key_idx',
    });
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
    table.index(['tag_set_id'], 'skyforge_cost_dimensions_tag_set_idx');
  });
  const dimensionColumns = [
    'tag_set_id',
    'currency',
    'provider',
    'service',
    'service_category',
    'region',
    'sub_account',
    'environment',
  ];
  // The row key is made from the dimensions, so each key has one set of them.
  await knex.raw(
    `insert into skyforge_cost_dimensions (row_key, ${dimensionColumns.join(
      ', ',
    )})
     select row_key, ${dimensionColumns.map(c => `min(${c})`).join(', ')}
     from skyforge_cost_daily group by row_key order by row_key`,
  );

  await knex.schema.createTable('skyforge_cost_daily_narrow', table => {
    table.comment('Daily cost aggregates per source, day and dimension set');
    table.string('source_id', 255).notNullable();
    table.string('day', 10).notNullable();
    table.integer('dimension_id').notNullable();
    table.bigInteger('amount_nanos').notNullable();
    table.bigInteger('billed_nanos').notNullable();
    table.integer('row_count').notNullable();
    // Also the index of reads by day range and of the latest day.
    table.primary(
      ['day', 'source_id', 'dimension_id'],
      'skyforge_cost_daily_day_source_dimension_pk',
    );
    table.index(
      ['dimension_id', 'day'],
      'skyforge_cost_daily_dimension_day_idx',
    );
  });
  await knex.raw(
    `insert into skyforge_cost_daily_narrow
       (source_id, day, dimension_id, amount_nanos, billed_nanos, row_count)
     select d.source_id, d.day, m.id, d.amount_nanos, d.billed_nanos, d.row_count
     from skyforge_cost_daily d join skyforge_cost_dimensions m on m.row_key = d.row_key`,
  );
  await knex.schema.dropTable('skyforge_cost_daily');
  await knex.schema.renameTable(
    'skyforge_cost_daily_narrow',
    'skyforge_cost_daily',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.createTable('skyforge_cost_daily_wide', table => {
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
  });
  await knex.raw(
    `insert into skyforge_cost_daily_wide
     select d.source_id, d.day, m.row_key, m.tag_set_id, m.currency, m.provider, m.service,
       m.service_category, m.region, m.sub_account, m.environment,
       d.amount_nanos, d.billed_nanos, d.row_count
     from skyforge_cost_daily d join skyforge_cost_dimensions m on m.id = d.dimension_id`,
  );
  await knex.schema.dropTable('skyforge_cost_daily');
  await knex.schema.dropTable('skyforge_cost_dimensions');
  await knex.schema.renameTable(
    'skyforge_cost_daily_wide',
    'skyforge_cost_daily',
  );
  await knex.schema.alterTable('skyforge_cost_daily', table => {
    table.comment('Daily cost aggregates per source, tag set and dimension');
    table.unique(['source_id', 'day', 'row_key'], {
      indexName: 'skyforge_cost_daily_key_idx',
    });
    table.index(['tag_set_id', 'day'], 'skyforge_cost_daily_tag_set_day_idx');
    table.index(['day'], 'skyforge_cost_daily_day_idx');
  });
};
