// What several route groups read from a request or from KV, checked the same way everywhere: a bad
// value is an ApiFailure naming the field.
import { isId, KV_BUCKETS } from '@helios/contracts';
import { ApiFailure, type GatewayContext } from './route';

/** The path parameter `name`, which must be a subject token (it becomes part of a subject or a KV key). */
export function tokenParam(params: Record<string, string>, name: string): string {
  const v = params[name];
  if (!isId(v)) throw new ApiFailure(400, `${name} must be a subject token (letters, digits, '-', '_'; 1-64), got ${JSON.stringify(v)}`, name);
  return v;
}

/** `?limit=N`: `fallback` when absent, else a whole number from 1 to `max`. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ApiFailure(400, `limit must be a whole number from 1 to ${max}, got ${JSON.stringify(raw)}`, 'limit');
  return n;
}

/**
 * The JSON value of a KV `helios-config` key with its revision; undefined when the key is absent or
 * deleted. A value that is not JSON is a 409 (the key is there, but no one can use it).
 */
export async function readJsonKey<T>(ctx: GatewayContext, key: string, where?: string): Promise<{ value: T; revision: number } | undefined> {
  const entry = await ctx.config.get(key);
  if (!entry || entry.operation !== 'PUT') return undefined;
  try {
    return { value: JSON.parse(entry.string()) as T, revision: entry.revision };
  } catch (err) {
    throw new ApiFailure(409, `KV ${KV_BUCKETS.config} key ${key} is not JSON: ${(err as Error).message}`, where);
  }
}
