import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream';
import { encodeEvent, type Envelope } from '@helios/contracts';
import { assertSubject } from '@helios/contracts';
import type { PublishAck } from '@helios/kernel';
import { apiErrorCode, isRetryablePublishError, isTransientJetStreamError, NoStreamForSubjectError } from './jetstream-errors';
import { describeError, retryWithBackoff, type RetryPolicy } from './retry';
import type { PubAckMux } from './pub-ack-mux';

export interface PublisherOptions {
  /** Keep retrying timeouts and failover errors this long, with the same msg id (default 30 s). */
  deadlineMs?: number;
  /** Wait at most this long for one PubAck before trying again (default 5 s). */
  attemptTimeoutMs?: number;
  /** First back-off delay (default 50 ms); doubles up to `maxBackoffMs` (default 2 s). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told about every retry, e.g. for logs and metrics. */
  onRetry?: (retry: PublishRetry) => void;
  /**
   * Put before the event id in `Nats-Msg-Id`: replay runs share the BT stream and replay the same
   * events (same ids), so each run de-duplicates only within itself (`<run>:`).
   */
  msgIdPrefix?: string;
  /**
   * Publish through this multiplexer (same connection as `js`) instead of `js.publish`: the same
   * semantics for a fraction of the CPU per publish; for hot paths (the service shell's outputs).
   */
  acks?: PubAckMux;
}

export interface PublishRetry {
  subject: string;
  eventId: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface PublishItem<E extends Envelope = Envelope> {
  subject: string;
  event: E;
  /** `encodeEvent(event)` when the caller already has it (e.g. from checking the size): not encoded twice. */
  data?: Uint8Array;
}

export interface PublishManyOptions {
  /** Publishes awaiting their PubAck at any time (default 256). */
  maxInFlight?: number;
}

/** A publish that failed for good: not retryable, or still failing at the deadline. */
export class PublishError extends Error {
  constructor(
    readonly subject: string,
    readonly eventId: string,
    cause: unknown,
  ) {
    super(`publish of event ${eventId} to "${subject}" failed: ${describeError(cause)}`, { cause });
    this.name = 'PublishError';
  }
}

/** `publishMany` stopped at item `index`; `acks` holds the acks of the items that were stored. */
export class PublishBatchError extends Error {
  constructor(
    readonly index: number,
    readonly acks: ReadonlyArray<PublishAck | undefined>,
    cause: PublishError,
  ) {
    super(`publishMany: item ${index} failed: ${cause.message}`, { cause });
    this.name = 'PublishBatchError';
  }
}

const NO_STREAM_MATCHES = 10059;

function checkItem(subject: string, event: Envelope): void {
  assertSubject(subject, 'publish: subject');
  if (event === null || typeof event !== 'object' || typeof event.id !== 'string' || event.id.length === 0) {
    throw new Error(`publish to "${subject}": the event has no id; every event needs its deterministic id (it becomes Nats-Msg-Id)`);
  }
}

/**
 * Publishes envelopes to JetStream and waits for the PubAck. The envelope id is the `Nats-Msg-Id`,
 * so a retry after a timeout or a leader failover can never store an event twice: the stream
 * answers `duplicate: true` with the original sequence. Non-retryable errors fail at once.
 */
export class Publisher {
  private readonly policy: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private jsm: Promise<JetStreamManager> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly opts: PublisherOptions = {},
  ) {
    this.policy = {
      deadlineMs: opts.deadlineMs ?? 30_000,
      initialDelayMs: opts.initialBackoffMs ?? 50,
      maxDelayMs: opts.maxBackoffMs ?? 2_000,
    };
    this.attemptTimeoutMs = opts.attemptTimeoutMs ?? 5_000;
  }

  /** `encoded`: the event's bytes when the caller has them already (they must be `encodeEvent(event)`). */
  async publish(subject: string, event: Envelope, encoded?: Uint8Array): Promise<PublishAck> {
    checkItem(subject, event);
    const data = encoded ?? encodeEvent(event);
    try {
      return await retryWithBackoff(
        `publish ${event.id} to ${subject}`,
        (_attempt, remainingMs) => this.attempt(subject, (this.opts.msgIdPrefix ?? '') + event.id, data, remainingMs),
        this.policy,
        {
          isRetryable: isRetryablePublishError,
          onRetry: (error, attempt, delayMs) => this.opts.onRetry?.({ subject, eventId: event.id, attempt, delayMs, error }),
        },
      );
    } catch (err) {
      throw new PublishError(subject, event.id, err);
    }
  }

  /**
   * Publishes in order with up to `maxInFlight` PubAcks outstanding and returns the acks in item
   * order. On a failure no further items are started; the error names the first failed item.
   */
  async publishMany(items: ReadonlyArray<PublishItem>, opts: PublishManyOptions = {}): Promise<PublishAck[]> {
    const maxInFlight = opts.maxInFlight ?? 256;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new Error(`publishMany: maxInFlight must be a positive integer, got ${String(maxInFlight)}`);
    }
    items.forEach((item, i) => {
      try {
        checkItem(item?.subject, item?.event);
      } catch (err) {
        throw new Error(`publishMany: item ${i}: ${(err as Error).message}`);
      }
    });
    const acks: Array<PublishAck | undefined> = new Array<PublishAck | undefined>(items.length).fill(undefined);
    let next = 0;
    const failures: Array<{ index: number; error: PublishError }> = [];
    const worker = async (): Promise<void> => {
      while (failures.length === 0 && next < items.length) {
        const index = next++;
        const item = items[index];
        try {
          acks[index] = await this.publish(item.subject, item.event, item.data);
        } catch (err) {
          failures.push({ index, error: err as PublishError });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(maxInFlight, items.length) }, worker));
    if (failures.length > 0) {
      const first = failures.reduce((a, b) => (b.index < a.index ? b : a));
      throw new PublishBatchError(first.index, acks, first.error);
    }
    return acks as PublishAck[];
  }

  private async attempt(subject: string, msgID: string, data: Uint8Array, remainingMs: number): Promise<PublishAck> {
    let ack: PubAck;
    try {
      const timeout = Math.min(this.attemptTimeoutMs, remainingMs);
      if (this.opts.acks !== undefined) return await this.opts.acks.publish(subject, data, msgID, timeout);
      ack = await this.js.publish(subject, data, { msgID, timeout });
    } catch (err) {
      // No stream listening looks the same as a stream whose leader is being elected; the meta
      // layer knows the difference.
      if (err instanceof Error && err.name === 'JetStreamNotEnabled' && (await this.noStreamCaptures(subject))) {
        throw new NoStreamForSubjectError(subject, { cause: err });
      }
      throw err;
    }
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }

  private async noStreamCaptures(subject: string): Promise<boolean> {
    try {
      this.jsm ??= this.js.jetstreamManager(false);
      await (await this.jsm).streams.find(subject);
      return false;
    } catch (err) {
      if (apiErrorCode(err) === NO_STREAM_MATCHES) return true;
      if (!isTransientJetStreamError(err)) this.jsm = undefined;
      return false;
    }
  }
}

/** One reliable publish; see Publisher. */
export function publishEvent(js: JetStreamClient, subject: string, event: Envelope, opts?: PublisherOptions): Promise<PublishAck> {
  return new Publisher(js, opts).publish(subject, event);
}
