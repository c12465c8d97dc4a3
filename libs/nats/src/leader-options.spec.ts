import type { NatsConnection } from '@nats-io/nats-core';
import { resolveLeaderElectionOptions, type LeaderElectionOptions } from './leader-options';

const base: LeaderElectionOptions = {
  nc: {} as NatsConnection,
  bucket: 'helios-leases',
  key: 'risk-gate',
  holder: 'risk-gate.1',
  ttlMs: 3000,
};

it('derives renewal every ttl/3, a ttl/10 safety margin and a poll every ttl', () => {
  const o = resolveLeaderElectionOptions(base);
  expect([o.ttlMs, o.renewEveryMs, o.safetyMarginMs, o.pollMs]).toEqual([3000, 1000, 300, 3000]);
  expect(o.now).toBe(Date.now);
});

it.each([
  [999, 'ttlMs must be whole seconds >= 1000, got 999'],
  [1500, 'ttlMs must be whole seconds >= 1000, got 1500'],
  [Number.NaN, 'ttlMs must be whole seconds >= 1000, got NaN'],
])('refuses ttlMs %p because the server keeps TTLs in whole seconds', (ttlMs, message) => {
  expect(() => resolveLeaderElectionOptions({ ...base, ttlMs })).toThrow(`LeaderElection risk-gate: ${message}`);
});

it('refuses renewals so slow that the lease could lapse between them', () => {
  expect(() => resolveLeaderElectionOptions({ ...base, ttlMs: 2000, renewEveryMs: 1900 })).toThrow(
    'LeaderElection risk-gate: renewEveryMs (1900) + safetyMarginMs (200) must be below ttlMs (2000)',
  );
});

it('names the bad field for holder, key and intervals', () => {
  expect(() => resolveLeaderElectionOptions({ ...base, holder: '' })).toThrow('LeaderElection risk-gate: holder must be a non-empty id');
  expect(() => resolveLeaderElectionOptions({ ...base, key: 'risk gate' })).toThrow('key "risk gate" is not a valid KV key');
  expect(() => resolveLeaderElectionOptions({ ...base, key: 'a..b' })).toThrow('key "a..b" is not a valid KV key');
  expect(() => resolveLeaderElectionOptions({ ...base, pollMs: 0 })).toThrow('LeaderElection: pollMs must be a positive integer (ms), got 0');
});
