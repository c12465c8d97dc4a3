import { createEvent, type HeliosEvent } from '@helios/contracts';
import { StrategyMetricsFold } from './strategy-metrics-fold';

const T0 = 1_704_067_200_000;
const MIN = 60_000;
let n = 0;
const meta = (ts: number) => ({ id: `e-${++n}`, ts, src: 'spec', run: 'live' });

/** A filled market order of `strategyId`: its order.new and one complete fill. */
function trade(strategyId: string, side: 'buy' | 'sell', qty: number, price: number, ts: number): HeliosEvent[] {
  const clientOrderId = `o-${++n}`;
  return [
    createEvent('order.new', { account: 'paper', clientOrderId, instrument: 'BTC-PERP', side, type: 'market', qty, strategyId }, meta(ts)),
    createEvent('order.fill', { account: 'paper', clientOrderId, fillId: `${clientOrderId}-f`, instrument: 'BTC-PERP', side, qty, price, fee: 0, liquidity: 'taker', remainingQty: 0, strategyId }, meta(ts)),
  ];
}

const pnl = (strategyId: string, equity: number, ts: number) =>
  createEvent('pnl.update', { strategyId, instrument: 'BTC-PERP', position: 0, avgPrice: 0, realized: 0, unrealized: 0, equity, fees: 0 }, meta(ts));

describe('StrategyMetricsFold', () => {
  it('computes round trips, win rate, Sharpe and max drawdown from the strategy events (known values)', () => {
    const fold = new StrategyMetricsFold();
    const events = [
      ...trade('s1', 'buy', 1, 100, T0), // +10
      ...trade('s1', 'sell', 1, 110, T0 + MIN),
      ...trade('s1', 'buy', 2, 100, T0 + 2 * MIN), // -10
      ...trade('s1', 'sell', 2, 95, T0 + 3 * MIN),
      ...trade('s1', 'sell', 1, 100, T0 + 4 * MIN), // short: +30
      ...trade('s1', 'buy', 1, 70, T0 + 5 * MIN),
      ...trade('s2', 'buy', 1, 100, T0 + 5 * MIN), // another strategy's open position: not s1's
      pnl('s1', 100, T0),
      pnl('s1', 105, T0 + MIN),
      pnl('s1', 110, T0 + MIN), // same event time: the last value wins
      pnl('s1', 99, T0 + 2 * MIN),
      pnl('s1', 121, T0 + 3 * MIN),
      pnl('s1', 50, T0 + 2 * MIN), // out of order: ignored
    ];
    for (const e of events) fold.apply(e);

    // Reference by hand: returns 0.1, -0.1, 2/9 on 1-minute bars (525,960 a year), sd with n - 1.
    const r = [0.1, -0.1, 121 / 99 - 1];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    const sharpe = (mean / sd) * Math.sqrt((365.25 * 86_400_000) / MIN);
    const m = fold.metricsOf('s1');
    expect(m.trades).toBe(3);
    expect(m.winRate).toBeCloseTo((2 / 3) * 100, 10);
    expect(m.sharpe).toBeCloseTo(sharpe, 8);
    expect(m.sharpe).toBeCloseTo(330.25, 1);
    expect(m.maxDrawdownPct).toBeCloseTo(-10, 10); // 110 -> 99

    expect(fold.metricsOf('s2')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
    expect(fold.metricsOf('nobody')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
  });

  it('has no Sharpe or drawdown from a single point, and no Sharpe without variance', () => {
    const fold = new StrategyMetricsFold();
    fold.apply(pnl('a', 100, T0));
    expect(fold.metricsOf('a')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
    fold.apply(pnl('a', 110, T0 + MIN));
    fold.apply(pnl('a', 121, T0 + 2 * MIN));
    const flat = fold.metricsOf('a'); // two equal 10% returns: no variance
    expect(flat).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: 0 });
  });
});
