import { DateTime } from 'luxon';

/** The ranges the cost views offer, in days ending at the latest day of cost data. */
export const COST_RANGE_DAYS = [30, 90, 365] as const;
export type CostRangeDays = (typeof COST_RANGE_DAYS)[number];

/** The number of days from `from` to `to`, both inclusive (`YYYY-MM-DD`). */
export function daysInRange(from: string, to: string): number {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  return Math.round(end.diff(start, 'days').days) + 1;
}

/** `2025-03-07T10:00:00Z` seen at `now` → `3 hours ago`; undefined for a missing or bad time. */
export function relativeTime(
  iso: string | undefined,
  now: Date,
  locale: string,
): string | undefined {
  if (!iso) {
    return undefined;
  }
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  if (!time.isValid) {
    return undefined;
  }
  return (
    time.toRelative({
      base: DateTime.fromJSDate(now, { zone: 'utc' }),
      locale,
    }) ?? undefined
  );
}
