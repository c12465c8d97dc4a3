import type { KV } from '@nats-io/kv';
import { casUpdate, getJson, type JsonEntry } from './kv-cas';

/** A value guarded by fencing tokens: the token of the writer that wrote it travels with it. */
export interface FencedValue<T> {
  token: number;
  value: T;
}

/** A write carried a token lower than one the resource has already accepted: its writer was deposed. */
export class StaleFencingTokenError extends Error {
  constructor(
    readonly key: string,
    readonly token: number,
    readonly highestToken: number,
  ) {
    super(`fenced write to ${key} refused: token ${token} is older than the accepted token ${highestToken}`);
    this.name = 'StaleFencingTokenError';
  }
}

function checkToken(key: string, token: number): void {
  if (!Number.isSafeInteger(token) || token <= 0) {
    throw new Error(`fenced write to ${key}: token must be a positive integer (a lease revision), got ${token}`);
  }
}

function parseFenced<T>(raw: unknown): FencedValue<T> {
  const token = (raw as { token?: unknown } | null)?.token;
  if (typeof raw !== 'object' || raw === null || typeof token !== 'number' || !('value' in raw)) {
    throw new Error('not a fenced value ({ token: number, value })');
  }
  return raw as FencedValue<T>;
}

/**
 * Writes `value` to `key` unless the key already holds a value written with a higher token. The check
 * and the write are one compare-and-set, so once a newer leader's write has landed, every later write
 * from an older leader is refused with `StaleFencingTokenError`, however late it arrives. Equal tokens
 * are accepted: they come from the same term of the same leader.
 */
export async function fencedPut<T>(
  kv: KV,
  key: string,
  value: T,
  token: number,
  opts: { retries?: number } = {},
): Promise<JsonEntry<FencedValue<T>>> {
  checkToken(key, token);
  return casUpdate<FencedValue<T>>(
    kv,
    key,
    (current) => {
      if (current && current.token > token) throw new StaleFencingTokenError(key, token, current.token);
      return { token, value };
    },
    { retries: opts.retries, parse: parseFenced },
  );
}

/** The fenced value at `key` with the token that wrote it, or null. */
export function fencedGet<T>(kv: KV, key: string): Promise<JsonEntry<FencedValue<T>> | null> {
  return getJson<FencedValue<T>>(kv, key, parseFenced);
}
