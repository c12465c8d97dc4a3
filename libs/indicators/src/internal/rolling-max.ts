/**
 * Maximum of the last `length` values with a monotonic deque kept in two ring buffers: each value
 * is pushed and popped at most once, so a push is O(1) amortised and allocates nothing. For a
 * rolling minimum push -x and negate `max` (negation is exact).
 *
 * Undo for `replaceLast`: a push overwrites exactly one slot (the first one past the kept entries),
 * which it records; `restore()` puts it back with the saved head/size/sequence.
 */
export class RollingMax {
  private readonly values: Float64Array;
  private readonly seqs: Float64Array;
  private head = 0;
  private size = 0;
  /** Sequence number of the next push (a double stays exact far beyond any realistic count). */
  private seq = 0;
  private savedHead = 0;
  private savedSize = 0;
  private savedSeq = 0;
  private slot = 0;
  private slotValue = 0;
  private slotSeq = 0;

  constructor(readonly length: number) {
    this.values = new Float64Array(length);
    this.seqs = new Float64Array(length);
  }

  get max(): number {
    return this.values[this.head];
  }

  push(x: number): void {
    const n = this.length;
    const values = this.values;
    const seqs = this.seqs;
    let head = this.head;
    let size = this.size;
    // Only one entry can leave by age per push: entries have distinct sequence numbers.
    if (size > 0 && seqs[head] <= this.seq - n) {
      head = head + 1 === n ? 0 : head + 1;
      size--;
    }
    while (size > 0) {
      let back = head + size - 1;
      if (back >= n) back -= n;
      if (values[back] > x) break;
      size--;
    }
    let slot = head + size;
    if (slot >= n) slot -= n;
    this.slot = slot;
    this.slotValue = values[slot];
    this.slotSeq = seqs[slot];
    values[slot] = x;
    seqs[slot] = this.seq;
    this.head = head;
    this.size = size + 1;
    this.seq++;
  }

  save(): void {
    this.savedHead = this.head;
    this.savedSize = this.size;
    this.savedSeq = this.seq;
  }

  restore(): void {
    this.values[this.slot] = this.slotValue;
    this.seqs[this.slot] = this.slotSeq;
    this.head = this.savedHead;
    this.size = this.savedSize;
    this.seq = this.savedSeq;
  }

  reset(): void {
    this.values.fill(0);
    this.seqs.fill(0);
    this.head = 0;
    this.size = 0;
    this.seq = 0;
    this.savedHead = 0;
    this.savedSize = 0;
    this.savedSeq = 0;
    this.slot = 0;
    this.slotValue = 0;
    this.slotSeq = 0;
  }
}
