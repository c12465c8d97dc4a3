import type { Envelope } from '@helios/contracts';

/**
 * The Bus port: the semantics Helios relies on from JetStream, so that the in-memory bus used by
 * backtests and the JetStream bus used by services behave the same.
 *
 * - Every subject belongs to exactly one stream; each stream numbers its messages 1, 2, 3, ...
 * - `publish` is acknowledged once the message is stored; re-publishing an event whose `id` was
 *   already stored (within the de-duplication window) stores nothing and answers `duplicate: true`
 *   with the original sequence number.
 * - A durable consumer receives matching messages in stream order, at least once. The handler's
 *   outcome settles the message unless it settled it itself: resolving acks it, throwing naks it
 *   (redelivered after the back-off). When the attempt numbered `maxDeliver` fails too, the message is
 *   published to `system.dlq.<deadLetterService>` (reason `poison`, with the error) and terminated, and
 *   the consumer goes on with the next message. A message that cannot be decoded or validated goes to
 *   the dead-letter subject at once with the decode reason, and is terminated.
 * - A restarted durable consumer resumes after the last message it acked.
 * - `replay` reads what is stored, in order, from a sequence or a time, and ends at the last
 *   message stored when it was called.
 */
export interface PublishAck {
  stream: string;
  seq: number;
  duplicate: boolean;
}

export interface StoredEvent<E extends Envelope = Envelope> {
  stream: string;
  subject: string;
  seq: number;
  /** Time the bus stored the message (ms since epoch, from the bus's clock). */
  storedAt: number;
  event: E;
}

export type StartPosition =
  | { kind: 'all' }
  | { kind: 'seq'; seq: number }
  /** The first message stored at or after `ts` (storage time, as JetStream's `opt_start_time`). */
  | { kind: 'time'; ts: number };

export interface Delivery<E extends Envelope = Envelope> extends StoredEvent<E> {
  /** 1 on the first delivery. */
  deliveryCount: number;
  ack(): Promise<void> | void;
  /** Redeliver later (after `delayMs`, or the consumer's back-off). */
  nak(delayMs?: number): Promise<void> | void;
  /** Never redeliver; the reason is recorded on the dead-letter subject. */
  term(reason: string): Promise<void> | void;
}

export interface ConsumeOptions {
  /** Durable name: a restarted consumer with the same name resumes after its last ack. */
  durable: string;
  filter: string | string[];
  /** Dead letters go to `system.dlq.<deadLetterService>`; defaults to the durable name. */
  deadLetterService?: string;
  /** Attempts before a failing message is dead-lettered (default 5). */
  maxDeliver?: number;
  /** Back-off between redeliveries, one entry per attempt (the last repeats). */
  backoffMs?: number[];
  ackWaitMs?: number;
  maxAckPending?: number;
  deliverFrom?: StartPosition;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface Bus {
  publish<E extends Envelope>(subject: string, event: E): Promise<PublishAck>;
  consume<E extends Envelope>(
    options: ConsumeOptions,
    handler: (delivery: Delivery<E>) => Promise<void> | void,
  ): Promise<Subscription>;
  replay<E extends Envelope>(filter: string | string[], from: StartPosition): AsyncIterable<StoredEvent<E>>;
  close(): Promise<void>;
}
