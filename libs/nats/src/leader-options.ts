import type { NatsConnection } from '@nats-io/nats-core';
import { checkLeaseTtl } from './lease-kv';

export interface LeaderElectionOptions {
  nc: NatsConnection;
  /** A KV bucket created with `markerTTL` (per-key TTL), e.g. `helios-leases`. */
  bucket: string;
  /** The role being led, one key per role, e.g. `risk-gate`. */
  key: string;
  /** Unique among the candidates for `key` (e.g. `<service>.<instance>`); stored in the lease. */
  holder: string;
  /** Lease lifetime in ms: a crashed leader is replaced within about this long. Whole seconds, >= 1000. */
  ttlMs: number;
  /** How often the leader renews (default ttl/3). */
  renewEveryMs?: number;
  /** Safety poll for followers, in case an expiry notification was missed (default ttl). */
  pollMs?: number;
  /**
   * How long before the lease's expiry the leader already considers itself deposed when it could not
   * renew (default ttl/10), so it never overlaps with a successor.
   */
  safetyMarginMs?: number;
  /** Clock (ms). Only used to decide how long the current lease is valid. */
  now?: () => number;
  /** Background failures (connection loss, timeouts) that the election rides out. */
  onError?: (err: unknown) => void;
}

export type ResolvedLeaderElectionOptions = Required<Omit<LeaderElectionOptions, 'onError'>> &
  Pick<LeaderElectionOptions, 'onError'>;

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`LeaderElection: ${name} must be a positive integer (ms), got ${value}`);
  }
  return value;
}

export function resolveLeaderElectionOptions(opts: LeaderElectionOptions): ResolvedLeaderElectionOptions {
  const { ttlMs } = opts;
  checkLeaseTtl(`LeaderElection ${opts.key}`, ttlMs);
  if (!opts.holder) throw new Error(`LeaderElection ${opts.key}: holder must be a non-empty id`);
  if (!opts.bucket) throw new Error(`LeaderElection ${opts.key}: bucket is required`);
  if (!/^[-/=\w]+(\.[-/=\w]+)*$/.test(opts.key ?? '')) {
    throw new Error(`LeaderElection: key "${opts.key}" is not a valid KV key (letters, digits, - / _ =, dot-separated)`);
  }
  const renewEveryMs = positiveInt('renewEveryMs', opts.renewEveryMs ?? Math.floor(ttlMs / 3));
  const safetyMarginMs = positiveInt('safetyMarginMs', opts.safetyMarginMs ?? Math.floor(ttlMs / 10));
  if (renewEveryMs + safetyMarginMs >= ttlMs) {
    throw new Error(
      `LeaderElection ${opts.key}: renewEveryMs (${renewEveryMs}) + safetyMarginMs (${safetyMarginMs}) must be below ttlMs (${ttlMs})`,
    );
  }
  return {
    nc: opts.nc,
    bucket: opts.bucket,
    key: opts.key,
    holder: opts.holder,
    ttlMs,
    renewEveryMs,
    pollMs: positiveInt('pollMs', opts.pollMs ?? ttlMs),
    safetyMarginMs,
    now: opts.now ?? Date.now,
    onError: opts.onError,
  };
}
