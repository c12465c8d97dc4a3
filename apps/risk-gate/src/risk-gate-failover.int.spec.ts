import { performance } from 'node:perf_hooks';
import { subjectFor, subjects, type HeliosEvent } from '@helios/contracts';
import type { LeaseValue } from '@helios/nats';
import { spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, readStream, sleep, waitFor, type Fixture } from '@helios/testing-services';
import { candle, intent, SYMBOL, T0 } from '../spec-support/pipeline';
import { LIMITS_KEY } from './limits';
import { RISK_GATE_LEASE_KEY } from './run-risk-gate';

jest.setTimeout(60_000);

const TTL_MS = 2_000;
const LIMITS = { strategies: { 'sma-cross': { allocation: 1, initialEquity: 10_000 } }, instrumentDefaults: { maxMarkAgeMs: 86_400_000 }, orderRate: { maxApprovals: 100_000, windowMs: 1_000 } };

let fx: Fixture;
const gates: SpawnedService[] = [];
let beats: ReturnType<typeof collect>;

type Beat = HeliosEvent<'system.heartbeat'>['payload'];
const portOf = (e: HeliosEvent) => ((e.payload as Beat).details as { httpPort: number }).httpPort;

function spawnGate(candidate: string): SpawnedService {
  const p = spawnService('apps/risk-gate/src/main.ts', ['--nats', fx.url, '--instance', 'ha', '--candidate', candidate, '--lease-ttl-ms', String(TTL_MS), '--log-level', 'info']);
  gates.push(p);
  return p;
}

const logged = (p: SpawnedService, msg: string) => p.stdout().split('\n').filter((l) => l.includes(`"msg":"${msg}`));
const leaseHolder = async () => {
  const e = await fx.leases.get(RISK_GATE_LEASE_KEY);
  return e?.operation === 'PUT' ? (e.json() as LeaseValue).holder : undefined;
};

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  await fx.config.put(LIMITS_KEY, JSON.stringify(LIMITS));
  beats = collect(fx.nc, subjects.heartbeat('risk-gate', 'ha'));
});

afterAll(async () => {
  beats?.close();
  await Promise.all(gates.map((g) => g.kill()));
  await fx?.stop();
});

describe('two risk-gate processes', () => {
  it('exactly one leads and approves; after a SIGKILL of the leader the standby takes over within TTL + 1 s, without duplicate approvals', async () => {
    const a = spawnGate('gate-a');
    await waitFor('gate-a to lead and be live', () => logged(a, 'service is live').length === 1, 30_000);
    const b = spawnGate('gate-b');
    await waitFor('gate-b to stand by', () => logged(b, 'standby').length === 1, 30_000);
    expect(await leaseHolder()).toBe('gate-a');

    await fx.publisher.publish(subjectFor(candle(40_000, T0)), candle(40_000, T0));
    const sent: HeliosEvent[] = [];
    const send = async () => {
      const n = sent.length;
      // All of bar T0, whose candle came first: none waits for its price (ADR 0005, the price rule).
      const e = intent('sma-cross', [{ instrument: SYMBOL, weight: n % 2 === 0 ? 1 : 0.5 }], T0, n);
      await fx.publisher.publish(subjectFor(e), e);
      sent.push(e);
    };
    for (let i = 0; i < 10; i++) await send();
    await waitFor('approvals of the first intents', async () => (await readStream(fx, 'risk.approved.>')).length === 10);
    await sleep(1_200); // a heartbeat or two
    const portA = new Set(beats.events.map(portOf));
    expect(portA.size).toBe(1);
    expect(logged(b, 'elected')).toEqual([]);
    expect(logged(b, 'service is live')).toEqual([]);

    // Intents keep coming while the leader dies and the standby takes over.
    a.child.kill('SIGKILL');
    const killed = performance.now();
    let takeoverMs = NaN;
    while (performance.now() - killed < TTL_MS + 2_000) {
      await send();
      if (Number.isNaN(takeoverMs) && (await leaseHolder()) === 'gate-b') takeoverMs = performance.now() - killed;
      await sleep(50);
    }
    expect(takeoverMs).toBeLessThanOrEqual(TTL_MS + 1_000);
    expect(logged(b, 'elected')).toHaveLength(1);

    const approvals = await waitFor(
      'an approval for every intent',
      async () => {
        const all = (await readStream(fx, 'risk.approved.>')).map((m) => m.event);
        return all.length >= sent.length ? all : undefined;
      },
      20_000,
    );
    expect(new Set(approvals.map((e) => e.id)).size).toBe(approvals.length);
    expect(approvals.map((e) => e.cause)).toEqual(sent.map((e) => e.id));
    expect(await readStream(fx, 'risk.rejected.>')).toEqual([]);
    const beatsAfter = beats.events.slice(-2).map(portOf);
    expect(beatsAfter.every((p) => !portA.has(p))).toBe(true);
    console.log(`standby took over ${takeoverMs.toFixed(0)} ms after the SIGKILL (TTL ${TTL_MS} ms); ${sent.length} intents, ${approvals.length} approvals`);
  });

  it('the leader drains, releases the lease and exits 0 on SIGTERM', async () => {
    const b = gates[1];
    b.child.kill('SIGTERM');
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(await leaseHolder()).toBeUndefined();
    expect((beats.events.at(-1)?.payload as Beat).status).toBe('stopped');
  });
});
