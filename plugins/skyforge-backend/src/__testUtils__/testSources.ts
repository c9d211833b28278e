import type {
  CostIngestOptions,
  CostRow,
  CostSource,
} from '@skyforge/plugin-skyforge-node';

/** A source yielding fixed rows, optionally failing after some of them. */
export class StaticCostSource implements CostSource {
  readonly type = 'static';
  constructor(
    readonly id: string,
    private readonly rows: CostRow[],
    private readonly options: {
      failAfter?: number;
      lookbackDays?: number;
    } = {},
  ) {}

  get lookbackDays() {
    return this.options.lookbackDays;
  }

  async *ingest(_options: CostIngestOptions): AsyncGenerator<CostRow> {
    let count = 0;
    for (const costRow of this.rows) {
      if (
        this.options.failAfter !== undefined &&
        count === this.options.failAfter
      ) {
        throw new Error(`${this.id} broke after ${count} rows`);
      }
      count++;
      yield costRow;
    }
  }
}

export function row(
  date: string,
  amount: string,
  tags: Record<string, string>,
  extra: Partial<CostRow> = {},
): CostRow {
  return {
    date,
    amount,
    currency: 'USD',
    provider: 'AWS',
    service: 'EC2',
    tags,
    ...extra,
  };
}
