/**
 * An exact sum of nano-units. Adding plain numbers (safe integers, as `parseNanos` returns
 * for ordinary amounts) stays in number arithmetic, several times cheaper than `bigint`, while
 * the sum is a safe integer; beyond that it carries on in `bigint`.
 */
export class NanoSum {
  #big = 0n;
  #small = 0;

  add(nanos: number | bigint): void {
    if (typeof nanos === 'number') {
      const sum = this.#small + nanos;
      if (Math.abs(sum) <= Number.MAX_SAFE_INTEGER) {
        this.#small = sum;
        return;
      }
      this.#big += BigInt(nanos);
      return;
    }
    this.#big += nanos;
  }

  get value(): bigint {
    return this.#big + BigInt(this.#small);
  }
}
