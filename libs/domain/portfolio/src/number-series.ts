/** Values per chunk: 128 KiB, small enough that growing never copies or asks for a big block. */
const CHUNK = 16_384;

/**
 * An append-only column of numbers stored in fixed-size Float64Array chunks. A million-bar equity
 * curve then costs one store per bar: no boxed array slots for the garbage collector to scan, and
 * no doubling copies (large reallocations of external memory make V8 run full collections).
 */
export class NumberSeries {
  private readonly chunks: Float64Array[] = [];
  private current: Float64Array = new Float64Array(0);
  /** Values used in `current`. */
  private used = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.used === this.current.length) {
      this.current = new Float64Array(CHUNK);
      this.chunks.push(this.current);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.size++;
  }

  /** Replaces the last value; a no-op on an empty series. */
  setLast(value: number): void {
    if (this.used > 0) this.current[this.used - 1] = value;
  }

  /** A copy of the values in one array (for reports: O(length), so not per bar). */
  toFloat64Array(): Float64Array {
    const out = new Float64Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      const take = Math.min(chunk.length, this.size - at);
      out.set(take === chunk.length ? chunk : chunk.subarray(0, take), at);
      at += take;
    }
    return out;
  }
}
