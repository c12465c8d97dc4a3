import { STREAMS, validateEvent, type HeliosEvent } from '@helios/contracts';
import { BacktestClock } from '../clock/backtest-clock';
import { InMemoryBus } from '../in-memory-bus';
import { allocateSeries, generateSyntheticOhlcv, type OhlcvSeries } from '@helios/domain-market-data';
import { runBacktest } from './run-backtest';
import { strategyDecider } from '@helios/domain-strategy';
import { instantiateTemplate } from '@helios/strategy-dsl';
import type { BacktestOptions } from './backtest-types';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Six daily bars: with SMA(1) vs SMA(2) a golden cross at bar 2, a death cross at bar 4, another golden cross on the last bar. */
function sixBars(): OhlcvSeries {
  const rows = [
    // open, high, low, close
    [10, 10.5, 9.5, 10],
    [10, 10, 8.5, 9],
    [9.5, 11.5, 9.5, 11],
    [11.5, 12.5, 11, 12],
    [12.5, 12.5, 9.5, 10],
    [10.5, 11.5, 10, 11],
  ];
  const s = allocateSeries(rows.length);
  rows.forEach(([o, h, l, c], i) => {
    s.time[i] = T0 + i * DAY;
    s.open[i] = o;
    s.high[i] = h;
    s.low[i] = l;
    s.close[i] = c;
    s.volume[i] = 1000;
  });
  return s;
}

/** The real sma-cross template through the real strategy decider. */
function smaCross(fast: number, slow: number) {
  const { spec } = instantiateTemplate('sma-cross', { params: { fast, slow }, instruments: ['TEST'] });
  return { id: 's1', decider: strategyDecider({ strategyId: 's1', spec }) };
}

const options = (extra: Partial<BacktestOptions> = {}): BacktestOptions => ({
  series: sixBars(),
  symbol: 'TEST',
  strategy: smaCross(1, 2),
  cash: 1000,
  recordEvents: true,
  ...extra,
});

function typesPerBar(events: HeliosEvent[]): string[][] {
  const bars: string[][] = [];
  for (const e of events) {
    if (e.type === 'md.candle') bars.push([]);
    bars[bars.length - 1].push(e.type);
  }
  return bars;
}

describe('runBacktest: the pipeline within and across bars', () => {
  it('orders events per ADR 0005: fills at the open, then marks, then strategy -> risk -> orders', async () => {
    const result = await runBacktest(options());
    expect(typesPerBar(result.events ?? [])).toEqual([
      ['md.candle'],
      ['md.candle'],
      ['md.candle', 'strategy.intent', 'risk.approved', 'order.new', 'order.ack'],
      ['md.candle', 'order.fill', 'pnl.update', 'pnl.global'],
      ['md.candle', 'strategy.intent', 'risk.approved', 'order.new', 'order.ack'],
      // The exit fills at the open; the golden cross at this last close orders, but no bar is left to fill it.
      ['md.candle', 'order.fill', 'pnl.update', 'pnl.global', 'strategy.intent', 'risk.approved', 'order.new', 'order.ack'],
    ]);
  });

  it('produces only valid events, each derived from the one before it in its chain', async () => {
    const result = await runBacktest(options());
    const events = result.events ?? [];
    const ids = new Set<string>();
    for (const e of events) {
      expect({ id: e.id, issues: validateEvent(JSON.parse(JSON.stringify(e))) }).toEqual({ id: e.id, issues: [] });
      if (e.type !== 'md.candle') expect(ids.has(e.cause as string)).toBe(true);
      ids.add(e.id);
    }
    expect(ids.size).toBe(events.length);
  });

  it('charges slippage and fees as hand-computed (20 bps slippage, 10 bps fee)', async () => {
    const r = await runBacktest(options({ feeBps: 10, slippageBps: 20 }));
    // Buy at bar 3's open 11.5 * 1.002 = 11.523; qty = floor(1000 / (11.523 * 1.001)) = 86;
    // fee 86 * 11.523 * 0.001 = 0.990978. Sell at bar 5's open 10.5 * 0.998 = 10.479, fee 0.901194.
    expect(r.trades).toHaveLength(1);
    const [t] = r.trades;
    expect(t.qty).toBe(86);
    expect(t.entryTs).toBe(T0 + 3 * DAY);
    expect(t.exitTs).toBe(T0 + 5 * DAY);
    expect(t.entryPrice).toBeCloseTo(11.523, 12);
    expect(t.exitPrice).toBeCloseTo(10.479, 12);
    expect(t.fees).toBeCloseTo(0.990978 + 0.901194, 12);
    expect(t.pnl).toBeCloseTo((10.479 - 11.523) * 86 - 0.990978 - 0.901194, 9);
    const cashAfterBuy = 1000 - 86 * 11.523 - 0.990978;
    const curve = r.equityCurve.map((p) => p.equity);
    expect(curve[0]).toBe(1000);
    expect(curve[2]).toBe(1000);
    expect(curve[3]).toBeCloseTo(cashAfterBuy + 86 * 12, 9);
    expect(curve[4]).toBeCloseTo(cashAfterBuy + 86 * 10, 9);
    expect(r.finalEquity).toBeCloseTo(cashAfterBuy + 86 * 10.479 - 0.901194, 9);
    expect(r.openPosition).toBeNull();
    expect(r.metrics.exposurePct).toBeCloseTo((2 / 6) * 100, 12);
    expect(r.maxDrawdownPct).toBeCloseTo((curve[4] / curve[3] - 1) * 100, 9);
    expect(r.metrics.tradeCount).toBe(1);
  });

  it('gives the same runHash for the same run, a different one when a parameter or a fill changes', async () => {
    const a = await runBacktest(options({ recordEvents: false }));
    const b = await runBacktest(options({ recordEvents: false }));
    expect(b.runHash).toBe(a.runHash);
    expect(a.runHash).toMatch(/^[0-9a-f]{32}$/);
    const slower = await runBacktest(options({ recordEvents: false, strategy: smaCross(2, 3) }));
    expect(slower.runHash).not.toBe(a.runHash);
    const slipped = await runBacktest(options({ recordEvents: false, slippageBps: 1 }));
    expect(slipped.trades[0].qty).toBe(a.trades[0].qty);
    expect(slipped.runHash).not.toBe(a.runHash);
  });

  it('runs the same events through an InMemoryBus: same hash, same result, every event stored and delivered', async () => {
    const direct = await runBacktest(options());
    const clock = new BacktestClock(0);
    const bus = new InMemoryBus({ clock, streams: STREAMS });
    const delivered: string[] = [];
    await bus.consume({ durable: 'watcher', filter: 'order.>' }, (d) => {
      delivered.push(d.event.type);
    });
    const viaBus = await runBacktest(options({ transport: 'bus', bus: { bus, clock } }));
    expect(viaBus.runHash).toBe(direct.runHash);
    expect({ ...viaBus, elapsedMs: 0 }).toEqual({ ...direct, elapsedMs: 0 });
    const stored: HeliosEvent[] = [];
    for (const stream of Object.keys(STREAMS)) {
      for await (const s of bus.replay(STREAMS[stream as keyof typeof STREAMS] as unknown as string[], { kind: 'all' })) stored.push(s.event as HeliosEvent);
    }
    expect(stored.map((e) => e.id).sort()).toEqual((direct.events ?? []).map((e) => e.id).sort());
    expect(delivered).toEqual((direct.events ?? []).filter((e) => e.type.startsWith('order.')).map((e) => e.type));
    await bus.close();
  });

  it('reuses one candle object when nothing keeps the events, with the same hash and result as a recorded run', async () => {
    // 5,000 seeded bars and a fast crossover: hundreds of trades, so fills, marks and P&L all read reused candles.
    const series = generateSyntheticOhlcv({ seed: 7, bars: 5_000, startTime: T0, timeframeMs: 60_000 });
    const run = (recordEvents: boolean) => runBacktest(options({ series, strategy: smaCross(3, 8), recordEvents }));
    const recorded = await run(true);
    const reused = await run(false);
    expect(recorded.trades.length).toBeGreaterThan(100);
    expect(reused.runHash).toBe(recorded.runHash);
    expect({ ...reused, elapsedMs: 0 }).toEqual({ ...recorded, events: undefined, elapsedMs: 0 });
    // The recording holds one distinct candle per bar (nothing reused where events are kept).
    const candles = (recorded.events ?? []).filter((e) => e.type === 'md.candle');
    expect(new Set(candles).size).toBe(5_000);
    expect(candles.map((c) => (c.payload as { openTime: number }).openTime)).toEqual(Array.from(series.time));
  });

  it('refuses bad options, naming them', async () => {
    await expect(runBacktest(options({ cash: 0 }))).rejects.toThrow('runBacktest: cash must be a finite number > 0, got 0');
    await expect(runBacktest(options({ symbol: 'BTC/USDT' }))).rejects.toThrow('runBacktest: symbol must be a symbol token (letters, digits, - and _), got "BTC/USDT"');
    await expect(runBacktest(options({ feeBps: -1 }))).rejects.toThrow('runBacktest: feeBps must be a number in [0, 10000), got -1');
  });
});
