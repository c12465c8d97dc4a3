/** How the agent reacts to a child that exited. */
export interface RestartPolicy {
  /** Delay before the first restart of a streak, ms. */
  initialDelayMs: number;
  /** Each further restart of a streak waits this many times longer... */
  factor: number;
  /** ...up to this. */
  maxDelayMs: number;
  /** A child that ran at least this long was healthy: its next crash starts a new streak. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, factor: 2, maxDelayMs: 30_000, stableAfterMs: 10_000 };

export interface ChildExit {
  code: number | null;
  signal: string | null;
}

/**
 * `restart`: it crashed (a non-zero code or a signal) — bring it back.
 * `stopped`: it exited 0 (SIGTERM or a `stop` command): an operator's decision, not a crash.
 * `failed`: exit code 2 is a bad command line (ADR 0007): restarting cannot help.
 * While the agent itself stops, nothing restarts.
 */
export function restartDecision(exit: ChildExit, agentStopping: boolean): 'restart' | 'stopped' | 'failed' {
  if (agentStopping) return 'stopped';
  if (exit.signal === null && exit.code === 0) return 'stopped';
  if (exit.signal === null && exit.code === 2) return 'failed';
  return 'restart';
}

/** Crashes in a row, counting this one: a child that had run stably starts over at 1. */
export function nextStreak(previousStreak: number, uptimeMs: number, policy: RestartPolicy): number {
  return uptimeMs >= policy.stableAfterMs ? 1 : previousStreak + 1;
}

/** Delay before restarting after the `streak`-th crash in a row (1-based): exponential, capped. */
export function backoffMs(streak: number, policy: RestartPolicy): number {
  if (!Number.isInteger(streak) || streak < 1) throw new RangeError(`backoffMs: streak must be an integer >= 1, got ${streak}`);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (streak - 1));
}
