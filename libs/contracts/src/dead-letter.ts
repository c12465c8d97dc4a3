import type { DecodeFailure } from './codec';
import { createEvent } from './create-event';
import { RUN_LIVE } from './envelope';
import { DLQ_MAX_ERRORS, DLQ_RAW_LIMIT } from './events/system';
import { deadLetterId } from './ids';
import type { ValidationIssue } from './issues';
import type { HeliosEvent } from './registry';
import { truncateText, utf8DecodeLenient } from './text';

/** A message that decoded fine but could not be processed. */
export interface ProcessingFailure {
  reason: 'poison' | 'handler-error';
  message: string;
  /** The original message, when the caller still has it. */
  raw?: string | Uint8Array;
  errors?: ValidationIssue[];
}

export interface DeadLetterInput {
  service: string;
  failure: DecodeFailure | ProcessingFailure;
  originalSubject: string;
  /** Stream sequence of the original; when given, the dead letter's id depends only on subject and sequence. */
  originalSeq?: number;
  deliveryCount?: number;
  /** Time of the decision to dead-letter, ms since epoch (supplied by the caller's clock). */
  ts: number;
  run?: string;
  /** Id of the original event, when it was decoded. */
  cause?: string;
}

const cut = (text: string, limit: number) => truncateText(text, limit).text;

function rawOf(failure: DeadLetterInput['failure']): { text: string; truncated: boolean } {
  if ('ok' in failure) return { text: failure.raw, truncated: failure.rawTruncated };
  if (failure.raw === undefined) return { text: '', truncated: false };
  const text = typeof failure.raw === 'string' ? failure.raw : utf8DecodeLenient(failure.raw.subarray(0, DLQ_RAW_LIMIT * 3));
  const truncated = truncateText(text, DLQ_RAW_LIMIT);
  return { text: truncated.text, truncated: truncated.truncated || (typeof failure.raw !== 'string' && failure.raw.length > DLQ_RAW_LIMIT * 3) };
}

/**
 * The `system.dlq` event for a message a service gives up on. Long texts are cut to the schema's
 * limits so reporting a failure cannot itself fail on size. The id is derived from the service and
 * the original subject + sequence (or, without a sequence, the raw text), so publishing the same
 * dead letter twice is de-duplicated by JetStream.
 */
export function deadLetter(input: DeadLetterInput): HeliosEvent<'system.dlq'> {
  const raw = rawOf(input.failure);
  const errors = (input.failure.errors ?? []).slice(0, DLQ_MAX_ERRORS).map((e) => ({
    path: cut(e.path, 1024),
    rule: cut(e.rule, 64),
    message: cut(e.message, 2048),
  }));
  const identity = input.originalSeq !== undefined ? ['seq', input.originalSeq] : ['raw', raw.text];
  const payload = {
    service: input.service,
    reason: input.failure.reason,
    message: cut(input.failure.message || input.failure.reason, 4096),
    errors,
    originalSubject: cut(input.originalSubject, 1024),
    ...(input.originalSeq !== undefined ? { originalSeq: input.originalSeq } : {}),
    ...(input.deliveryCount !== undefined ? { deliveryCount: input.deliveryCount } : {}),
    raw: raw.text,
    rawTruncated: raw.truncated,
  };
  return createEvent('system.dlq', payload, {
    id: deadLetterId(input.service, input.originalSubject, ...identity),
    ts: input.ts,
    src: input.service,
    run: input.run ?? RUN_LIVE,
    ...(input.cause !== undefined ? { cause: input.cause } : {}),
  });
}
