import { buildCurrencyCosts, costPeriods } from './buildCurrencyCosts';

const n = (amount: number) => BigInt(Math.round(amount * 1e9));

describe('costPeriods', () => {
  it('derives the previous period of equal length, the month start and the forecast basis', () => {
    expect(costPeriods('2024-09-21', '2024-09-30')).toEqual({
      from: '2024-09-21',
      to: '2024-09-30',
      previousFrom: '2024-09-11',
      previousTo: '2024-09-20',
      monthStart: '2024-09-01',
      forecastFrom: '2024-09-17',
      queryFrom: '2024-09-01',
    });
    expect(costPeriods('2024-03-01', '2024-03-01').previousFrom).toBe(
      '2024-02-29',
    );
  });
});

describe('buildCurrencyCosts', () => {
  const periods = costPeriods('2024-09-08', '2024-09-14');
  const daily = [
    // previous period 2024-09-01..07
    { day: '2024-09-01', currency: 'USD', amountNanos: n(10) },
    { day: '2024-09-07', currency: 'USD', amountNanos: n(10) },
    // the period
    { day: '2024-09-08', currency: 'USD', amountNanos: n(5) },
    { day: '2024-09-10', currency: 'USD', amountNanos: n(7.5) },
    { day: '2024-09-14', currency: 'USD', amountNanos: n(12.5) },
    { day: '2024-09-14', currency: 'EUR', amountNanos: n(3) },
  ];
  const breakdown = [
    { key: 'Amazon EC2', currency: 'USD', amountNanos: n(20) },
    { key: undefined, currency: 'USD', amountNanos: n(3) },
    { key: '', currency: 'USD', amountNanos: n(2) },
    { key: 'Zero', currency: 'USD', amountNanos: 0n },
    { key: 'VMs', currency: 'EUR', amountNanos: n(3) },
  ];

  it('zero-fills the daily series, totals per currency and never mixes currencies', () => {
    const [eur, usd] = buildCurrencyCosts({
      periods,
      granularity: 'day',
      daily,
      breakdown,
    });
    expect(usd.currency).toBe('USD');
    expect(usd.total).toBe(25);
    expect(usd.series.map(p => p.amount)).toEqual([5, 0, 7.5, 0, 0, 0, 12.5]);
    expect(usd.series[0].date).toBe('2024-09-08');
    expect(eur).toMatchObject({
      currency: 'EUR',
      total: 3,
      previousPeriodTotal: 0,
    });
    expect(eur.changeRatio).toBeUndefined();
  });

  it('computes month-to-date, a linear forecast, the change and the breakdown', () => {
    const usd = buildCurrencyCosts({
      periods,
      granularity: 'day',
      daily,
      breakdown,
    })[1];
    expect(usd.monthToDate).toBe(45);
    // basis 2024-09-01..14 holds 45 → 45/14 per day × 16 remaining days
    expect(usd.forecast.monthEnd).toBeCloseTo(45 + (45 / 14) * 16, 9);
    expect(usd.forecast.method).toBe(
      'linear: month-to-date (2024-09-01..2024-09-14) + mean daily cost of the 14 days 2024-09-01..2024-09-14 × 16 remaining day(s)',
    );
    expect(usd.previousPeriodTotal).toBe(20);
    expect(usd.changeRatio).toBeCloseTo(0.25, 12);
    expect(usd.breakdown).toEqual([
      { key: 'Amazon EC2', amount: 20, share: 0.8 },
      { key: '(none)', amount: 5, share: 0.2 },
    ]);
  });

  it('groups the series by month', () => {
    const result = buildCurrencyCosts({
      periods: costPeriods('2024-08-30', '2024-09-02'),
      granularity: 'month',
      daily: [
        { day: '2024-08-30', currency: 'USD', amountNanos: n(1) },
        { day: '2024-08-31', currency: 'USD', amountNanos: n(2) },
        { day: '2024-09-02', currency: 'USD', amountNanos: n(4) },
      ],
      breakdown: [],
    });
    expect(result[0].series).toEqual([
      { date: '2024-08', amount: 3 },
      { date: '2024-09', amount: 4 },
    ]);
  });

  it.each([
    [100, 'ok', 0.45],
    [50, 'at-risk', 0.9],
    [40, 'over', 1.125],
  ])('rates a monthly budget of %i USD as %s', (monthly, status, usedRatio) => {
    const usd = buildCurrencyCosts({
      periods,
      granularity: 'day',
      daily,
      breakdown,
      budget: { monthly, currency: 'USD' },
    })[1];
    expect(usd.budget).toMatchObject({
      monthly,
      currency: 'USD',
      status,
      usedRatio,
    });
    expect(usd.budget!.forecastRatio).toBeCloseTo(
      usd.forecast.monthEnd / monthly,
      12,
    );
  });

  it('shows the budget currency even without data', () => {
    const [gbp] = buildCurrencyCosts({
      periods,
      granularity: 'day',
      daily: [],
      breakdown: [],
      budget: { monthly: 10, currency: 'GBP' },
    });
    expect(gbp).toMatchObject({
      currency: 'GBP',
      total: 0,
      monthToDate: 0,
      budget: { status: 'ok', usedRatio: 0 },
    });
    expect(gbp.series).toHaveLength(7);
  });
});
