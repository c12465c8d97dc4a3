import type { Envelope } from './envelope';
import { DLQ_RAW_LIMIT, type DlqReason } from './events/system';
import { makeIssue, type ValidationIssue } from './issues';
import { registry, type HeliosEvent } from './registry';
import { truncateText, utf8DecodeLenient, utf8DecodeStrict, utf8Encode, utf8Length } from './text';
import { validateEnvelope, validatePayload } from './validate';

/** Messages above this many bytes are refused before parsing; NATS' default max_payload is 1 MiB too. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

export interface DecodeOptions {
  maxBytes?: number;
}

export interface DecodeFailure {
  ok: false;
  reason: DlqReason;
  message: string;
  errors: ValidationIssue[];
  /** The message as text, cut at DLQ_RAW_LIMIT characters. */
  raw: string;
  rawTruncated: boolean;
}

export type DecodeResult = { ok: true; event: HeliosEvent } | DecodeFailure;

function rawText(data: Uint8Array | string): { text: string; truncated: boolean } {
  if (typeof data === 'string') return truncateText(data, DLQ_RAW_LIMIT);
  // A UTF-16 unit never takes more than 3 UTF-8 bytes, so this prefix holds the first LIMIT units.
  const head = data.length > DLQ_RAW_LIMIT * 3 ? data.subarray(0, DLQ_RAW_LIMIT * 3) : data;
  const cut = truncateText(utf8DecodeLenient(head), DLQ_RAW_LIMIT);
  return { text: cut.text, truncated: cut.truncated || head !== data };
}

function fail(data: Uint8Array | string, reason: DlqReason, message: string, errors: ValidationIssue[] = []): DecodeFailure {
  const raw = rawText(data);
  return { ok: false, reason, message, errors, raw: raw.text, rawTruncated: raw.truncated };
}

/**
 * Bytes (or text) off the wire to a validated event at the current version of its type. Never
 * throws: every way a message can be bad is a DecodeFailure whose reason is a dead-letter reason.
 */
export function decodeEvent(data: Uint8Array | string, opts: DecodeOptions = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = typeof data === 'string' ? utf8Length(data) : data.byteLength;
  if (size > maxBytes) return fail(data, 'oversized', `message is ${size} bytes, over the ${maxBytes}-byte limit`);

  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8DecodeStrict(data);
  } catch {
    return fail(data, 'malformed-json', 'message is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(data, 'malformed-json', `message is not JSON: ${(err as Error).message}`);
  }

  const envelopeIssues = validateEnvelope(value);
  if (envelopeIssues.length > 0) {
    return fail(data, 'invalid-envelope', `invalid envelope: ${envelopeIssues[0].message}`, envelopeIssues);
  }
  const envelope = value as Envelope;
  if (!registry.has(envelope.type)) {
    const issue = makeIssue('/type', 'knownType', `${JSON.stringify(envelope.type)} is not a known event type`);
    return fail(data, 'unknown-type', issue.message, [issue]);
  }
  const type = envelope.type;
  const current = registry.currentVersion(type);
  if (envelope.v > current) {
    const issue = makeIssue('/v', 'knownVersion', `${type} v${envelope.v} is newer than this reader (knows up to v${current})`);
    return fail(data, 'unsupported-version', issue.message, [issue]);
  }

  const issues = validatePayload(type, envelope.v, envelope.payload);
  if (issues.length > 0) return fail(data, 'invalid-payload', `invalid ${type} v${envelope.v} payload: ${issues[0].message}`, issues);
  if (envelope.v === current) return { ok: true, event: envelope as HeliosEvent };

  const payload = registry.upcast(type, envelope.v, envelope.payload);
  const upcastIssues = validatePayload(type, current, payload);
  if (upcastIssues.length > 0) {
    return fail(data, 'invalid-payload', `${type} v${envelope.v} upcast to v${current} is invalid: ${upcastIssues[0].message}`, upcastIssues);
  }
  return { ok: true, event: { ...envelope, v: current, payload } as HeliosEvent };
}

/** UTF-8 JSON bytes of an event, ready to publish. */
export function encodeEvent(event: Envelope | HeliosEvent): Uint8Array {
  return utf8Encode(JSON.stringify(event));
}
