import { performance } from 'node:perf_hooks';
import { createEvent, eventId, subjectFor, subjects, type HeliosEvent } from '@helios/contracts';
import { spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, readStream, settled, sleep, waitFor, type Fixture } from '@helios/testing-services';
import { candle, intent, referencePipeline, SYMBOL, T0 } from '../spec-support/pipeline';
import { setHalt } from '@helios/nats';
import { LIMITS_KEY } from './limits';
import { waitLive } from '../spec-support/wait-live';

jest.setTimeout(60_000);

/**
 * risk-gate and order-engine as real processes on a real nats-server: the test plays market data
 * and the strategies, and compares what the services publish with the two deciders run in-process
 * on the same inputs.
 */

const LIMITS = {
  strategies: { 'sma-cross': { allocation: 1, initialEquity: 10_000 }, 'mean-reversion': { allocation: 0.5, initialEquity: 5_000 } },
  instrumentDefaults: { maxPositionQty: 0.3, maxMarkAgeMs: 86_400_000 },
  orderRate: { maxApprovals: 100_000, windowMs: 1_000 },
};
const ORDERS = { account: 'paper', defaultLotSize: 0.00001, strategies: { 'sma-cross': { initialCapital: 10_000 }, 'mean-reversion': { initialCapital: 5_000 } } };
const SERVICES = ['risk-gate-it-', 'order-engine-it-'];

let fx: Fixture;
let gate: SpawnedService;
let engine: SpawnedService;
let limitsRevision: number;
const fed: HeliosEvent[] = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  limitsRevision = await fx.config.put(LIMITS_KEY, JSON.stringify(LIMITS));
  const common = ['--nats', fx.url, '--instance', 'it', '--log-level', 'warn'];
  gate = spawnService('apps/risk-gate/src/main.ts', [...common, '--candidate', 'gate-a', '--lease-ttl-ms', '2000', '--max-event-bytes', '4096']);
  engine = spawnService('apps/order-engine/src/main.ts', [...common, '--config', JSON.stringify(ORDERS)]);
  await Promise.all([waitLive(fx, gate, 'risk-gate'), waitLive(fx, engine, 'order-engine')]);
});

afterAll(async () => {
  await Promise.all([gate?.kill(), engine?.kill()]);
  await fx?.stop();
});

/** Publishes one input and waits until both services (and what they caused) have settled. */
async function feedSettled(e: HeliosEvent): Promise<void> {
  await fx.publisher.publish(subjectFor(e), e);
  fed.push(e);
  await settled(fx, SERVICES);
}

const published = async (filter: string) => (await readStream(fx, filter)).map((m) => m.event);

describe('risk-gate and order-engine processes', () => {
  it('turn intents into approvals, rejections and orders exactly as the deciders do in-process', async () => {
    const inputs = [
      candle(40_000, T0),
      intent('sma-cross', [{ instrument: SYMBOL, weight: 1 }], T0),
      intent('mean-reversion', [{ instrument: SYMBOL, qty: 0.05 }], T0),
      // Over maxPositionQty (0.3 net, with sma-cross's 0.25 already approved): clipped, not refused.
      intent('mean-reversion', [{ instrument: SYMBOL, qty: 0.4 }], T0, 1),
      intent('rogue', [{ instrument: SYMBOL, qty: 1 }], T0),
      candle(40_400, T0 + 60_000),
      intent('sma-cross', [{ instrument: SYMBOL, weight: 0.5 }], T0 + 60_000),
      // No exchange answers here, so an approval that follows an unfilled market order of an earlier
      // bar is held until the next bar's candle releases it (ADR 0005, the hold rule).
      candle(40_800, T0 + 120_000),
      intent('sma-cross', [{ instrument: SYMBOL, weight: 0 }], T0 + 120_000),
      candle(40_600, T0 + 180_000),
    ];
    for (const e of inputs) await feedSettled(e);

    const ref = referencePipeline({ ...LIMITS, limitsVersion: limitsRevision }, ORDERS);
    for (const e of inputs) ref.feed(e);
    const expectedRisk = ref.emitted.filter((e) => e.type.startsWith('risk.'));
    const expectedOrders = ref.emitted.filter((e) => e.type === 'order.new');
    expect(expectedRisk.map((e) => e.type)).toEqual(['risk.approved', 'risk.approved', 'risk.approved', 'risk.rejected', 'risk.approved', 'risk.approved']);
    expect(expectedOrders.length).toBeGreaterThanOrEqual(4);

    // Approvals and rejections share the RISK stream: their stream order is the gate's.
    const riskStream = [...(await readStream(fx, 'risk.approved.>')), ...(await readStream(fx, 'risk.rejected.>'))].sort((a, b) => a.seq - b.seq);
    expect(riskStream.map((m) => m.event)).toEqual(expectedRisk);
    expect(await published('order.new.>')).toEqual(expectedOrders);
    const approved = (await published('risk.approved.>')) as HeliosEvent<'risk.approved'>[];
    expect(approved.every((e) => e.payload.limitsVersion === limitsRevision)).toBe(true);
  });

  it('sends a refused target\'s reasons on risk.rejected.<strategyId>', async () => {
    const rejected = await readStream(fx, subjects.riskRejected('rogue'));
    expect(rejected).toHaveLength(1);
    const payload = (rejected[0].event as HeliosEvent<'risk.rejected'>).payload;
    expect(payload).toMatchObject({ strategyId: 'rogue', instrument: SYMBOL, requestedQty: 1 });
    expect(payload.reasons.map((r) => r.rule)).toEqual(['unknownStrategy']);
    expect(payload.reasons[0].message).toMatch(/rogue/);
  });

  it('global halt: once the halt is in KV, the risk.halt event follows within 1 s and no order.new leaves; clearing resumes', async () => {
    const halts = collect(fx.nc, subjects.riskHalt());
    const ordersBefore = (await published('order.new.>')).length;
    try {
      const written = performance.now();
      const revision = await setHalt(fx.nc, true, 'operator drill', 'spec');
      await waitFor('the risk.halt event', () => halts.events.length === 1);
      const haltMs = halts.at[0] - written;
      expect(haltMs).toBeLessThan(1_000);
      expect(halts.events[0]).toMatchObject({ type: 'risk.halt', src: 'risk-gate', payload: { halted: true, reason: 'operator drill', by: 'spec' } });

      // New intents for more than a second, and an approval as a lagging gate would have sent it.
      const started = performance.now();
      let n = 0;
      const sent: HeliosEvent[] = [];
      while (performance.now() - started < 1_200) {
        const e = intent('sma-cross', [{ instrument: SYMBOL, weight: n % 2 === 0 ? 1 : 0.25 }], T0 + 180_000 + n * 1_000);
        await fx.publisher.publish(subjectFor(e), e);
        sent.push(e);
        n++;
        await sleep(100);
      }
      const stray = createEvent('risk.approved', { strategyId: 'sma-cross', targets: [{ instrument: SYMBOL, weight: 1 }] }, { id: eventId('stray', revision), ts: T0 + 200_000, src: 'risk-gate', run: 'paper' });
      await fx.publisher.publish(subjects.riskApproved('sma-cross'), stray);
      await settled(fx, SERVICES);

      expect(n).toBeGreaterThanOrEqual(8);
      expect((await published('order.new.>')).length).toBe(ordersBefore);
      const rejections = (await published('risk.rejected.sma-cross')) as HeliosEvent<'risk.rejected'>[];
      for (const e of sent) {
        const r = rejections.filter((x) => x.cause === e.id);
        expect(r.map((x) => x.payload.reasons.map((reason) => reason.rule))).toEqual([['halt']]);
      }
      console.log(`risk.halt event ${haltMs.toFixed(1)} ms after the KV write; ${n} intents refused while halted`);

      await setHalt(fx.nc, false, 'drill over', 'spec');
      await waitFor('the risk.halt off event', () => halts.events.length === 2);
      expect((halts.events[1].payload as { halted: boolean }).halted).toBe(false);
      // The bar's candle first, so the gate decides at once (an intent ahead of its price waits for it).
      await feedSettled(candle(40_500, T0 + 300_000));
      await feedSettled(intent('sma-cross', [{ instrument: SYMBOL, weight: 1 }], T0 + 300_000));
      await feedSettled(candle(40_500, T0 + 360_000)); // releases the approval held behind unfilled orders
      const after = (await published('order.new.>')) as HeliosEvent<'order.new'>[];
      expect(after.length).toBe(ordersBefore + 1);
      expect(after.at(-1)?.payload).toMatchObject({ strategyId: 'sma-cross', side: 'buy' });
    } finally {
      halts.close();
    }
  });

  it('dead-letters bad input on strategy.intent and keeps approving', async () => {
    const bad = await fx.js.publish(subjects.intent('sma-cross'), '{"type": "strategy.intent", ');
    const tooBig = await fx.js.publish(subjects.intent('sma-cross'), JSON.stringify({ ...intent('sma-cross', [{ instrument: SYMBOL, weight: 1 }], T0 + 301_000), corr: 'x'.repeat(5_000) }));
    const next = intent('sma-cross', [{ instrument: SYMBOL, weight: 0.5 }], T0 + 302_000);
    await feedSettled(next);
    const letters = (await published(subjects.dlq('risk-gate'))) as HeliosEvent<'system.dlq'>[];
    expect(letters.map((l) => [l.payload.originalSeq, l.payload.reason])).toEqual([
      [bad.seq, 'malformed-json'],
      [tooBig.seq, 'oversized'],
    ]);
    expect((await published('risk.approved.sma-cross')).filter((e) => e.cause === next.id)).toHaveLength(1);
    expect(gate.child.exitCode).toBeNull();
  });
});
