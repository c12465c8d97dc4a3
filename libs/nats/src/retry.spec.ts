import { backoffDelay, retryWithBackoff, RetryDeadlineError, type RetryPolicy } from './retry';

const policy: RetryPolicy = { deadlineMs: 1_000, initialDelayMs: 50, maxDelayMs: 300 };

/** A fake clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => (now += ms),
  };
}

class Transient extends Error {}
class Fatal extends Error {}
const isRetryable = (err: unknown) => err instanceof Transient;

describe('backoffDelay', () => {
  it('doubles from the initial delay and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([50, 100, 200, 300, 300, 300]);
  });
});

describe('retryWithBackoff', () => {
  it('retries transient failures with growing delays until the attempt succeeds', async () => {
    const time = fakeTime();
    const attempts: number[] = [];
    const result = await retryWithBackoff(
      'op',
      async (n) => {
        attempts.push(n);
        if (n < 4) throw new Transient(`fail ${n}`);
        return 'done';
      },
      policy,
      { isRetryable, now: time.now, sleep: time.sleep },
    );
    expect(result).toBe('done');
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(time.sleeps).toEqual([50, 100, 200]);
  });

  it('rethrows a non-retryable error at once, without waiting', async () => {
    const time = fakeTime();
    const fatal = new Fatal('no stream');
    let calls = 0;
    await expect(
      retryWithBackoff(
        'op',
        async () => {
          calls++;
          throw fatal;
        },
        policy,
        { isRetryable, now: time.now, sleep: time.sleep },
      ),
    ).rejects.toBe(fatal);
    expect(calls).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('gives up at the deadline with an error naming the operation, the attempts and the last error', async () => {
    const time = fakeTime();
    const retries: Array<[number, number]> = [];
    const failing = retryWithBackoff(
      'publish x to md.a',
      async (n) => {
        throw new Transient(`timeout ${n}`);
      },
      policy,
      { isRetryable, now: time.now, sleep: time.sleep, onRetry: (_e, n, d) => retries.push([n, d]) },
    );
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryDeadlineError);
    const deadline = err as RetryDeadlineError;
    // 50 + 100 + 200 + 300 + 300 = 950, then only 50 ms are left before the 1000 ms deadline.
    expect(time.sleeps).toEqual([50, 100, 200, 300, 300, 50]);
    expect(retries.map(([n]) => n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(deadline.attempts).toBe(7);
    expect(deadline.message).toContain('publish x to md.a');
    expect(deadline.message).toContain('7 attempts');
    expect((deadline.lastError as Error).message).toBe('timeout 7');
  });

  it('tells each attempt how much time is left so it can bound its own timeout', async () => {
    const time = fakeTime();
    const remaining: number[] = [];
    await retryWithBackoff(
      'op',
      async (n, left) => {
        remaining.push(left);
        time.advance(100); // the attempt itself takes 100 ms
        if (n < 3) throw new Transient('slow');
        return n;
      },
      policy,
      { isRetryable, now: time.now, sleep: time.sleep },
    );
    // 1000; 1000 - 100 - 50 = 850; 850 - 100 - 100 = 650
    expect(remaining).toEqual([1000, 850, 650]);
  });
});
