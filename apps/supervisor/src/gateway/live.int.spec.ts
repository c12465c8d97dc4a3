import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, subjects, type HeartbeatPayload, type HeliosEvent } from '@helios/contracts';
import { waitFor } from '@helios/testing-services';
import type { LiveBatch, ServiceBeat } from '../shared/live';
import { startGateway } from './gateway';
import { LiveClient, startTestGateway, TEST_TOKEN, testGatewayOptions, type TestGateway } from '../../spec-support/test-gateway';

jest.setTimeout(90_000);

const beat = (instance: string, n: number): HeartbeatPayload => ({
  service: 'toy',
  instance,
  status: 'healthy',
  lagMsgs: n,
  msgsInPerSec: 0,
  msgsOutPerSec: 0,
  startedAt: 1,
});

const heartbeatEvent = (instance: string, n: number) =>
  JSON.stringify(createEvent('system.heartbeat', beat(instance, n), { id: `hb-${instance}-${n}`, ts: Date.now(), src: 'toy', run: 'live' }));

const beatsIn = (batches: LiveBatch[]) =>
  batches.flatMap((b) => b.updates).flatMap((u) => (u.kind === 'heartbeat' ? [u.beat as ServiceBeat] : []));

describe('supervisor gateway: live updates over /ws', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  it('sends the snapshot of a topic first: the latest heartbeat per instance already stored', async () => {
    // Stored before the client connects (and before the gateway's subscription saw it through the stream).
    await t.fx.js.publish(subjects.heartbeat('toy', 'early'), heartbeatEvent('early', 7), { msgID: 'hb-early-7' });
    await waitFor('the gateway to see it', () => t.gw.hub.beats().find((b) => b.instance === 'early'));
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN });
    await c.opened;
    c.send({ type: 'subscribe', topics: ['heartbeats', 'halt'] });
    const first = await waitFor('the snapshot', () => c.batches()[0] as LiveBatch | undefined);
    expect(first.seq).toBe(1);
    expect(beatsIn([first]).find((b) => b.instance === 'early')?.heartbeat.lagMsgs).toBe(7);
    expect(first.updates).toContainEqual({ kind: 'halt', halt: { halted: false } });
    c.close();
  });

  it('coalesces a burst of 1,000 heartbeats into far fewer frames, delivering the last value', async () => {
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN });
    await c.opened;
    c.send({ type: 'subscribe', topics: ['heartbeats'] });
    await waitFor('the snapshot', () => c.batches().length >= 1);
    const before = c.messages.length;
    for (let n = 1; n <= 1_000; n++) t.fx.nc.publish(subjects.heartbeat('toy', 'burst'), heartbeatEvent('burst', n));
    await t.fx.nc.flush();
    const last = await waitFor('the last heartbeat of the burst', () => beatsIn(c.batches() as LiveBatch[]).find((b) => b.instance === 'burst' && b.heartbeat.lagMsgs === 1_000));
    expect(last.heartbeat.lagMsgs).toBe(1_000);
    const frames = c.messages.slice(before) as LiveBatch[];
    const burstBeats = beatsIn(frames).filter((b) => b.instance === 'burst');
    // One frame per flush (100 ms); publishing 1,000 takes a few flushes at most, never 1,000 frames.
    expect(frames.length).toBeLessThan(50);
    expect(burstBeats.length).toBe(frames.filter((f) => f.updates.some((u) => u.kind === 'heartbeat' && u.beat.instance === 'burst')).length);
    // Latest wins inside a frame (one heartbeat per instance) and the values only grow.
    for (const f of frames) expect(f.updates.filter((u) => u.kind === 'heartbeat' && u.beat.instance === 'burst').length).toBeLessThanOrEqual(1);
    const values = burstBeats.map((b) => b.heartbeat.lagMsgs);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    // seq grows by one per batch on this connection.
    const seqs = (c.batches() as LiveBatch[]).map((b) => b.seq);
    expect(seqs).toEqual(seqs.map((_s, i) => i + 1));
    c.close();
  });

  it('sends at least 10 batches a second while heartbeats flow, and never more than one per interval', async () => {
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN });
    await c.opened;
    c.send({ type: 'subscribe', topics: ['heartbeats'] });
    await waitFor('the snapshot', () => c.batches().length >= 1);
    let n = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 5; i++) t.fx.nc.publish(subjects.heartbeat('toy', 'steady'), heartbeatEvent('steady', ++n));
    }, 10);
    const start = Date.now();
    const startCount = c.batches().length;
    await new Promise((r) => setTimeout(r, 3_000));
    clearInterval(pump);
    const elapsedSec = (Date.now() - start) / 1000;
    const rate = (c.batches().length - startCount) / elapsedSec;
    // The 100 ms timer gives 10/s; a loaded machine delays timers, so allow some slack below, none above.
    expect(rate).toBeGreaterThanOrEqual(7);
    expect(rate).toBeLessThanOrEqual(11);
    c.close();
  });

  it('a gateway started after the facts shows the P&L history and the candles the streams hold', async () => {
    let n = 0;
    const pnl = (strategyId: string, instrument: string, realized: number, unrealized: number, ts: number) =>
      createEvent('pnl.update', { strategyId, instrument, position: 1, avgPrice: 100, realized, unrealized, equity: 1000, fees: 0 }, { id: `seed-pnl-${++n}`, ts, src: 'portfolio', run: 'live' });
    const bar = (openTime: number, close: number) =>
      createEvent(
        'md.candle',
        { venue: 'seedvenue', symbol: 'SEEDA', tf: '1m', openTime, closeTime: openTime + 60_000, open: close - 1, high: close + 1, low: close - 2, close, volume: 10, closed: true },
        { id: `seed-candle-${openTime}`, ts: openTime + 60_000, src: 'market-data', run: 'live' },
      );
    const store = async (subject: string, e: HeliosEvent) => t.fx.js.publish(subject, JSON.stringify(e), { msgID: e.id });
    await store(subjects.pnlUpdate('seeded'), pnl('seeded', 'SEEDA', 0, 5, 1_000));
    await store(subjects.pnlUpdate('seeded'), pnl('seeded', 'SEEDB', 1, 0, 2_000));
    await store(subjects.pnlUpdate('quiet'), pnl('quiet', 'SEEDA', 2, 0, 2_500));
    await store(subjects.pnlUpdate('seeded'), pnl('seeded', 'SEEDA', 0, 7, 3_000));
    await store(subjects.candle('seedvenue', 'SEEDA', '1m'), bar(0, 100));
    await store(subjects.candle('seedvenue', 'SEEDA', '1m'), bar(60_000, 101));

    // A second gateway, as after a restart of the supervisor: it saw none of these live.
    const home = mkdtempSync(join(tmpdir(), 'helios-supervisor-'));
    const gw = await startGateway(testGatewayOptions(t.fx.url, home));
    const c = new LiveClient(gw.url, { token: TEST_TOKEN });
    try {
      await c.opened;
      c.send({ type: 'subscribe', topics: ['pnl', 'candles:SEEDA'] });
      const first = await waitFor('the snapshot', () => c.batches()[0] as LiveBatch | undefined);
      const point = (strategyId: string, realized: number, unrealized: number, ts: number) => ({ strategyId, realized, unrealized, total: realized + unrealized, ts });
      const history = first.updates.flatMap((u) => (u.kind === 'pnlHistory' ? u.points : []));
      // A strategy's point sums its instruments' latest updates (seeded: SEEDA and SEEDB).
      expect(history.filter((p) => p.strategyId === 'seeded' || p.strategyId === 'quiet')).toEqual([
        point('seeded', 0, 5, 1_000),
        point('seeded', 1, 5, 2_000),
        point('quiet', 2, 0, 2_500),
        point('seeded', 1, 7, 3_000),
      ]);
      const cards = first.updates.flatMap((u) => (u.kind === 'pnl' ? u.strategies : []));
      expect(cards.filter((p) => p.strategyId === 'seeded' || p.strategyId === 'quiet')).toEqual([point('quiet', 2, 0, 2_500), point('seeded', 1, 7, 3_000)]);
      const candles = first.updates.flatMap((u) => (u.kind === 'candle' ? [u.bar] : []));
      expect(candles).toEqual([
        { symbol: 'SEEDA', tf: '1m', t: 0, o: 99, h: 101, l: 98, c: 100, v: 10 },
        { symbol: 'SEEDA', tf: '1m', t: 60_000, o: 100, h: 102, l: 99, c: 101, v: 10 },
      ]);
    } finally {
      c.close();
      await gw.close();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("a gateway started after the facts shows a daily drawdown limit's usage from the stored equities, live ones included", async () => {
    const DAY = 86_400_000;
    const day2 = 20_000 * DAY;
    let n = 0;
    const global = (equity: number, ts: number) =>
      createEvent('pnl.global', { realized: 0, unrealized: 0, equity, cash: equity, grossExposure: 0, drawdownPct: 0 }, { id: `seed-global-${++n}`, ts, src: 'portfolio', run: 'live' });
    const store = async (e: HeliosEvent) => t.fx.js.publish(subjects.pnlGlobal(), JSON.stringify(e), { msgID: e.id });
    // Day 1 peaks at 25,000 and closes at 20,500; day 2 peaks at 21,000 and is at 20,160: 4% below the day's peak.
    for (const [equity, ts] of [[25_000, day2 - 36_000_000], [20_500, day2 - 3_600_000], [21_000, day2 + 3_600_000], [20_160, day2 + 7_200_000]]) await store(global(equity, ts));
    await t.fx.config.put('risk.limits', JSON.stringify({ portfolioDrawdown: { haltAtPct: 5, window: 'day' } }));

    const home = mkdtempSync(join(tmpdir(), 'helios-supervisor-'));
    const gw = await startGateway(testGatewayOptions(t.fx.url, home));
    const usage = async () => {
      const res = await fetch(`${gw.url}/api/v1/risk`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      return ((await res.json()) as { usage: Array<{ limit: string; used: number; max: number }> }).usage;
    };
    try {
      const seeded = await usage();
      expect(seeded.map((u) => [u.limit, u.max])).toEqual([['portfolioDrawdown.haltAtPct (UTC day)', 5]]);
      expect(seeded[0].used).toBeCloseTo(4, 9);
      // Live: the equity falls to 19,950, 5% below the day's peak.
      await store(global(19_950, day2 + 10_800_000));
      await waitFor('the live equity in the usage', async () => ((await usage())[0]?.used ?? 0) > 4.5 || undefined);
      expect((await usage())[0].used).toBeCloseTo(5, 9);
    } finally {
      await gw.close();
      rmSync(home, { recursive: true, force: true });
      await t.fx.config.delete('risk.limits');
    }
  });

  it('streams the halt switch when it changes', async () => {
    const c = new LiveClient(t.gw.url, { token: TEST_TOKEN });
    await c.opened;
    c.send({ type: 'subscribe', topics: ['halt'] });
    await waitFor('the snapshot', () => c.batches().length >= 1);
    const res = await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: true, reason: 'drill' }) });
    expect(res.status).toBe(200);
    const seen = await waitFor('the halt update', () =>
      (c.batches() as LiveBatch[]).flatMap((b) => b.updates).find((u) => u.kind === 'halt' && u.halt.halted),
    );
    expect(seen).toMatchObject({ kind: 'halt', halt: { halted: true, reason: 'drill' } });
    await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: false }) });
    c.close();
  });
});
