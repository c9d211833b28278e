import { daysInRange, relativeTime } from './costRange';

describe('costRange', () => {
  const now = new Date('2025-03-07T23:30:00Z');

  it('counts the days of a range inclusively', () => {
    expect(daysInRange('2025-02-06', '2025-03-07')).toBe(30);
    expect(daysInRange('2024-03-08', '2025-03-07')).toBe(365);
  });

  it('describes times relative to the clock', () => {
    expect(relativeTime('2025-03-07T20:30:00Z', now, 'en-US')).toBe(
      '3 hours ago',
    );
    expect(relativeTime(undefined, now, 'en-US')).toBeUndefined();
    expect(relativeTime('yesterday', now, 'en-US')).toBeUndefined();
  });
});
