import type { Delivery, StoredEvent, Subscription } from '../ports/bus';
import type { SubjectMatcher } from '../subject/subject-matcher';
import { ACKED, InMemoryDelivery, TERMINATED } from './in-memory-delivery';
import type { StreamLog } from './stream-log';

/** What survives a subscription: a restarted consumer with the same durable name resumes from here. */
export interface DurableState {
  readonly name: string;
  readonly stream: StreamLog;
  /** Index in the stream of the next message to consider; everything before it is settled. */
  nextIndex: number;
  /** Failed attempts already made on the message at `nextIndex` (kept across a stop). */
  failedAttempts: number;
  subscription: MemorySubscription | undefined;
}

/** The bus services a subscription needs; implemented by InMemoryBus. */
export interface SubscriptionHost {
  pumpStarted(): void;
  pumpFinished(): void;
  pumpFailed(error: unknown): void;
  deadLetter(subscription: MemorySubscription, reason: 'poison' | 'handler-error', message: string, stored: StoredEvent, deliveryCount: number): void;
  released(subscription: MemorySubscription): void;
}

const RESOLVED = Promise.resolve();

export type AnyHandler = (delivery: Delivery) => Promise<void> | void;

/**
 * A running durable consumer. It delivers one message at a time in stream order from a pump that
 * runs as a microtask, never a timer, and awaits the handler only when it returns a promise, so a
 * synchronous handler drains a backlog in one tight loop.
 *
 * Redelivery is immediate: a failed attempt is retried at once, before any later message, until it
 * is acked or `maxDeliver` attempts have failed. JetStream waits out the back-off because a failure
 * there is usually transient (a broker or downstream outage). An in-process handler driven by
 * simulated time has no such outage to wait for, and scheduling the retry on the bus clock would stall
 * a backtest whose clock only moves when the driver feeds the next event (and the driver waits for
 * `idle()` first). Retrying in place also keeps delivery strictly in order and deterministic. Hence
 * `backoffMs`, `nak(delayMs)` and `ackWaitMs` are accepted but have no delay to apply here, and
 * `maxAckPending` is in effect 1: the handler's outcome settles each message before the next.
 */
export class MemorySubscription implements Subscription {
  private running = false;
  private stopping = false;
  private failed = false;
  private stopWaiters: (() => void)[] = [];
  private readonly runBound = () => void this.run();

  constructor(
    readonly durable: DurableState,
    readonly deadLetterService: string,
    private readonly match: SubjectMatcher,
    private readonly handler: AnyHandler,
    private readonly maxDeliver: number,
    private readonly host: SubscriptionHost,
  ) {}

  get stopped(): boolean {
    return this.stopping;
  }

  /** Called by the bus after a message is stored on this subscription's stream. */
  notify(subject: string): void {
    if (!this.running && !this.stopping && !this.failed && this.match(subject)) this.schedule();
  }

  /** Starts delivering the backlog, if any. */
  start(): void {
    if (this.durable.nextIndex < this.durable.stream.messages.length) this.schedule();
  }

  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      if (!this.running) this.host.released(this);
    }
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.stopWaiters.push(resolve));
  }

  private schedule(): void {
    this.running = true;
    this.host.pumpStarted();
    // A resolved promise rather than queueMicrotask: test fake timers replace queueMicrotask.
    void RESOLVED.then(this.runBound);
  }

  private async run(): Promise<void> {
    const durable = this.durable;
    const messages = durable.stream.messages;
    try {
      while (!this.stopping && durable.nextIndex < messages.length) {
        const stored = messages[durable.nextIndex];
        if (!this.match(stored.subject)) {
          durable.nextIndex++;
          continue;
        }
        const delivery = new InMemoryDelivery(stored, durable.failedAttempts + 1);
        let threw = false;
        let error: unknown;
        try {
          const result = this.handler(delivery);
          if (result !== undefined && typeof (result as PromiseLike<void>).then === 'function') await result;
        } catch (e) {
          threw = true;
          error = e;
        }
        const outcome = delivery.seal(threw);
        if (outcome === ACKED) {
          this.advance();
        } else if (outcome === TERMINATED) {
          this.host.deadLetter(this, 'handler-error', delivery.termReason, stored, delivery.deliveryCount);
          this.advance();
        } else if (delivery.deliveryCount >= this.maxDeliver) {
          const why = threw ? errorMessage(error) : `nak on delivery ${delivery.deliveryCount}`;
          this.host.deadLetter(this, 'poison', why, stored, delivery.deliveryCount);
          this.advance();
        } else {
          durable.failedAttempts = delivery.deliveryCount;
        }
      }
    } catch (e) {
      this.failed = true;
      this.host.pumpFailed(e);
    } finally {
      this.running = false;
      if (this.stopping) {
        this.host.released(this);
        const waiters = this.stopWaiters;
        this.stopWaiters = [];
        for (const resolve of waiters) resolve();
      }
      this.host.pumpFinished();
    }
  }

  private advance(): void {
    this.durable.nextIndex++;
    this.durable.failedAttempts = 0;
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}
