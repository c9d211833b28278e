import { NanoSum } from './NanoSum';

describe('NanoSum', () => {
  it('sums numbers and bigints exactly, past the safe-integer range', () => {
    const sum = new NanoSum();
    const big = Number.MAX_SAFE_INTEGER - 10;
    sum.add(big);
    sum.add(big);
    sum.add(7n);
    sum.add(-3);
    expect(sum.value).toBe(2n * BigInt(big) + 4n);
  });

  it('sums negative amounts past the safe-integer range', () => {
    const sum = new NanoSum();
    for (let i = 0; i < 5; i++) {
      sum.add(-Number.MAX_SAFE_INTEGER);
    }
    expect(sum.value).toBe(-5n * BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('is zero when nothing was added', () => {
    expect(new NanoSum().value).toBe(0n);
  });
});
