import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { DEFAULT_MAX_BYTES, subjects, type Envelope } from '@helios/contracts';
import {
  DEFAULT_MAX_DELIVER,
  LiveClock,
  type Bus,
  type Clock,
  type ConsumeOptions,
  type Delivery,
  type PublishAck,
  type StartPosition,
  type StoredEvent,
  type Subscription,
} from '@helios/kernel';
import { runDurableConsumer } from './consumer';
import { ensureDurableConsumer } from './durable-consumer';
import { Publisher, type PublisherOptions } from './publisher';
import { replay, type ReplayRecord } from './replay';
import { asFilterList, streamForFilters } from './stream-lookup';

export interface JetStreamBusOptions {
  /** Stamps dead letters (default: the system clock via LiveClock). */
  clock?: Clock;
  publisher?: PublisherOptions;
  /**
   * Larger bodies are dead-lettered / reported as `oversized` (default: the contracts' 1 MiB). The
   * streams' own max_msg_size keeps new events smaller; this guards reads of whatever is stored.
   */
  maxEventBytes?: number;
  /** Messages a consumer pulls ahead of its handler (default 64). */
  prefetch?: number;
  /** Used when a consume call does not say (ms). */
  defaultAckWaitMs?: number;
  defaultMaxAckPending?: number;
  defaultBackoffMs?: number[];
  /** Errors no caller can receive: handler errors after settling, dead letters that failed, stopped consumers. */
  onError?: (err: unknown, context: string) => void;
  /** Stored messages a replay skipped because they cannot be decoded. */
  onInvalidReplay?: (record: Extract<ReplayRecord, { ok: false }>) => void;
  /** close() also drains the connection. */
  ownsConnection?: boolean;
}

export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_MAX_ACK_PENDING = 256;
export const DEFAULT_BACKOFF_MS: readonly number[] = [500, 2_000, 10_000, 30_000];

const NAME = /^[A-Za-z0-9_-]+$/;

function positive(value: number | undefined, name: string, where: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`${where}: options.${name} must be a positive integer, got ${String(value)}`);
  }
}

/**
 * The Bus port on JetStream: reliable publish (msg id = event id, retried through failovers),
 * durable pull consumers with explicit ack and dead letters, and ordered replay.
 */
export class JetStreamBus implements Bus {
  private readonly publisher: Publisher;
  private readonly clock: Clock;
  private readonly active = new Map<string, Subscription>();
  private closed = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly opts: JetStreamBusOptions,
  ) {
    this.publisher = new Publisher(js, opts.publisher);
    this.clock = opts.clock ?? new LiveClock();
  }

  /** A bus on an open connection; the streams must exist already (see ensureTopology). */
  static async create(nc: NatsConnection, opts: JetStreamBusOptions = {}): Promise<JetStreamBus> {
    return new JetStreamBus(nc, jetstream(nc), await jetstreamManager(nc), opts);
  }

  publish<E extends Envelope>(subject: string, event: E): Promise<PublishAck> {
    if (this.closed) return Promise.reject(new Error(`publish(${subject}): the bus is closed`));
    return this.publisher.publish(subject, event);
  }

  async consume<E extends Envelope>(options: ConsumeOptions, handler: (delivery: Delivery<E>) => Promise<void> | void): Promise<Subscription> {
    if (this.closed) throw new Error('consume: the bus is closed');
    if (options === null || typeof options !== 'object') throw new Error('consume: options are required');
    const { durable } = options;
    if (typeof durable !== 'string' || !NAME.test(durable)) {
      throw new Error(`consume: options.durable must match ${NAME}, got ${JSON.stringify(durable)}`);
    }
    const where = `consume(${durable})`;
    if (typeof handler !== 'function') throw new Error(`${where}: handler must be a function`);
    const deadLetterService = options.deadLetterService ?? durable;
    if (typeof deadLetterService !== 'string' || !NAME.test(deadLetterService)) {
      throw new Error(`${where}: options.deadLetterService must match ${NAME}, got ${JSON.stringify(deadLetterService)}`);
    }
    positive(options.maxDeliver, 'maxDeliver', where);
    positive(options.ackWaitMs, 'ackWaitMs', where);
    positive(options.maxAckPending, 'maxAckPending', where);
    const backoffMs = options.backoffMs ?? this.opts.defaultBackoffMs ?? DEFAULT_BACKOFF_MS;
    if (!Array.isArray(backoffMs) || backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0)) {
      throw new Error(`${where}: options.backoffMs must be an array of finite numbers >= 0`);
    }
    if (this.active.has(durable)) throw new Error(`${where}: durable ${durable} is already being consumed on this bus`);

    const filters = asFilterList(options.filter, where);
    const stream = await streamForFilters(this.jsm, filters, where);
    await streamForFilters(this.jsm, [subjects.dlq(deadLetterService)], `${where}: dead letters`);
    const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
    const ackWaitMs = options.ackWaitMs ?? this.opts.defaultAckWaitMs ?? DEFAULT_ACK_WAIT_MS;
    await ensureDurableConsumer(this.jsm, {
      stream,
      durable,
      filterSubjects: filters,
      ackWaitMs,
      // One delivery more than the attempts: it dead-letters a message whose last attempt never settled.
      maxDeliver: maxDeliver + 1,
      maxAckPending: options.maxAckPending ?? this.opts.defaultMaxAckPending ?? DEFAULT_MAX_ACK_PENDING,
      deliverFrom: options.deliverFrom,
    });
    const subscription = await runDurableConsumer(
      {
        nc: this.nc,
        js: this.js,
        stream,
        durable,
        deadLetterService,
        maxDeliver,
        backoffMs,
        ackWaitMs,
        maxEventBytes: this.opts.maxEventBytes ?? DEFAULT_MAX_BYTES,
        prefetch: this.opts.prefetch ?? 64,
        clock: this.clock,
        publisher: this.publisher,
        onError: (err, context) => this.reportError(err, context),
      },
      handler,
    );
    const tracked: Subscription = {
      stop: async () => {
        await subscription.stop();
        if (this.active.get(durable) === tracked) this.active.delete(durable);
      },
    };
    this.active.set(durable, tracked);
    return tracked;
  }

  replay<E extends Envelope>(filter: string | string[], from: StartPosition): AsyncIterable<StoredEvent<E>> {
    if (this.closed) throw new Error('replay: the bus is closed');
    const { js, jsm } = this;
    const maxEventBytes = this.opts.maxEventBytes ?? DEFAULT_MAX_BYTES;
    const onInvalid = this.opts.onInvalidReplay ?? ((r) => this.reportError(new Error(`${r.failure.reason}: ${r.failure.message}`), `replay skipped ${r.stream} #${r.seq} (${r.subject})`));
    return {
      async *[Symbol.asyncIterator]() {
        for await (const record of replay<E>(js, jsm, { filter, from, maxEventBytes })) {
          if (record.ok) {
            const { stream, subject, seq, storedAt, event } = record;
            yield { stream, subject, seq, storedAt, event };
          } else {
            onInvalid(record);
          }
        }
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.active.values()].map((s) => s.stop()));
    if (this.opts.ownsConnection) await this.nc.drain();
  }

  private reportError(err: unknown, context: string): void {
    if (this.opts.onError) this.opts.onError(err, context);
    else console.error(`[JetStreamBus] ${context}:`, err);
  }
}
