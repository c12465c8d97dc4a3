import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { deadLetter, decodeEvent, subjects, type DecodeFailure, type Envelope, type ProcessingFailure } from '@helios/contracts';
import type { Clock, Delivery, Subscription } from '@helios/kernel';
import type { Publisher } from './publisher';
import { describeError } from './retry';

export interface DurableConsumerRun {
  nc: NatsConnection;
  js: JetStreamClient;
  stream: string;
  durable: string;
  /** Dead letters go to `system.dlq.<deadLetterService>`. */
  deadLetterService: string;
  /** Attempts before a failing message is dead-lettered. */
  maxDeliver: number;
  /** Delay before redelivery after attempt n fails: `backoffMs[n - 1]`, the last entry repeating. */
  backoffMs: readonly number[];
  /** While a handler runs, the server is told every ackWaitMs / 2 that it is still working. */
  ackWaitMs: number;
  /** Bodies larger than this are dead-lettered as `oversized`. */
  maxEventBytes: number;
  /** Messages pulled ahead of the handler (they wait in memory, their ack wait running). */
  prefetch: number;
  /** Stamps dead letters. */
  clock: Clock;
  /** Publishes dead letters reliably (same id on retry). */
  publisher: Publisher;
  /** Handler errors after it settled the message itself, dead letters that could not be published. */
  onError: (err: unknown, context: string) => void;
}

type Handler<E extends Envelope> = (delivery: Delivery<E>) => Promise<void> | void;

const NS_PER_MS = 1_000_000;
/** Rounding of a ~1.7e18 ns double (and of ms * 1e6) stays far below this many ns. */
const SAFE_NS = 4_096;

/**
 * The time the stream stored the message, in whole ms since epoch (floored, as `opt_start_time`
 * compares). The parsed nanosecond number is a double that can be off by ~100 ns, so only when it
 * lies that close to a millisecond boundary is the exact (slower, BigInt) value computed.
 */
export function storedAtMs(m: JsMsg): number {
  const ns = m.info.timestampNanos;
  const ms = Math.floor(ns / NS_PER_MS);
  const rest = ns - ms * NS_PER_MS;
  if (rest > SAFE_NS && rest < NS_PER_MS - SAFE_NS) return ms;
  return Number(m.timestampNanos / BigInt(NS_PER_MS));
}

export function nakDelay(backoffMs: readonly number[], attempt: number): number {
  if (backoffMs.length === 0) return 0;
  return backoffMs[Math.min(attempt, backoffMs.length) - 1];
}

/**
 * Consumes an existing durable pull consumer one message at a time, in stream order. Each message
 * is decoded; an invalid one is dead-lettered with its decode reason and terminated. A valid one is
 * handed to the handler and settled by its outcome unless it settled it itself: resolve -> ack,
 * throw -> nak after the back-off, throw on attempt `maxDeliver` -> dead letter `poison` + term.
 * A message is only terminated after its dead letter was acknowledged by the stream.
 *
 * The server's `max_deliver` must be `maxDeliver + 1`: the extra delivery catches messages whose
 * last attempt never settled (a crash, an expired ack wait) so that they are dead-lettered too.
 */
export async function runDurableConsumer<E extends Envelope>(run: DurableConsumerRun, handler: Handler<E>): Promise<Subscription> {
  return consumeInOrder(run, (m) => processMessage(run, m, handler));
}

/**
 * The loop under every durable consumer: messages in stream order, one `perMessage` at a time; an
 * error in one message is reported and the loop goes on (the message, unsettled, comes back).
 * `stop` closes the subscription, waits for the loop and flushes the connection.
 */
export async function consumeInOrder(run: DurableConsumerRun, perMessage: (m: JsMsg) => Promise<void>): Promise<Subscription> {
  const consumer = await run.js.consumers.get(run.stream, run.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: run.prefetch });
  const loop = (async () => {
    try {
      for await (const m of messages) {
        try {
          await perMessage(m);
        } catch (err) {
          // E.g. an ack on a connection that just closed: unsettled, so it comes back; keep going.
          run.onError(err, `consumer ${run.stream}/${run.durable}: message #${m.seq} (${m.subject})`);
        }
      }
    } catch (err) {
      run.onError(err, `consumer ${run.stream}/${run.durable} stopped`);
    }
  })();
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        await messages.close();
        await loop;
        // Acks are fire-and-forget; make sure they left before the caller closes the connection.
        await run.nc.flush().catch(() => undefined);
      })()),
  };
}

/**
 * A message opened for a handler: its delivery (ack / nak / term settle it once) and the settle-once
 * guard. Both are methods of one object: call them on it, do not detach them.
 */
export interface OpenedDelivery<E extends Envelope> {
  delivery: Delivery<E> & { working(): void };
  /** Marks the message settled; false when it already was (an ack, nak or term came first). */
  settle(): boolean;
  attempt: number;
}

/**
 * One message opened for a handler. A class rather than an object of closures: a service opens every
 * delivery through here, and five closures per message (each named at run time by the TS loader)
 * showed in the profile of the service shell (ADR 0012).
 */
class OpenedMessage<E extends Envelope> implements OpenedDelivery<E> {
  private settled = false;
  readonly stream: string;
  readonly subject: string;
  readonly seq: number;

  constructor(
    private readonly run: DurableConsumerRun,
    private readonly m: JsMsg,
    readonly event: E,
    readonly attempt: number,
  ) {
    this.stream = m.info.stream;
    this.subject = m.subject;
    this.seq = m.seq;
  }

  get delivery(): Delivery<E> & { working(): void } {
    return this;
  }

  get deliveryCount(): number {
    return this.attempt;
  }

  // Read by few handlers; parsing the stored time costs something on every message.
  get storedAt(): number {
    return storedAtMs(this.m);
  }

  settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    return true;
  }

  ack(): void {
    if (this.settle()) this.m.ack();
  }

  async nak(delayMs?: number): Promise<void> {
    if (!this.settle()) return;
    if (this.attempt >= this.run.maxDeliver) await deadLetterAndTerm(this.run, this.m, { reason: 'poison', message: `nak on delivery ${this.attempt}`, raw: this.m.data }, this.event);
    else this.m.nak(delayMs ?? nakDelay(this.run.backoffMs, this.attempt));
  }

  async term(reason: string): Promise<void> {
    if (this.settle()) await deadLetterAndTerm(this.run, this.m, { reason: 'handler-error', message: String(reason), raw: this.m.data }, this.event);
  }

  working(): void {
    if (!this.settled) this.m.working();
  }
}

/**
 * Opens a message for a handler, or settles it here: past `maxDeliver` attempts it is poison, and a
 * message that does not decode is dead-lettered with the reason; both are terminated (undefined).
 * A nak on the last allowed attempt is poison too, as if the handler had thrown.
 */
export async function openDelivery<E extends Envelope>(run: DurableConsumerRun, m: JsMsg): Promise<OpenedDelivery<E> | undefined> {
  const attempt = m.info.deliveryCount;
  if (attempt > run.maxDeliver) {
    await deadLetterAndTerm(run, m, {
      reason: 'poison',
      message: `not settled within ${run.maxDeliver} attempts (the handler hung past the ack wait or the consumer stopped)`,
      raw: m.data,
    });
    return undefined;
  }
  const decoded = decodeEvent(m.data, { maxBytes: run.maxEventBytes });
  if (!decoded.ok) {
    await deadLetterAndTerm(run, m, decoded);
    return undefined;
  }
  return new OpenedMessage(run, m, decoded.event as E, attempt);
}

async function processMessage<E extends Envelope>(run: DurableConsumerRun, m: JsMsg, handler: Handler<E>): Promise<void> {
  const opened = await openDelivery<E>(run, m);
  if (opened === undefined) return;
  // Methods, not closures (see OpenedMessage): called on `opened`, never detached.
  const { delivery, attempt } = opened;
  const heartbeat = setInterval(() => m.working(), Math.max(100, Math.floor(run.ackWaitMs / 2)));
  try {
    await handler(delivery);
    if (opened.settle()) m.ack();
  } catch (err) {
    if (!opened.settle()) {
      run.onError(err, `handler for ${m.subject} #${m.seq} threw after settling the message`);
    } else if (attempt >= run.maxDeliver) {
      await deadLetterAndTerm(run, m, { reason: 'poison', message: describeError(err), raw: m.data }, delivery.event);
    } else {
      m.nak(nakDelay(run.backoffMs, attempt));
    }
  } finally {
    clearInterval(heartbeat);
  }
}

/** Dead-letters the message with the failure, then terminates it (naks it when the dead letter could not be stored). */
export async function deadLetterAndTerm(
  run: DurableConsumerRun,
  m: JsMsg,
  failure: DecodeFailure | ProcessingFailure,
  original?: Envelope,
): Promise<void> {
  try {
    const letter = deadLetter({
      service: run.deadLetterService,
      failure,
      originalSubject: m.subject,
      originalSeq: m.seq,
      deliveryCount: m.info.deliveryCount,
      ts: run.clock.now(),
      ...(original !== undefined ? { run: original.run, cause: original.id } : {}),
    });
    await run.publisher.publish(subjects.dlq(run.deadLetterService), letter);
  } catch (err) {
    // Not terminated: it comes back after the back-off and the dead letter is tried again.
    run.onError(err, `dead letter for ${m.subject} #${m.seq} could not be published`);
    m.nak(nakDelay(run.backoffMs, m.info.deliveryCount));
    return;
  }
  m.term(`${failure.reason}: ${failure.message}`.slice(0, 256));
}
