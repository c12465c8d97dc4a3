import type { KV, KvEntry } from '@nats-io/kv';
import type { RiskConfigInput } from '@helios/domain-risk';
import { KV_BUCKETS, LIMITS_KEY } from '@helios/contracts';

export { LIMITS_KEY };

/**
 * The limits a KV entry stands for. `limitsVersion` is always the entry's revision, so every change
 * gets a new, growing version in `risk.approved.limitsVersion`; a deleted key means no limits at all
 * (every strategy unknown: everything is rejected). Schema checks happen when the decider is built.
 */
export function limitsOfEntry(entry: Pick<KvEntry, 'operation' | 'revision' | 'string'>): RiskConfigInput {
  if (entry.operation !== 'PUT') return { limitsVersion: entry.revision };
  let value: unknown;
  try {
    value = JSON.parse(entry.string());
  } catch (err) {
    throw new Error(`KV ${KV_BUCKETS.config} key ${LIMITS_KEY} revision ${entry.revision}: not JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`KV ${KV_BUCKETS.config} key ${LIMITS_KEY} revision ${entry.revision}: the limits must be a JSON object`);
  }
  return { ...(value as RiskConfigInput), limitsVersion: entry.revision };
}

/** The current limits and their revision (0 and no limits when the key was never written). */
export async function readLimits(kv: KV): Promise<{ config: RiskConfigInput; revision: number }> {
  const entry = await kv.get(LIMITS_KEY);
  if (entry === null) return { config: {}, revision: 0 };
  return { config: limitsOfEntry(entry), revision: entry.revision };
}
