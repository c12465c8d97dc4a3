import type { StrategySummary } from '../../shared/api';
import type { CandleBar } from '../../shared/live';
import { appendPnl, candlePoints, cardPnl, chartSymbol, instrumentOf, pnlOnBars, pnlPointsOf, markersOnBars, mergeCandles, pnlSeries, signalMarkers } from './strategy-view-model';

const bar = (t: number, c: number): CandleBar => ({ symbol: 'BTC-USDT', tf: '1m', t, o: c, h: c + 1, l: c - 1, c, v: 1 });

it('merges candles by open time: a revised bar replaces the earlier one, oldest first, capped', () => {
  const merged = mergeCandles([bar(60_000, 1), bar(120_000, 2)], [bar(120_000, 3), bar(0, 0)], 2);
  expect(merged.map((b) => [b.t, b.c])).toEqual([
    [60_000, 1],
    [120_000, 3],
  ]);
});

it('marks a buy when the target weight rises and a sell when it falls, nothing when it holds', () => {
  const markers = signalMarkers([
    { id: 'b', ts: 120_000, instrument: 'X', targetWeight: 1 },
    { id: 'a', ts: 60_000, instrument: 'X', targetWeight: 0.5, reason: 'rsi < 30' },
    { id: 'c', ts: 180_000, instrument: 'X', targetWeight: 1 },
    { id: 'd', ts: 240_000, instrument: 'X', targetWeight: 0 },
  ]);
  expect(markers.map((m) => [m.time, m.shape, m.text])).toEqual([
    [60, 'arrowUp', 'buy → 0.5 (0.50) rsi < 30'],
    [120, 'arrowUp', 'buy → 1 (0.50)'],
    [240, 'arrowDown', 'sell → 0 (1.00)'],
  ]);
});

it('keeps a P&L history per strategy in time order; an older update is ignored, a same-time one replaces', () => {
  let h = appendPnl({}, [{ strategyId: 's', realized: 0, unrealized: 1, total: 1, ts: 1000 }]);
  h = appendPnl(h, [
    { strategyId: 's', realized: 0, unrealized: 2, total: 2, ts: 2000 },
    { strategyId: 's', realized: 0, unrealized: 9, total: 9, ts: 500 },
    { strategyId: 's', realized: 0, unrealized: 3, total: 3, ts: 2000 },
    { strategyId: 't', realized: 0, unrealized: 0, total: -5, ts: 2000 },
  ]);
  expect(h).toEqual({ s: [{ ts: 1000, total: 1 }, { ts: 2000, total: 3 }], t: [{ ts: 2000, total: -5 }] });
  expect(pnlSeries(h['s'])).toEqual([{ time: 1, value: 1 }, { time: 2, value: 3 }]);
});

it('takes the P&L history a subscription starts with, then the current figures, into the pane', () => {
  const p = (strategyId: string, total: number, ts: number) => ({ strategyId, realized: 0, unrealized: total, total, ts });
  const first = pnlPointsOf([
    { kind: 'pnlHistory', points: [p('a', 1, 1000), p('b', 5, 1000), p('a', 2, 2000)] },
    { kind: 'pnl', strategies: [p('a', 3, 3000), p('b', 5, 1000)] },
    { kind: 'candle', bar: bar(60_000, 1) },
  ]);
  expect(appendPnl({}, first)).toEqual({ a: [{ ts: 1000, total: 1 }, { ts: 2000, total: 2 }, { ts: 3000, total: 3 }], b: [{ ts: 1000, total: 5 }] });
});

it('reads the instrument and the live P&L of a strategy card', () => {
  const s: StrategySummary = { id: 'a', definition: { instruments: ['ETH-USDT'] }, status: 'running', pnl: { strategyId: 'a', realized: 1, unrealized: 0, total: 1, ts: 1 } };
  expect(instrumentOf(s)).toBe('ETH-USDT');
  expect(cardPnl(s, {})).toBe(1);
  expect(cardPnl(s, appendPnl({}, [{ strategyId: 'a', realized: 0, unrealized: 0, total: 42, ts: 2 }]))).toBe(42);
});

it('charts the instrument of the focused strategy, else of the first one, else the live feed\'s, else the fallback', () => {
  const card = (id: string, instrument: string): StrategySummary => ({ id, definition: { instruments: [instrument] }, status: 'running' });
  const strategies = [card('a', 'ETH-USDT'), card('b', 'SOL-USDT')];
  const live = [{ venue: 'ftx', symbol: 'BTC-PERP', timeframe: '1m', candles: 900 }, { venue: 'ftx', symbol: 'ETH-PERP', timeframe: '1m', candles: 10 }];
  expect(chartSymbol(strategies, 'b', live, 'X')).toBe('SOL-USDT');
  expect(chartSymbol(strategies, undefined, live, 'X')).toBe('ETH-USDT');
  expect(chartSymbol([], undefined, live, 'X')).toBe('BTC-PERP');
  expect(chartSymbol(undefined, undefined, [], 'X')).toBe('X');
  expect(chartSymbol(undefined, undefined, undefined, 'X')).toBe('X');
});

it('puts each marker on the bar it falls in and leaves out markers older than the first bar', () => {
  const bars = candlePoints([bar(60_000, 1), bar(120_000, 2), bar(180_000, 3)]);
  const m = (secs: number, text: string) => ({ time: secs, position: 'belowBar' as const, shape: 'arrowUp' as const, color: '#39ff88', text });
  const placed = markersOnBars([m(179.999, 'late in bar 2'), m(30, 'before the candles'), m(60, 'at bar 1'), m(500, 'after the last bar')] as never, bars);
  expect(placed.map((p) => [p.time, p.text])).toEqual([
    [60, 'at bar 1'],
    [120, 'late in bar 2'],
    [180, 'after the last bar'],
  ]);
  expect(markersOnBars([m(90, 'x')] as never, [])).toEqual([]);
});

it('puts the P&L under the candles on the bars it belongs to: no time between two candles, nothing before the first', () => {
  const bars = candlePoints([bar(60_000, 1), bar(120_000, 2), bar(180_000, 3)]);
  const points = [
    { ts: 59_999, total: -1 }, // closes the bar before the first candle: left out
    { ts: 119_999, total: 1 }, // the first bar's close (event time of its P&L)
    { ts: 120_000, total: 2 }, // a fill at the second bar's open ...
    { ts: 179_999, total: 3 }, // ... and its close: the last of a bar wins
    { ts: 400_000, total: 4 }, // after the last candle: on the last bar
  ];
  expect(pnlOnBars(points, bars)).toEqual([
    { time: 60, value: 1 },
    { time: 120, value: 3 },
    { time: 180, value: 4 },
  ]);
  expect(pnlOnBars(points, [])).toEqual([]);
  // Flat since the first bar: no update since, the same P&L up to the latest bar.
  expect(pnlOnBars(points.slice(0, 2), bars)).toEqual([
    { time: 60, value: 1 },
    { time: 180, value: 1 },
  ]);
});
