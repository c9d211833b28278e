import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { from as copyFrom } from 'pg-copy-streams';

/** A value to insert; a bigint must fit a signed 64-bit integer. */
export type Value = string | number | bigint | null;

/** The part of a better-sqlite3 connection {@link insertRows} uses. */
interface SqliteConnection {
  prepare(sql: string): { run(...values: Value[]): unknown };
}
/** Rows per piece of COPY text handed to the socket. */
const COPY_ROWS_PER_CHUNK = 2_000;

/** A value in PostgreSQL's COPY text format: `\N` for null, backslash escapes. */
export function copyText(value: Value): string {
  if (value === null) {
    return '\\N';
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  return /[\\\t\n\r]/.test(value)
    ? value
        .replace(/\\/g, '\\\\')
        .replace(/\t/g, '\\t')
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')
    : value;
}

function* copyChunks(rows: Iterable<Value[]>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    chunk += `${row.map(copyText).join('\t')}\n`;
    if (++count === COPY_ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (count > 0) {
    yield chunk;
  }
}

/**
 * PostgreSQL: streams lines of COPY text (see {@link copyText}) into `table` with
 * `COPY ... FROM STDIN` on the transaction's connection.
 */
export async function copyLines(
  db: Knex,
  table: string,
  columns: string[],
  chunks: Iterable<string>,
): Promise<void> {
  // Inside a transaction knex hands out the transaction's own connection.
  const connection = await db.client.acquireConnection();
  try {
    await pipeline(
      Readable.from(chunks),
      connection.query(
        copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`),
      ),
    );
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * Inserts many rows fast on both databases. PostgreSQL: `COPY ... FROM STDIN`, which streams rows
 * without parameters or per-row statements — straight into the table, or, with `conflict`, into
 * a temporary table shaped like it (dropped at commit) and from there with one
 * `INSERT ... SELECT ... <conflict>`. SQLite: one prepared statement run per row. `conflict` is
 * appended as is, e.g. `on conflict (id) do nothing`; both databases read the same syntax; without
 * it a row that already exists fails the insert. `db` must be a knex transaction: PostgreSQL's
 * staging table lives until commit, and SQLite's rows are only fast inside one. `rows` is read
 * once, each row as it comes (a generator may hand out one array again and again), so a caller
 * need not build them all first.
 */
export async function insertRows(
  db: Knex,
  options: {
    table: string;
    columns: string[];
    rows: Iterable<Value[]>;
    conflict?: string;
  },
): Promise<void> {
  const { table, columns, rows, conflict } = options;
  if (db.client.config.client === 'pg') {
    if (conflict === undefined) {
      await copyLines(db, table, columns, copyChunks(rows));
      return;
    }
    const staging = `${table}_incoming`;
    const names = columns.join(', ');
    await db.raw(
      `create temporary table if not exists ${staging} (like ${table} including defaults) on commit drop`,
    );
    await copyLines(db, staging, columns, copyChunks(rows));
    await db.raw(
      `insert into ${table} (${names}) select ${names} from ${staging} ${conflict}`,
    );
    await db.raw(`truncate ${staging}`);
    return;
  }
  // better-sqlite3 is synchronous and in-process: one prepared statement run per row, on the
  // transaction's own connection, beats preparing multi-row statements.
  const connection: SqliteConnection = await db.client.acquireConnection();
  try {
    const statement = connection.prepare(
      `insert into ${table} (${columns.join(', ')}) values (${columns
        .map(() => '?')
        .join(', ')}) ${conflict ?? ''}`,
    );
    for (const row of rows) {
      statement.run(...row);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
