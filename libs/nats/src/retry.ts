/** Exponential back-off bounded by a deadline, for JetStream calls that fail while a cluster heals. */
export interface RetryPolicy {
  /** Give up once this much time has passed since the first attempt (ms). */
  deadlineMs: number;
  /** Delay after the first failure (ms); doubles after each further failure. */
  initialDelayMs: number;
  /** Upper bound for one delay (ms). */
  maxDelayMs: number;
}

export interface RetryHooks {
  isRetryable(err: unknown): boolean;
  /** Called before each wait; `attempt` is the number of the attempt that just failed. */
  onRetry?(err: unknown, attempt: number, delayMs: number): void;
  /** Injected in tests; real time by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The delay before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelay(policy: Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs'>, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

export class RetryDeadlineError extends Error {
  constructor(
    what: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    readonly lastError: unknown,
  ) {
    super(
      `${what}: still failing after ${attempts} attempts over ${elapsedMs} ms; last error: ${describeError(lastError)}`,
      { cause: lastError },
    );
    this.name = 'RetryDeadlineError';
  }
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs (rethrown as is) or the deadline
 * passes (RetryDeadlineError naming `what`). The last wait is shortened so the deadline holds; an
 * attempt is told how much time is left so that it can bound its own timeout.
 */
export async function retryWithBackoff<T>(
  what: string,
  attempt: (attemptNumber: number, remainingMs: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  const now = hooks.now ?? Date.now;
  const wait = hooks.sleep ?? sleep;
  const started = now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n, Math.max(1, policy.deadlineMs - (now() - started)));
    } catch (err) {
      if (!hooks.isRetryable(err)) throw err;
      const elapsed = now() - started;
      const left = policy.deadlineMs - elapsed;
      if (left <= 0) throw new RetryDeadlineError(what, n, elapsed, err);
      const delay = Math.min(backoffDelay(policy, n), left);
      hooks.onRetry?.(err, n, delay);
      await wait(delay);
    }
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}${code !== undefined ? ` (${String(code)})` : ''}: ${err.message}`;
  }
  return String(err);
}
