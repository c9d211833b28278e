import { DatabaseCostStore } from '../../src/database/DatabaseCostStore';
import { CostIngester } from '../../src/ingestion/CostIngester';
import { FocusCostSource } from '../../src/sources/focus/FocusCostSource';
import { fixedClock } from '../../src/util/clock';
import { connect, databaseService, silentLogger } from './benchDatabases';

/** Ingests one FOCUS file into a fresh database the way the backend does (all defaults). */
export async function ingestFocusFile(
  file: string,
  database: string,
): Promise<{ rows: number; groups: number }> {
  const { knex, cleanup } = connect(database);
  try {
    const store = await DatabaseCostStore.create({
      database: databaseService(knex),
    });
    const [result] = await CostIngester.create({
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
    }).ingestAll();
    if (result.error) {
      throw result.error;
    }
    return {
      rows: result.summary!.rowsStored,
      groups: result.summary!.aggregatesWritten,
    };
  } finally {
    await cleanup();
  }
}
