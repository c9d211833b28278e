import {
  DEFAULT_ANOMALY_OPTIONS,
  detectDailyAnomaly,
} from './detectDailyAnomaly';

/** 28 days of a service that costs about 100 a day, a little less at weekends. */
const usual = Array.from({ length: 28 }, (_, day) =>
  day % 7 >= 5 ? 80 + (day % 3) : 100 + (day % 4) * 2,
);

describe('detectDailyAnomaly', () => {
  it('flags a day far above the median of the 28 before it', () => {
    const result = detectDailyAnomaly([...usual, 180])!;
    expect(result.anomalous).toBe(true);
    expect(result.median).toBe(102);
    expect(result.increase).toBe(78);
    expect(result.score).toBeGreaterThan(DEFAULT_ANOMALY_OPTIONS.threshold);
  });

  it('does not flag an ordinary day, a weekend dip or a fall', () => {
    for (const amount of [104, 81, 10]) {
      expect(detectDailyAnomaly([...usual, amount])!.anomalous).toBe(false);
    }
  });

  it('is robust to an earlier spike, which a mean and standard deviation are not', () => {
    const withSpike = [...usual];
    withSpike[10] = 2000;
    const result = detectDailyAnomaly([...withSpike, 180])!;
    expect(result.anomalous).toBe(true);
    const mean = withSpike.reduce((a, b) => a + b, 0) / withSpike.length;
    const sd = Math.sqrt(
      withSpike.reduce((a, b) => a + (b - mean) ** 2, 0) / withSpike.length,
    );
    // A z-score over mean and standard deviation would call 180 ordinary.
    expect((180 - mean) / sd).toBeLessThan(1);
  });

  it('never pages anyone over cents: the increase must reach minimumIncrease', () => {
    const cents = Array.from({ length: 28 }, () => 0.02);
    const result = detectDailyAnomaly([...cents, 0.9])!;
    expect(result.score).toBe(Infinity);
    expect(result.anomalous).toBe(false);
    expect(
      detectDailyAnomaly([...cents, 0.9], {
        ...DEFAULT_ANOMALY_OPTIONS,
        minimumIncrease: 0.5,
      })!.anomalous,
    ).toBe(true);
  });

  it('judges nothing without enough history: a short series, or new spend', () => {
    expect(detectDailyAnomaly(usual)).toBeUndefined();
    const newService = [...Array(25).fill(0), 50, 60, 55, 400];
    expect(detectDailyAnomaly(newService)).toBeUndefined();
  });

  it('reads the window, threshold and minimum from its options', () => {
    const options = {
      windowDays: 7,
      threshold: 10,
      minimumIncrease: 1,
      minimumHistoryDays: 3,
    };
    const week = [100, 101, 99, 100, 102, 98, 100];
    expect(detectDailyAnomaly([...week, 112], options)!.anomalous).toBe(false);
    expect(detectDailyAnomaly([...week, 130], options)!.anomalous).toBe(true);
  });
});
