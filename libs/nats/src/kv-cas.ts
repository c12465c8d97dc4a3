import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV, KvEntry } from '@nats-io/kv';

/** Turns the parsed JSON of a stored value into a `T`, throwing if it is not one. */
export type JsonParser<T> = (raw: unknown) => T;

export interface JsonEntry<T> {
  value: T;
  /** The KV revision (stream sequence) of the entry: the token for a later compare-and-set. */
  revision: number;
}

export interface CasOptions<T, N = T> {
  /** Conflicts tolerated before giving up (default 20). */
  retries?: number;
  parse?: JsonParser<T>;
  /** The bytes to store for `fn`'s result (default: its JSON). */
  encode?: (next: N) => Uint8Array;
}

/** A compare-and-set lost to other writers more often than it was allowed to retry. */
export class CasRetriesExhaustedError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`KV ${bucket}/${key}: compare-and-set still conflicting after ${attempts} attempts`);
    this.name = 'CasRetriesExhaustedError';
  }
}

/**
 * True when the server refused a write because the key's last revision was not the expected one
 * (`wrong last sequence`): somebody else wrote first, so re-read and try again.
 */
export function isCasConflict(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
      err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

const encoder = new TextEncoder();

export function encodeJson(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`value of type ${typeof value} cannot be stored as JSON`);
  return encoder.encode(text);
}

/** A DEL or PURGE marker (including a TTL expiry marker) means the key has no current value. */
export function isLiveEntry(entry: KvEntry | null): entry is KvEntry {
  return entry !== null && entry.operation === 'PUT';
}

function decodeEntry<T>(kv: KV, key: string, entry: KvEntry, parse?: JsonParser<T>): T {
  let raw: unknown;
  try {
    raw = entry.json<unknown>();
  } catch (err) {
    throw new Error(`KV ${bucketOf(kv)}/${key} revision ${entry.revision}: value is not JSON (${(err as Error).message})`);
  }
  if (!parse) return raw as T;
  try {
    return parse(raw);
  } catch (err) {
    throw new Error(`KV ${bucketOf(kv)}/${key} revision ${entry.revision}: ${(err as Error).message}`);
  }
}

function bucketOf(kv: KV): string {
  return (kv as { bucket?: string }).bucket ?? '?';
}

/** The key's current JSON value and revision, or null when it is absent, deleted or expired. */
export async function getJson<T>(kv: KV, key: string, parse?: JsonParser<T>): Promise<JsonEntry<T> | null> {
  const entry = await kv.get(key);
  if (!isLiveEntry(entry)) return null;
  return { value: decodeEntry(kv, key, entry, parse), revision: entry.revision };
}

/** Unconditional write; returns the new revision. */
export function putJson(kv: KV, key: string, value: unknown): Promise<number> {
  return kv.put(key, encodeJson(value));
}

/** Writes only if the key is absent (or deleted); a conflict rejects with a `wrong last sequence` error. */
export function createJson(kv: KV, key: string, value: unknown): Promise<number> {
  return kv.create(key, encodeJson(value));
}

/** Writes only if the key's revision is still `revision`; a conflict rejects (see `isCasConflict`). */
export function updateJson(kv: KV, key: string, value: unknown, revision: number): Promise<number> {
  return kv.update(key, encodeJson(value), revision);
}

function pause(attempt: number): Promise<void> {
  // Jittered so that two writers that collided do not collide again in lock-step.
  const ms = Math.random() * Math.min(2 ** attempt, 50);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Read-modify-write of one key under optimistic concurrency: reads the value and its revision, applies
 * `fn` (pure; `null` and no revision when the key is absent), and writes the result only if nobody wrote in between.
 * On a conflict it re-reads and re-applies. `fn` may throw to refuse the change; that error is passed
 * through unchanged and nothing is written.
 */
export async function casUpdate<T, N = T>(
  kv: KV,
  key: string,
  fn: (current: T | null, revision: number | undefined) => N,
  opts: CasOptions<T, N> = {},
): Promise<JsonEntry<N>> {
  const retries = opts.retries ?? 20;
  if (!Number.isInteger(retries) || retries < 0) throw new Error(`casUpdate ${key}: retries must be an integer >= 0, got ${retries}`);
  for (let attempt = 1; ; attempt++) {
    const entry = await kv.get(key);
    const current = isLiveEntry(entry) ? decodeEntry(kv, key, entry, opts.parse) : null;
    const next = fn(current, current === null ? undefined : entry?.revision);
    const data = opts.encode ? opts.encode(next) : encodeJson(next);
    try {
      // A DEL/PURGE marker still has a revision; writing "after" it keeps the compare-and-set exact.
      const revision = entry ? await kv.update(key, data, entry.revision) : await kv.create(key, data);
      return { value: next, revision };
    } catch (err) {
      if (!isCasConflict(err)) throw err;
      if (attempt > retries) throw new CasRetriesExhaustedError(bucketOf(kv), key, attempt);
      await pause(attempt);
    }
  }
}
