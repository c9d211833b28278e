import {
  INT64_MAX,
  INT64_MIN,
  nanosToNumber,
  parseAmountNanos,
  parseNanos,
  storableNanos,
  toNanos,
} from './money';

describe('parseAmountNanos', () => {
  it.each([
    ['0.00000080000', 800n],
    ['16.00000000000', 16_000_000_000n],
    ['-3.00000000000', -3_000_000_000n],
    ['0.00000000503', 5n],
    ['0.0000000005', 1n],
    ['-0.0000000005', -1n],
    ['0.00000000049', 0n],
    ['1.2E-05', 12_000n],
    ['3e2', 300_000_000_000n],
    ['.5', 500_000_000n],
    ['7', 7_000_000_000n],
    ['  2.5 ', 2_500_000_000n],
    ['123456789012.123456789', 123456789012123456789n],
  ])('parses %s exactly', (text, nanos) => {
    expect(parseAmountNanos(text)).toBe(nanos);
  });

  it('parses finite numbers through their shortest decimal form', () => {
    expect(parseAmountNanos(1.52743)).toBe(1_527_430_000n);
    expect(parseAmountNanos(0.1 + 0.2)).toBe(300_000_000n);
    expect(parseAmountNanos(Number.NaN)).toBeUndefined();
  });

  it.each(['', 'NULL', 'abc', '1.2.3', '1,5', '-', '.', '1e100000000'])(
    'rejects %j',
    text => {
      expect(parseAmountNanos(text)).toBeUndefined();
    },
  );

  it('sums many tiny amounts exactly, unlike floating point', () => {
    let nanos = 0n;
    let float = 0;
    for (let i = 0; i < 10_000; i++) {
      nanos += parseAmountNanos('0.1')!;
      float += 0.1;
    }
    expect(nanos).toBe(1_000_000_000_000n);
    expect(float).not.toBe(1000);
    expect(nanosToNumber(nanos)).toBe(1000);
  });
});

describe('parseNanos', () => {
  it('agrees with parseAmountNanos on plain, signed, rounded and unusual amounts', () => {
    const texts = [
      '0',
      '-0',
      '7',
      '12.',
      '0.00000000050',
      '-0.00000000050',
      '0.00000000049',
      '0.123456789',
      '0.1234567894999',
      '999999.999999999',
      '999999.9999999995',
      '1000000.5',
      '1.2E-05',
      ' 2.5',
      '.5',
      'NULL',
      '1,5',
      '--1',
    ];
    for (let i = 0; i < 2000; i++) {
      const digits = String(Math.floor(Math.random() * 10 ** (i % 8)));
      const decimals = String(Math.random()).slice(2, 2 + (i % 14));
      texts.push(`${i % 3 === 0 ? '-' : ''}${digits}.${decimals}`);
    }
    for (const text of texts) {
      const fast = parseNanos(text);
      const exact = parseAmountNanos(text);
      expect({
        text,
        nanos: fast === undefined ? undefined : BigInt(fast),
      }).toEqual({ text, nanos: exact });
    }
  });

  it('returns a number only when it is a safe integer', () => {
    expect(parseNanos('16.5')).toBe(16_500_000_000);
    expect(parseNanos('123456789012.123456789')).toBe(123456789012123456789n);
    expect(parseNanos(0.25)).toBe(250_000_000n);
  });
});

describe('toNanos', () => {
  it('reads driver results of either database', () => {
    expect(toNanos('16000000000')).toBe(16_000_000_000n);
    expect(toNanos(42)).toBe(42n);
    expect(toNanos(null)).toBe(0n);
    expect(toNanos('-5.000')).toBe(-5n);
  });
});

describe('storableNanos', () => {
  it('passes sums a signed 64-bit column holds and names one it does not', () => {
    expect(storableNanos(INT64_MAX)).toBe(INT64_MAX);
    expect(storableNanos(INT64_MIN)).toBe(INT64_MIN);
    expect(() => storableNanos(INT64_MIN - 1n)).toThrow(
      'A daily cost sum of -9223372036.854775809 is beyond what the cost store holds: at most 9223372036.854775807 in absolute value per day and dimension set',
    );
    expect(() => storableNanos(INT64_MAX + 1n)).toThrow(RangeError);
  });
});
