import type { Config } from '@backstage/config';
import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';
import { readFocusFile, FocusFileStats } from './readFocusFile';
import { resolveFocusFiles } from './resolveFocusFiles';

/**
 * Reads FOCUS 1.x cost-and-usage exports (CSV, plain or gzip) from a local file, folder or glob.
 * Every run re-reads all files and replaces the source's data (exports are restated during and
 * after a billing period), unless `lookbackDays` limits the replaced window.
 */
export class FocusCostSource implements CostSource {
  readonly type = 'focus';
  readonly id: string;
  readonly lookbackDays?: number;
  readonly #location: string;
  readonly #workingDirectory: string;

  static fromConfig(
    config: Config,
    options: { workingDirectory?: string } = {},
  ): FocusCostSource {
    return new FocusCostSource({
      id: config.getString('id'),
      location: config.getString('options.path'),
      lookbackDays: config.getOptionalNumber('lookbackDays'),
      workingDirectory: options.workingDirectory ?? process.cwd(),
    });
  }

  constructor(options: {
    id: string;
    location: string;
    lookbackDays?: number;
    workingDirectory: string;
  }) {
    this.id = options.id;
    this.lookbackDays = options.lookbackDays;
    this.#location = options.location;
    this.#workingDirectory = options.workingDirectory;
  }

  async *ingest(options: CostIngestOptions): AsyncGenerator<CostRow[]> {
    const files = await resolveFocusFiles({
      location: this.#location,
      workingDirectory: this.#workingDirectory,
    });
    for (const file of files) {
      options.signal?.throwIfAborted();
      const stats: FocusFileStats = {
        rowsRead: 0,
        rowsSkipped: 0,
        skipReasons: [],
      };
      for await (const batch of readFocusFile({ file, stats })) {
        options.signal?.throwIfAborted();
        yield batch;
      }
      const skipped = stats.rowsSkipped
        ? `; skipped ${stats.rowsSkipped}: ${stats.skipReasons.join('; ')}`
        : '';
      options.logger.info(
        `Read ${stats.rowsRead} FOCUS rows from ${file}${skipped}`,
      );
    }
  }
}
