/**
 * Number formatting for cost views. Amounts are always shown in their own currency; different
 * currencies are never converted or summed.
 */

/** The locale to format in: the browser's, or `en-US` where there is none (server-side tests). */
export function defaultLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language
    ? navigator.language
    : 'en-US';
}

/** `1234.5, 'USD'` → `$1,234.50` (en-US). Unknown currency codes fall back to `1,234.50 XYZ`. */
export function formatCurrency(
  amount: number,
  currency: string,
  options: { locale?: string; compact?: boolean } = {},
): string {
  const locale = options.locale ?? defaultLocale();
  // Without a compact notation, Intl uses the currency's own minor units (2 for USD, 0 for JPY).
  const compact = options.compact
    ? { notation: 'compact' as const, maximumFractionDigits: 1 }
    : {};
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...compact,
    }).format(amount);
  } catch (error) {
    // Intl rejects codes that are not three letters; still show the number and the code as given.
    if (error instanceof RangeError) {
      return `${new Intl.NumberFormat(locale, {
        minimumFractionDigits: options.compact ? 0 : 2,
        maximumFractionDigits: options.compact ? 1 : 2,
        ...compact,
      }).format(amount)} ${currency}`;
    }
    throw error;
  }
}

/** `0.1234` → `12.3%`. */
export function formatPercent(
  ratio: number,
  options: { locale?: string } = {},
): string {
  return new Intl.NumberFormat(options.locale ?? defaultLocale(), {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** A relative change with its sign: `0.1234` → `+12.3%`, `-0.05` → `-5%`, `0` → `0%`. */
export function formatChange(
  ratio: number,
  options: { locale?: string } = {},
): string {
  return new Intl.NumberFormat(options.locale ?? defaultLocale(), {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
}

/** A series label: `2025-03-07` → `Mar 7` (day), `2025-03` → `Mar 2025` (month). */
export function formatPeriod(
  date: string,
  options: { locale?: string } = {},
): string {
  const [year, month, day] = date.split('-').map(Number);
  if (!year || !month) {
    return date;
  }
  const locale = options.locale ?? defaultLocale();
  const value = new Date(Date.UTC(year, month - 1, day || 1));
  return new Intl.DateTimeFormat(
    locale,
    day
      ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
      : { month: 'short', year: 'numeric', timeZone: 'UTC' },
  ).format(value);
}
