import type { Knex } from 'knex';

/** A column written by {@link insertRows}: its name and its PostgreSQL type. */
export type InsertColumn = [name: string, postgresType: string];

/** Rows per statement on SQLite: 400 rows of 14 columns stay far below its parameter limit. */
const SQLITE_ROWS_PER_STATEMENT = 400;

/**
 * Inserts many rows fast on both databases. PostgreSQL gets one statement whose parameters are
 * whole columns, expanded by `unnest`; its cost hardly grows with the row count. SQLite gets
 * multi-row `VALUES` statements, which it prepares much faster than the `UNION ALL` selects knex
 * compiles multi-row inserts into for SQLite. `conflict` is appended as is, e.g.
 * `on conflict (id) do nothing`; both databases read the same syntax.
 */
export async function insertRows(
  db: Knex,
  options: {
    table: string;
    columns: InsertColumn[];
    rows: Array<Array<string | number | null>>;
    conflict: string;
  },
): Promise<void> {
  const { table, columns, rows, conflict } = options;
  if (rows.length === 0) {
    return;
  }
  const names = columns.map(([name]) => name).join(', ');
  if (db.client.config.client === 'pg') {
    const parameters = columns.map(([, type]) => `?::${type}[]`).join(', ');
    // knex's types lack arrays holding nulls; pg binds them as arrays with NULL elements.
    const arrays = columns.map(
      (_, column) => rows.map(row => row[column]) as string[],
    );
    await db.raw(
      `insert into ${table} (${names}) select * from unnest(${parameters}) ${conflict}`,
      arrays,
    );
    return;
  }
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT);
    await db.raw(
      `insert into ${table} (${names}) values ${Array(chunk.length)
        .fill(placeholders)
        .join(', ')} ${conflict}`,
      chunk.flat(),
    );
  }
}
