/**
 * Amounts are held as integer nano-units (1e-9 of the currency's major unit) in `bigint`, parsed
 * from decimal text without floating point. FOCUS exports carry up to 11 decimals for tiny
 * per-request charges; at 1e-9 the rounding error per row is at most 5e-10, so even millions of
 * rows reconcile with the source to the cent, while a signed 64-bit column still holds sums up to
 * about 9.2 billion per currency.
 */
export const NANOS_PER_UNIT = 1_000_000_000n;

/** The range of a signed 64-bit integer, the databases' `bigint` column. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/**
 * `nanos` when the store's 64-bit sum columns hold it (about ±9.2 billion currency units per
 * day and dimension set); throws a RangeError naming the sum and the limit otherwise.
 */
export function storableNanos(nanos: bigint): bigint {
  if (nanos < INT64_MIN || nanos > INT64_MAX) {
    throw new RangeError(
      `A daily cost sum of ${formatNanos(
        nanos,
      )} is beyond what the cost store holds: at most ${formatNanos(
        INT64_MAX,
      )} in absolute value per day and dimension set`,
    );
  }
  return nanos;
}

const SCALE = 9;

const DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal amount (`"12.5"`, `"-0.00000080000"`, `"1.2E-05"`, or a finite number) into
 * nano-units, rounding half away from zero. Returns undefined for text that is not a number.
 */
export function parseAmountNanos(input: string | number): bigint | undefined {
  const text = typeof input === 'number' ? numberToText(input) : input.trim();
  if (text === undefined) {
    return undefined;
  }
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) {
    return undefined;
  }
  const [, sign, integerPart = '', fractionPart = '', exponentText] = match;
  if (integerPart === '' && fractionPart === '') {
    return undefined;
  }
  // BigInt accepts leading zeros, so the digits need no clean-up.
  const digits = `${integerPart}${fractionPart}`;
  const exponent = exponentText ? Number(exponentText) : 0;
  if (Math.abs(exponent) > 30) {
    // No real amount needs it, and 1e100000000 would take forever to expand.
    return undefined;
  }
  // value = digits × 10^(exponent - fractionPart.length); nanos = value × 10^SCALE
  const shift = SCALE + exponent - fractionPart.length;
  let nanos: bigint;
  if (shift >= 0) {
    nanos = BigInt(digits) * powerOfTen(shift);
  } else {
    const divisor = powerOfTen(-shift);
    const value = BigInt(digits);
    nanos = value / divisor;
    if ((value % divisor) * 2n >= divisor) {
      nanos += 1n;
    }
  }
  return sign === '-' ? -nanos : nanos;
}

/**
 * {@link parseAmountNanos} for hot loops: a plain decimal of up to six integer digits (what cost
 * rows nearly always hold, such as `"0.12345678901"`) is parsed digit by digit into a number of
 * nano-units, which is a safe integer; anything else goes through {@link parseAmountNanos}.
 */
export function parseNanos(
  input: string | number,
): number | bigint | undefined {
  return (
    (typeof input === 'string' ? parsePlainDecimalNanos(input) : undefined) ??
    parseAmountNanos(input)
  );
}

const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const MAX_PLAIN_INTEGER_DIGITS = 6;

/** `-?\d{1,6}(\.\d*)?` as nano-units rounded half away from zero; undefined for other text. */
function parsePlainDecimalNanos(text: string): number | undefined {
  const length = text.length;
  const negative = text.charCodeAt(0) === MINUS;
  let i = negative ? 1 : 0;
  const integerStart = i;
  let whole = 0;
  for (; i < length; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) {
      break;
    }
    whole = whole * 10 + digit;
  }
  const integerDigits = i - integerStart;
  if (integerDigits === 0 || integerDigits > MAX_PLAIN_INTEGER_DIGITS) {
    return undefined;
  }
  let nanos = whole * 1e9;
  if (i < length) {
    if (text.charCodeAt(i) !== DOT) {
      return undefined;
    }
    let place = 100_000_000;
    for (let position = 0, j = i + 1; j < length; j++, position++) {
      const digit = text.charCodeAt(j) - ZERO;
      if (digit < 0 || digit > 9) {
        return undefined;
      }
      if (position < SCALE) {
        nanos += digit * place;
        place /= 10;
      } else if (position === SCALE && digit >= 5) {
        nanos += 1;
      }
    }
  }
  return negative ? -nanos : nanos;
}

const POWERS_OF_TEN = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

function powerOfTen(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

function numberToText(value: number): string | undefined {
  if (!Number.isFinite(value)) {
    return undefined;
  }
  // Shortest round-trip representation; may use exponent notation, which the parser accepts.
  return String(value);
}

/** Nano-units as decimal text with nine places, e.g. `2.500000000` or `-0.000000002`. */
export function formatNanos(nanos: bigint): string {
  const digits = (nanos < 0n ? -nanos : nanos).toString().padStart(10, '0');
  return `${nanos < 0n ? '-' : ''}${digits.slice(0, -SCALE)}.${digits.slice(
    -SCALE,
  )}`;
}

/** Converts nano-units to a JavaScript number in the major unit (for API responses). */
export function nanosToNumber(nanos: bigint): number {
  const whole = nanos / NANOS_PER_UNIT;
  const fraction = nanos % NANOS_PER_UNIT;
  return Number(whole) + Number(fraction) / 1e9;
}

/** Reads a SUM() result from either database driver (number, string or bigint) as nano-units. */
export function toNanos(value: unknown): bigint {
  if (value === null || value === undefined) {
    return 0n;
  }
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number') {
    return BigInt(Math.round(value));
  }
  const text = String(value);
  const dot = text.indexOf('.');
  return BigInt(dot === -1 ? text : text.slice(0, dot));
}

/** Rounds a number in the major unit to cents, for display-oriented fields such as shares. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
