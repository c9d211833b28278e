import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import knexFactory, { Knex } from 'knex';

/** A logger that drops everything: benchmarks print their own figures. */
export const silentLogger: LoggerService = {
  child: () => silentLogger,
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
};

/** `sqlite:<file>` or a PostgreSQL connection URL. */
export function connect(database: string): {
  knex: Knex;
  cleanup: () => Promise<void>;
} {
  const knex = database.startsWith('sqlite:')
    ? knexFactory({
        client: 'better-sqlite3',
        connection: { filename: database.slice('sqlite:'.length) },
        useNullAsDefault: true,
      })
    : knexFactory({
        client: 'pg',
        connection: database,
        pool: { min: 1, max: 5 },
      });
  return { knex, cleanup: () => knex.destroy() };
}

export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex, migrations: { skip: false } };
}

/** A new, empty PostgreSQL database on the server of `baseUrl`; returns its URL. */
export async function freshPostgresDatabase(
  baseUrl: string,
  name: string,
): Promise<string> {
  const admin = knexFactory({ client: 'pg', connection: baseUrl });
  await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin.raw(`CREATE DATABASE ${name}`);
  await admin.destroy();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
