import {
  formatChange,
  formatCurrency,
  formatPercent,
  formatPeriod,
} from './costFormat';

describe('costFormat', () => {
  it('formats amounts in their own currency', () => {
    expect(formatCurrency(1234.5, 'USD', { locale: 'en-US' })).toBe(
      '$1,234.50',
    );
    expect(formatCurrency(1234.5, 'EUR', { locale: 'de-DE' })).toBe(
      '1.234,50\u00a0€',
    );
    expect(formatCurrency(1234, 'JPY', { locale: 'en-US' })).toBe('¥1,234');
    expect(
      formatCurrency(1234567, 'USD', { locale: 'en-US', compact: true }),
    ).toBe('$1.2M');
  });

  it('falls back to the number and the code for codes Intl rejects', () => {
    expect(formatCurrency(12, 'CREDITS', { locale: 'en-US' })).toBe(
      '12.00 CREDITS',
    );
  });

  it('formats shares and signed changes', () => {
    expect(formatPercent(0.4938, { locale: 'en-US' })).toBe('49.4%');
    expect(formatChange(0.1223, { locale: 'en-US' })).toBe('+12.2%');
    expect(formatChange(-0.05, { locale: 'en-US' })).toBe('-5%');
    expect(formatChange(0, { locale: 'en-US' })).toBe('0%');
  });

  it('labels days and months in UTC', () => {
    expect(formatPeriod('2025-03-07', { locale: 'en-US' })).toBe('Mar 7');
    expect(formatPeriod('2025-03', { locale: 'en-US' })).toBe('Mar 2025');
    expect(formatPeriod('not a date', { locale: 'en-US' })).toBe('not a date');
  });
});
