import { subjects, type Envelope } from '@helios/contracts';
import type { Bus, ConsumeOptions, Delivery, PublishAck, StartPosition, StoredEvent, Subscription } from './ports/bus';
import type { Clock } from './ports/clock';
import { compileSubjectMatcher } from './subject/subject-matcher';
import { buildDeadLetter, type DeadLetterFactory } from './in-memory/dead-letter';
import { MemorySubscription, type AnyHandler, type DurableState, type SubscriptionHost } from './in-memory/memory-subscription';
import type { StreamLog } from './in-memory/stream-log';
import { StreamRouter, type StreamLayout } from './in-memory/stream-router';
import { readConsumeOptions, readFilters, readStartPosition } from './in-memory/consume-options';

export interface InMemoryBusOptions {
  /** Storage times and the duplicate window are read from this clock. */
  clock: Clock;
  /** Stream name -> subject filters (non-overlapping), e.g. `STREAMS` from `@helios/contracts`. */
  streams: StreamLayout;
  /** Re-publishing an id within this much bus-clock time is a duplicate (JetStream's 2 min default); 0 turns it off. */
  duplicateWindowMs?: number;
  /** Builds the `system.dlq.<service>` envelope; defaults to the contracts' `deadLetter`. */
  deadLetter?: DeadLetterFactory;
}

export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

/**
 * The Bus port in memory, for backtests and tests: JetStream's semantics (streams, per-stream
 * sequences, de-duplication, durable consumers, dead letters, replay) without a broker, timers or
 * copies. Delivery runs on microtasks; `idle()` tells a driver when everything has settled.
 */
export class InMemoryBus implements Bus {
  private readonly clock: Clock;
  private readonly router: StreamRouter;
  private readonly buildDeadLetter: DeadLetterFactory;
  private readonly durables = new Map<string, DurableState>();
  private activePumps = 0;
  private idleWaiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private failure: unknown = undefined;
  private closing: Promise<void> | undefined;
  private closed = false;

  // What subscriptions need from the bus, kept off the public surface of the class.
  private readonly host: SubscriptionHost = {
    pumpStarted: () => {
      this.activePumps++;
    },
    pumpFinished: () => {
      if (--this.activePumps > 0 || this.idleWaiters.length === 0) return;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const waiter of waiters) {
        if (this.failure === undefined) waiter.resolve();
        else waiter.reject(this.failure);
      }
    },
    pumpFailed: (error) => {
      if (this.failure === undefined) this.failure = error;
    },
    deadLetter: (subscription, reason, message, stored, deliveryCount) => {
      const service = subscription.deadLetterService;
      const envelope = this.buildDeadLetter({ service, reason, message, original: stored, deliveryCount, ts: this.clock.now() });
      this.publishSync(subjects.dlq(service), envelope);
    },
    released: (subscription) => {
      const listeners = subscription.durable.stream.listeners;
      const at = listeners.indexOf(subscription);
      if (at >= 0) listeners.splice(at, 1);
      if (subscription.durable.subscription === subscription) subscription.durable.subscription = undefined;
    },
  };

  constructor(options: InMemoryBusOptions) {
    if (options === null || typeof options !== 'object') throw new Error('InMemoryBus: options are required');
    const { clock, streams, duplicateWindowMs = DEFAULT_DUPLICATE_WINDOW_MS, deadLetter = buildDeadLetter } = options;
    if (clock === null || typeof clock !== 'object' || typeof clock.now !== 'function') {
      throw new Error('InMemoryBus: options.clock must be a Clock');
    }
    if (!Number.isFinite(duplicateWindowMs) || duplicateWindowMs < 0) {
      throw new Error(`InMemoryBus: options.duplicateWindowMs must be a finite number >= 0, got ${String(duplicateWindowMs)}`);
    }
    this.clock = clock;
    this.router = new StreamRouter(streams, duplicateWindowMs);
    this.buildDeadLetter = deadLetter;
  }

  publish<E extends Envelope>(subject: string, event: E): Promise<PublishAck> {
    try {
      return Promise.resolve(this.publishSync(subject, event));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `publish` without the promise, for backtest drivers that feed millions of events. */
  publishSync(subject: string, event: Envelope): PublishAck {
    if (this.closed) throw new Error(`publish(${subject}): the bus is closed`);
    const stream = this.router.forSubject(subject);
    if (event === null || typeof event !== 'object' || typeof event.id !== 'string' || event.id.length === 0) {
      throw new Error(`publish(${subject}): the event needs a non-empty string id`);
    }
    const ack = stream.append(subject, event, this.clock.now());
    if (!ack.duplicate) this.notify(stream, subject);
    return ack;
  }

  async consume<E extends Envelope>(options: ConsumeOptions, handler: (delivery: Delivery<E>) => Promise<void> | void): Promise<Subscription> {
    if (this.closing !== undefined) throw new Error('consume: the bus is closed');
    const opts = readConsumeOptions(options);
    if (typeof handler !== 'function') throw new Error(`consume(${opts.durable}): handler must be a function`);
    const where = `consume(${opts.durable})`;
    const stream = this.router.forFilters(opts.filters, where);
    const dlqSubject = subjects.dlq(opts.deadLetterService);
    try {
      this.router.forSubject(dlqSubject);
    } catch (error) {
      throw new Error(`${where}: dead letters cannot be stored: ${(error as Error).message}`);
    }

    let durable = this.durables.get(opts.durable);
    if (durable === undefined) {
      durable = { name: opts.durable, stream, nextIndex: stream.startIndex(opts.deliverFrom), failedAttempts: 0, subscription: undefined };
      this.durables.set(opts.durable, durable);
    } else if (durable.stream !== stream) {
      throw new Error(`${where}: durable ${opts.durable} reads stream ${durable.stream.name}, not ${stream.name}`);
    } else if (durable.subscription !== undefined) {
      const state = durable.subscription.stopped ? 'is still stopping (await stop() first)' : 'is already being consumed';
      throw new Error(`${where}: durable ${opts.durable} ${state}`);
    }

    const match = compileSubjectMatcher(opts.filters, stream.filters);
    const subscription = new MemorySubscription(durable, opts.deadLetterService, match, handler as AnyHandler, opts.maxDeliver, this.host);
    durable.subscription = subscription;
    stream.listeners.push(subscription);
    subscription.start();
    return subscription;
  }

  replay<E extends Envelope>(filter: string | string[], from: StartPosition): AsyncIterable<StoredEvent<E>> {
    if (this.closed) throw new Error('replay: the bus is closed');
    const filters = readFilters(filter, 'replay');
    const start = readStartPosition(from, 'replay: from');
    const stream = this.router.forFilters(filters, 'replay');
    const match = compileSubjectMatcher(filters, stream.filters);
    const messages = stream.messages as StoredEvent<E>[];
    return replayRange(messages, Math.max(0, stream.startIndex(start)), messages.length, match);
  }

  /**
   * Resolves once every delivery has settled, including deliveries of what handlers published in turn.
   * Work a handler starts outside the bus (its own timers) is not tracked. Rejects if a consumer broke
   * (e.g. a dead letter could not be stored).
   */
  idle(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.activePumps === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idleWaiters.push({ resolve, reject }));
  }

  /** Stops every subscription (waiting for handlers in progress), then refuses further use. */
  close(): Promise<void> {
    this.closing ??= this.stopAll().then(() => {
      this.closed = true;
    });
    return this.closing;
  }

  private async stopAll(): Promise<void> {
    const running = this.router.streams.flatMap((stream) => [...stream.listeners]);
    await Promise.all(running.map((subscription) => subscription.stop()));
  }

  private notify(stream: StreamLog, subject: string): void {
    const listeners = stream.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].notify(subject);
  }
}

async function* replayRange<E extends Envelope>(
  messages: StoredEvent<E>[],
  start: number,
  end: number,
  match: (subject: string) => boolean,
): AsyncGenerator<StoredEvent<E>> {
  for (let i = start; i < end; i++) {
    const stored = messages[i];
    if (match(stored.subject)) yield stored;
  }
}
