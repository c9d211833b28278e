// @ts-check

/**
 * Tag pairs and dimension sets no longer declare foreign keys to their tag set. Tag sets are only
 * ever added, never deleted, and always in the transaction that writes the pairs and dimension
 * sets referring to them and before them (as the daily rows' dimension sets, which have no
 * foreign key since 20261211000000), so no row can point at a missing tag set. PostgreSQL checked
 * each key row by row with a locking lookup of the tag set: writing the 4,500 pairs and 4,200
 * dimension sets of a million-row FOCUS file took longer than COPY of its 42,000 daily rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const table of ['skyforge_cost_tag_pairs', 'skyforge_cost_dimensions']) {
    await knex.schema.alterTable(table, t => t.dropForeign(['tag_set_id']));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('skyforge_cost_tag_pairs', t =>
    t
      .foreign('tag_set_id')
      .references('id')
      .inTable('skyforge_cost_tag_sets')
      .onDelete('CASCADE'),
  );
  await knex.schema.alterTable('skyforge_cost_dimensions', t =>
    t.foreign('tag_set_id').references('id').inTable('skyforge_cost_tag_sets'),
  );
};
