import { drawdownSeries, equitySeries, smaOverlay, timeValues, tradeMarkers } from './chart-data';

const D = 86_400_000;

it('equity points become UTC seconds, in order, one per second (the last wins)', () => {
  expect(timeValues([{ ts: 2 * D, value: 3 }, { ts: D, value: 1 }, { ts: D + 500, value: 2 }, { ts: 3 * D, value: NaN }])).toEqual([
    { time: 86_400, value: 2 },
    { time: 172_800, value: 3 },
  ]);
});

it('drawdown is the percent below the running peak', () => {
  const curve = [100, 120, 90, 130, 117].map((equity, i) => ({ ts: i * D, equity }));
  expect(drawdownSeries(curve).map((p) => p.value)).toEqual([0, 0, -25, 0, -10]);
  expect(equitySeries(curve).map((p) => p.value)).toEqual([100, 120, 90, 130, 117]);
});

it('a long trade is a buy arrow below the entry bar and a sell arrow above the exit bar with its P&L', () => {
  const markers = tradeMarkers([{ side: 'long', qty: 3, entryTs: 5 * D, entryPrice: 10, exitTs: 9 * D, exitPrice: 12, pnl: 6 }, { side: 'long', qty: 1, entryTs: D, entryPrice: 10, exitTs: 2 * D, exitPrice: 9, pnl: -1 }]);
  expect(markers.map((m) => [m.time / 86_400, m.position, m.shape, m.text])).toEqual([
    [1, 'belowBar', 'arrowUp', 'buy 1'],
    [2, 'aboveBar', 'arrowDown', 'sell -1.00'],
    [5, 'belowBar', 'arrowUp', 'buy 3'],
    [9, 'aboveBar', 'arrowDown', 'sell +6.00'],
  ]);
});

it('the SMA overlay starts at the period-th close', () => {
  const closes = [1, 2, 3, 4, 5].map((close, i) => ({ ts: i * D, close }));
  expect(smaOverlay(closes, 3).map((p) => p.value)).toEqual([2, 3, 4]);
});
