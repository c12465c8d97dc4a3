/**
 * Which stream sequences of one input stream are already folded into the service state.
 *
 * `covered` is a watermark: every matching message at or below it is applied (or was dead-lettered).
 * `above` holds the sequences applied beyond it. Normally deliveries arrive in stream order and
 * `above` just grows; but a delivery lost in transit (a dropped connection, a server restart) is
 * redelivered only after its ack wait, behind later messages. Tracking individual sequences lets
 * that late message be applied instead of being mistaken for a duplicate.
 *
 * The watermark moves up to the consumer's ack floor (every message at or below it was acked, and
 * the shell acks only after applying). A snapshot may claim `covered` only when nothing is applied
 * above it, since a restart replays everything after `covered`.
 */
export class AppliedLog {
  private watermark: number;
  private readonly above = new Set<number>();
  private highest: number;

  constructor(
    readonly stream: string,
    covered = 0,
  ) {
    if (!Number.isSafeInteger(covered) || covered < 0) throw new Error(`AppliedLog ${stream}: covered must be an integer >= 0, got ${covered}`);
    this.watermark = covered;
    this.highest = covered;
  }

  get covered(): number {
    return this.watermark;
  }

  /** The highest sequence applied so far. */
  get last(): number {
    return this.highest;
  }

  /** Sequences applied above the watermark (their number). */
  get pendingAbove(): number {
    return this.above.size;
  }

  isApplied(seq: number): boolean {
    return seq <= this.watermark || this.above.has(seq);
  }

  markApplied(seq: number): void {
    if (seq > this.highest) this.highest = seq;
    if (seq > this.watermark) this.above.add(seq);
  }

  /**
   * Everything up to and including `seq` is applied, e.g. after replaying a stream up to its end:
   * the replay read every matching message, so there can be no hole below it.
   */
  coverThrough(seq: number): void {
    if (seq <= this.watermark) return;
    this.watermark = seq;
    if (seq > this.highest) this.highest = seq;
    for (const s of this.above) if (s <= seq) this.above.delete(s);
  }

  /** The consumer acknowledged every message up to `ackFloor`: move the watermark there. */
  advanceToAckFloor(ackFloor: number): void {
    // Acked means applied, skipped as a duplicate, or dead-lettered: nothing below is still to come.
    this.coverThrough(ackFloor);
  }

  /** The sequence a snapshot may claim as covered, or undefined while messages are applied above the watermark. */
  snapshotPoint(): number | undefined {
    return this.above.size === 0 ? this.watermark : undefined;
  }
}
