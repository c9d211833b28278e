import {
  CostDimensions,
  DailyCostColumns,
  dailyCostColumns,
} from '../database/CostStore';
import { dayToEpochDay, epochDayToDay } from '../util/dates';

/** One row of {@link DailyCostColumns}, with its dimension set itself. */
export interface DailyRow {
  day: string;
  dimensions: CostDimensions;
  amountNanos: bigint;
  billedNanos: bigint;
  rowCount: number;
}

/** The rows of a run's batches, each with its dimension set (one object per set). */
export async function rowsOf(
  batches: AsyncIterable<DailyCostColumns>,
): Promise<DailyRow[]> {
  const dimensions: CostDimensions[] = [];
  const rows: DailyRow[] = [];
  for await (const batch of batches) {
    dimensions.push(...batch.newDimensions);
    batch.epochDays.forEach((epochDay, i) =>
      rows.push({
        day: epochDayToDay(epochDay),
        dimensions: dimensions[batch.dimensions[i]],
        amountNanos: batch.amountNanos[i],
        billedNanos: batch.billedNanos[i],
        rowCount: batch.rowCounts[i],
      }),
    );
  }
  return rows;
}

/**
 * `rows` as a run's batches of `size` rows, as a source that sums its records yields them: each
 * dimension set (by row key) numbered in the batch that first uses it. With `failAtEnd` the
 * stream throws after the last batch.
 */
export async function* columnsOf(
  rows: DailyRow[],
  options: { size?: number; failAtEnd?: boolean } = {},
): AsyncGenerator<DailyCostColumns> {
  const size = options.size ?? 1000;
  const numbers = new Map<string, number>();
  for (let start = 0; start < rows.length; start += size) {
    const part = rows.slice(start, start + size);
    const batch = dailyCostColumns(part.length);
    part.forEach((row, i) => {
      let number = numbers.get(row.dimensions.rowKey);
      if (number === undefined) {
        number = numbers.size;
        numbers.set(row.dimensions.rowKey, number);
        batch.newDimensions.push(row.dimensions);
      }
      batch.epochDays[i] = dayToEpochDay(row.day);
      batch.dimensions[i] = number;
      batch.amountNanos[i] = row.amountNanos;
      batch.billedNanos[i] = row.billedNanos;
      batch.rowCounts[i] = row.rowCount;
    });
    yield batch;
  }
  if (options.failAtEnd) {
    throw new Error('export went away');
  }
}
