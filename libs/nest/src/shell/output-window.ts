import type { PublishItem } from '@helios/nats';

/** One applied input whose outputs are on their way to the streams. */
export interface PendingInput {
  /** `<stream>#<seq>`: a redelivery of the same input joins this entry instead of being acked early. */
  key: string;
  items: readonly PublishItem[];
  /** Called once every output of this input is stored (before any ack). */
  onStored?: () => void;
  /** Acks the input; called in admission order, never before every earlier input's outputs are stored. */
  ack: () => void;
  /** Keeps the input's ack wait from expiring while it waits. */
  working: () => void;
}

export interface OutputWindowOptions {
  /** Stores one output (msg id = event id) of the input `key` and resolves on its PubAck; rejects when it gave up. */
  publish(item: PublishItem, input: string): Promise<void>;
  /** Publishes awaiting their PubAck at most; `add` waits for room beyond it. */
  maxInFlight: number;
  /** How often held inputs tell the server they are still being worked on. */
  workingEveryMs: number;
  /** The first failed publish: the window acks nothing more until `reset`. */
  onFailure(err: unknown, input: string): void;
}

interface Entry extends PendingInput {
  remaining: number;
  stored: boolean;
  extraAcks: Array<() => void>;
}

/**
 * Pipelines the outputs of consecutive inputs: each input's outputs are sent as soon as it is
 * decided, without waiting for the previous input's PubAcks, and inputs are acked strictly in
 * admission order once their own outputs and those of every earlier input are stored. So the ack
 * floor of a consumer never passes an input whose outputs might be missing (ADR 0007 invariant 1),
 * while a hop costs about one round trip however many inputs are in flight.
 */
export class OutputWindow {
  private entries: Entry[] = [];
  private head = 0;
  private inFlight = 0;
  private failed = false;
  private readonly byKey = new Map<string, Entry>();
  private roomWaiters: Array<() => void> = [];
  private idleWaiters: Array<() => void> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: OutputWindowOptions) {
    if (!Number.isInteger(opts.maxInFlight) || opts.maxInFlight < 1) throw new Error(`OutputWindow: maxInFlight must be an integer >= 1, got ${opts.maxInFlight}`);
    this.timer = setInterval(() => this.keepWorking(), opts.workingEveryMs);
    this.timer.unref();
  }

  /** Inputs admitted and not acked yet. */
  get pending(): number {
    return this.entries.length - this.head;
  }

  get publishing(): number {
    return this.inFlight;
  }

  /** A publish failed: nothing is acked any more until `reset`. */
  get broken(): boolean {
    return this.failed;
  }

  /**
   * Starts publishing the input's outputs; resolves once there is room for the next input's.
   * Refused while the window is broken (the caller must not have applied the input then).
   */
  add(input: PendingInput): Promise<void> {
    if (this.failed) throw new Error('OutputWindow: a publish failed; the window must be reset before it takes inputs again');
    const entry: Entry = { ...input, remaining: input.items.length, stored: input.items.length === 0, extraAcks: [] };
    this.entries.push(entry);
    this.byKey.set(entry.key, entry);
    if (entry.stored) {
      entry.onStored?.();
      this.ackReady();
      this.settled();
    }
    for (const item of input.items) this.send(entry, item);
    return this.inFlight < this.opts.maxInFlight ? Promise.resolve() : new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** A redelivered input that is still waiting: acked together with it. False when it is not waiting. */
  joinWaiting(key: string, ack: () => void): boolean {
    const entry = this.byKey.get(key);
    if (entry === undefined) return false;
    entry.extraAcks.push(ack);
    return true;
  }

  /** Resolves when every admitted input is acked, or, once broken, when no publish is in flight any more. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets every waiting input (they stay unacked and come back) and takes inputs again. */
  reset(): void {
    if (this.inFlight > 0) throw new Error(`OutputWindow: reset with ${this.inFlight} publishes in flight; await idle() first`);
    this.entries = [];
    this.head = 0;
    this.byKey.clear();
    this.failed = false;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private send(entry: Entry, item: PublishItem): void {
    this.inFlight++;
    this.opts.publish(item, entry.key).then(
      () => {
        this.inFlight--;
        if (--entry.remaining === 0 && !this.failed) {
          entry.stored = true;
          entry.onStored?.();
          this.ackReady();
        }
        this.settled();
      },
      (err: unknown) => {
        this.inFlight--;
        if (!this.failed) {
          this.failed = true;
          this.opts.onFailure(err, entry.key);
        }
        this.settled();
      },
    );
  }

  private ackReady(): void {
    while (this.head < this.entries.length && this.entries[this.head].stored && !this.failed) {
      const entry = this.entries[this.head++];
      this.byKey.delete(entry.key);
      entry.ack();
      for (const ack of entry.extraAcks) ack();
    }
    // Compact now and then instead of shifting on every ack.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private settled(): void {
    if (this.inFlight < this.opts.maxInFlight) for (const wake of this.roomWaiters.splice(0)) wake();
    if (this.isIdle()) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private isIdle(): boolean {
    return this.failed ? this.inFlight === 0 : this.pending === 0;
  }

  private keepWorking(): void {
    for (let i = this.head; i < this.entries.length; i++) this.entries[i].working();
  }
}
