import type { ConsumerConfig, ConsumerInfo, JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { filtersOverlap } from '@helios/contracts';
import type { StartPosition } from '@helios/kernel';
import { assertConfigApplied } from './config-readback';
import { apiErrorCode } from './jetstream-errors';
import { describeError } from './retry';

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubjects: string[];
  /** Redeliver a message not acked within this time (ms). */
  ackWaitMs: number;
  /** Deliveries the server makes at most (`max_deliver`). */
  maxDeliver: number;
  /** Unacked messages outstanding at most; delivery pauses at the limit. */
  maxAckPending: number;
  /**
   * Server-side redelivery schedule for messages whose ack wait expired (`backoff`, ms). The server
   * then uses its first entry as the ack wait, so `ackWaitMs` must equal it.
   */
  ackTimeoutBackoffMs?: number[];
  /** Where a new consumer starts; an existing one keeps its position. */
  deliverFrom?: StartPosition;
  description?: string;
}

const CONSUMER_NOT_FOUND = 10014;

function checkSpec(spec: DurableConsumerSpec): void {
  const where = `consumer ${spec.stream}/${spec.durable}`;
  if (!/^[A-Za-z0-9_-]+$/.test(spec.durable)) {
    throw new Error(`${where}: durable name must be letters, digits, '-' or '_' (no '.', '*', '>' or spaces)`);
  }
  const positive = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  };
  positive('ackWaitMs', spec.ackWaitMs);
  positive('maxDeliver', spec.maxDeliver);
  positive('maxAckPending', spec.maxAckPending);
  const backoff = spec.ackTimeoutBackoffMs;
  if (backoff !== undefined) {
    backoff.forEach((b, i) => positive(`ackTimeoutBackoffMs[${i}]`, b));
    if (backoff.length === 0 || backoff[0] !== spec.ackWaitMs) {
      throw new Error(`${where}: ackTimeoutBackoffMs[0] must equal ackWaitMs (the server makes the first back-off the ack wait)`);
    }
    if (spec.maxDeliver <= backoff.length) {
      throw new Error(`${where}: maxDeliver (${spec.maxDeliver}) must exceed the number of back-off steps (${backoff.length})`);
    }
  }
}

function startConfig(from: StartPosition | undefined): Partial<ConsumerConfig> {
  if (from === undefined || from.kind === 'all') return { deliver_policy: 'all' };
  if (from.kind === 'seq') {
    if (!Number.isInteger(from.seq) || from.seq < 1) throw new Error(`deliverFrom.seq must be an integer >= 1, got ${String(from.seq)}`);
    return { deliver_policy: 'by_start_sequence', opt_start_seq: from.seq };
  }
  if (!Number.isFinite(from.ts) || from.ts < 0) throw new Error(`deliverFrom.ts must be ms since epoch, got ${String(from.ts)}`);
  return { deliver_policy: 'by_start_time', opt_start_time: new Date(from.ts).toISOString() };
}

/** The server accepts a filter outside the stream's subjects and then delivers nothing: refuse it. */
async function checkFiltersInStream(jsm: JetStreamManager, spec: DurableConsumerSpec, where: string): Promise<void> {
  let streamSubjects: string[];
  try {
    streamSubjects = (await jsm.streams.info(spec.stream)).config.subjects ?? [];
  } catch (err) {
    throw new Error(`${where}: could not read stream ${spec.stream}: ${describeError(err)}`, { cause: err });
  }
  if (spec.filterSubjects.length === 0) throw new Error(`${where}: at least one filter subject is required`);
  for (const filter of spec.filterSubjects) {
    if (!streamSubjects.some((s) => filtersOverlap(filter, s))) {
      throw new Error(`${where}: filter "${filter}" matches none of the stream's subjects (${streamSubjects.join(', ')})`);
    }
  }
}

/** The options that may change on an existing consumer (the server refuses to change the others). */
function updatableConfig(spec: DurableConsumerSpec): Partial<ConsumerConfig> {
  return {
    description: spec.description,
    filter_subjects: [...spec.filterSubjects],
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending,
    backoff: spec.ackTimeoutBackoffMs?.map((ms) => nanos(ms)),
  };
}

/**
 * Creates the durable pull consumer (explicit ack) or updates the options that differ, then reads
 * the configuration back and throws a ConfigReadBackError if the server ignored or changed any.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<ConsumerInfo> {
  checkSpec(spec);
  const where = `consumer ${spec.stream}/${spec.durable}`;
  await checkFiltersInStream(jsm, spec, where);
  const wanted: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: 'explicit',
    replay_policy: 'instant',
    ...updatableConfig(spec),
  };
  let info: ConsumerInfo | undefined;
  try {
    info = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (apiErrorCode(err) !== CONSUMER_NOT_FOUND) throw new Error(`${where}: could not read it: ${describeError(err)}`, { cause: err });
  }
  const start = info === undefined ? startConfig(spec.deliverFrom) : {};
  try {
    if (info === undefined) {
      info = await jsm.consumers.add(spec.stream, { ...wanted, ...start });
    } else {
      const changed = Object.entries(updatableConfig(spec)).filter(
        ([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify((info?.config as Record<string, unknown>)[k]),
      );
      if (changed.length > 0) {
        // filter_subject and filter_subjects are exclusive; Helios always uses the list form.
        info = await jsm.consumers.update(spec.stream, spec.durable, { ...Object.fromEntries(changed), filter_subject: undefined });
      }
    }
  } catch (err) {
    throw new Error(`${where}: the server refused the configuration: ${describeError(err)}`, { cause: err });
  }
  assertConfigApplied(where, { ...wanted, ...start } as Record<string, unknown>, info.config as unknown as Record<string, unknown>);
  return info;
}
