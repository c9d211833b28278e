import { DatabaseCostStore } from '../../src/database/DatabaseCostStore';
import { CostIngester } from '../../src/ingestion/CostIngester';
import { FocusCostSource } from '../../src/sources/focus/FocusCostSource';
import { fixedClock } from '../../src/util/clock';
import { connect, databaseService, silentLogger } from './benchDatabases';

/**
 * Prepares the ingestion of one FOCUS file into a fresh database the way the backend does it
 * (all defaults). Connecting and migrating happen here, as the backend does them once at
 * start-up; `run` is one scheduled ingestion run.
 */
export async function prepareFocusIngestion(
  file: string,
  database: string,
): Promise<{
  run: () => Promise<{ rows: number; groups: number }>;
  close: () => Promise<void>;
}> {
  const { knex, cleanup } = connect(database);
  const store = await DatabaseCostStore.create({
    database: databaseService(knex),
  });
  const ingester = CostIngester.create({
    store,
    sources: [
      new FocusCostSource({
        id: 'bench',
        location: file,
        workingDirectory: '/',
      }),
    ],
    logger: silentLogger,
    clock: fixedClock('2025-01-01T00:00:00Z'),
  });
  return {
    async run() {
      const [result] = await ingester.ingestAll();
      if (result.error) {
        throw result.error;
      }
      return {
        rows: result.summary!.rowsStored,
        groups: result.summary!.aggregatesWritten,
      };
    },
    close: cleanup,
  };
}
