/** Days are `YYYY-MM-DD` strings in UTC; they sort and compare as text on every database. */

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day in `YYYY-MM-DD` form. */
export function isValidDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) {
    return false;
  }
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return date.toISOString().slice(0, 10) === text;
}

export function dayToEpochDay(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function epochDayToDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return epochDayToDay(dayToEpochDay(day) + days);
}

/** Number of days from `from` to `to`, both inclusive (1 when equal). */
export function daysInclusive(from: string, to: string): number {
  return dayToEpochDay(to) - dayToEpochDay(from) + 1;
}

export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function daysInMonth(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Every day from `from` to `to`, inclusive. */
export function enumerateDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = dayToEpochDay(from); d <= dayToEpochDay(to); d++) {
    days.push(epochDayToDay(d));
  }
  return days;
}

const validatedDays = new Map<string, boolean>();
const NAIVE_TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?$/;

/**
 * The UTC day of a timestamp. FOCUS requires ISO 8601 in UTC, but real exports (including the
 * FOCUS 1.0 sample) write `2024-09-18 22:00:00` without a zone: such values are taken as UTC.
 * Values with an explicit offset are converted to UTC. Returns undefined when unparseable.
 */
export function timestampToUtcDay(text: string): string | undefined {
  const trimmed = text.trim();
  const naive = NAIVE_TIMESTAMP.exec(trimmed);
  if (naive) {
    const day = naive[1];
    // Exports repeat the same few days millions of times; validate each day once.
    let valid = validatedDays.get(day);
    if (valid === undefined) {
      valid = isValidDay(day);
      if (validatedDays.size > 10_000) {
        validatedDays.clear();
      }
      validatedDays.set(day, valid);
    }
    return valid ? day : undefined;
  }
  const millis = Date.parse(trimmed);
  if (Number.isNaN(millis)) {
    return undefined;
  }
  return new Date(millis).toISOString().slice(0, 10);
}
