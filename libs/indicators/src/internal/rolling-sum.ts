/**
 * The last `length` values in a ring buffer with their running sum. Adding the new value and
 * subtracting the evicted one drifts by a rounding error per step, so the sum is re-added from the
 * buffer each time the ring wraps (once per `length` pushes): drift never spans more than one window
 * and the cost stays O(1) amortised.
 *
 * Undo for `replaceLast`: `save()` keeps the scalars, `push()` records the one slot it overwrites,
 * `restore()` puts both back.
 */
export class RollingSum {
  readonly buffer: Float64Array;
  sum = 0;
  size = 0;
  /** Slot of the next write, which is the oldest value once the window is full. */
  head = 0;
  private savedSum = 0;
  private savedSize = 0;
  private savedHead = 0;
  private overwritten = 0;

  constructor(readonly length: number) {
    this.buffer = new Float64Array(length);
  }

  get isFull(): boolean {
    return this.size === this.length;
  }

  /** The value the next push evicts (meaningful only when full). */
  get oldest(): number {
    return this.buffer[this.head];
  }

  /** Pushes x; returns true when the ring wrapped and the sum was re-added from the buffer. */
  push(x: number): boolean {
    const buffer = this.buffer;
    const head = this.head;
    const old = buffer[head];
    this.overwritten = old;
    if (this.size === this.length) {
      this.sum = this.sum + x - old;
    } else {
      this.sum += x;
      this.size++;
    }
    buffer[head] = x;
    if (head + 1 < this.length) {
      this.head = head + 1;
      return false;
    }
    this.head = 0;
    if (this.size !== this.length) return false;
    this.resum();
    return true;
  }

  /**
   * Kept out of `push` so that `push` stays small enough for V8 to inline: a double argument passed
   * to a call that is not inlined gets boxed, which would allocate on every update.
   */
  private resum(): void {
    const buffer = this.buffer;
    let sum = 0;
    for (let i = 0; i < buffer.length; i++) sum += buffer[i];
    this.sum = sum;
  }

  save(): void {
    this.savedSum = this.sum;
    this.savedSize = this.size;
    this.savedHead = this.head;
  }

  restore(): void {
    this.buffer[this.savedHead] = this.overwritten;
    this.sum = this.savedSum;
    this.size = this.savedSize;
    this.head = this.savedHead;
  }

  reset(): void {
    this.buffer.fill(0);
    this.sum = 0;
    this.size = 0;
    this.head = 0;
    this.savedSum = 0;
    this.savedSize = 0;
    this.savedHead = 0;
    this.overwritten = 0;
  }
}
