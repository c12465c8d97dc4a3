/**
 * Holds input acks until the end of the current event-loop turn and sends them together. The NATS
 * client writes to the socket once per microtask turn in which something was queued, and the shell
 * handles one input per few microtasks: acked one by one, nearly every input cost its own socket
 * write (the largest single item in the services' profiles, ADR 0012). Batched, one write carries
 * the acks of every input handled since the last socket read. Order is kept: acks leave in the
 * order they were given, so the consumers' ack floors move exactly as before, a moment later.
 *
 * Whoever reads the server's ack floors (snapshots, stopping) must `flush()` first.
 */
export class AckBatcher {
  private batch: Array<() => void> = [];
  private scheduled: NodeJS.Immediate | undefined;

  /** Sends `ack` with the others at the end of this event-loop turn. */
  add(ack: () => void): void {
    this.batch.push(ack);
    this.scheduled ??= setImmediate(this.flush);
  }

  /** Acks waiting to be sent. */
  get size(): number {
    return this.batch.length;
  }

  /** Sends every waiting ack now, in order. */
  readonly flush = (): void => {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.batch;
    this.batch = [];
    for (const ack of batch) ack();
  };
}
