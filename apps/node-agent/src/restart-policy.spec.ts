import { backoffMs, DEFAULT_RESTART_POLICY, nextStreak, restartDecision, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { initialDelayMs: 100, factor: 3, maxDelayMs: 2_000, stableAfterMs: 5_000 };

describe('restartDecision', () => {
  it.each([
    [{ code: 1, signal: null }, 'restart'],
    [{ code: 137, signal: null }, 'restart'],
    [{ code: null, signal: 'SIGKILL' }, 'restart'],
    [{ code: null, signal: 'SIGTERM' }, 'restart'],
    [{ code: 0, signal: null }, 'stopped'],
    [{ code: 2, signal: null }, 'failed'],
  ] as const)('a child that exited with %j -> %s', (exit, expected) => {
    expect(restartDecision(exit, false)).toBe(expected);
  });

  it('never restarts while the agent stops, whatever the exit', () => {
    expect(restartDecision({ code: 1, signal: null }, true)).toBe('stopped');
    expect(restartDecision({ code: null, signal: 'SIGKILL' }, true)).toBe('stopped');
  });
});

describe('backoff', () => {
  it('grows by the factor from the initial delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((s) => backoffMs(s, policy))).toEqual([100, 300, 900, 2_000, 2_000]);
    expect([1, 2, 3, 7, 8].map((s) => backoffMs(s, DEFAULT_RESTART_POLICY))).toEqual([500, 1_000, 2_000, 30_000, 30_000]);
  });

  it('refuses a streak that is not a positive integer', () => {
    expect(() => backoffMs(0, policy)).toThrow('backoffMs: streak must be an integer >= 1, got 0');
    expect(() => backoffMs(1.5, policy)).toThrow('got 1.5');
  });

  it('a crash after a stable run starts a new streak; a quick crash continues it', () => {
    expect(nextStreak(4, 5_000, policy)).toBe(1);
    expect(nextStreak(4, 4_999, policy)).toBe(5);
    expect(nextStreak(0, 10, policy)).toBe(1);
  });
});
