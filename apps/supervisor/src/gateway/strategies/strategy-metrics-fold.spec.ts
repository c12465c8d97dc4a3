import { createEvent, type HeliosEvent } from '@helios/contracts';
import { createPortfolioDecider, type PortfolioInput, type PortfolioState } from '@helios/domain-portfolio';
import { computeMetrics } from '@helios/kernel';
import { StrategyMetricsFold } from './strategy-metrics-fold';

const T0 = 1_704_067_200_000;
const MIN = 60_000;
const HOUR = 3_600_000;
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
      pnl('s1', 105, T0 + 12 * HOUR),
      pnl('s1', 110, T0 + 12 * HOUR), // same event time: the last value wins
      pnl('s1', 99, T0 + 24 * HOUR),
      pnl('s1', 121, T0 + 36 * HOUR),
      pnl('s1', 50, T0 + 24 * HOUR), // out of order: ignored
    ];
    for (const e of events) fold.apply(e);

    // Reference by hand: returns 0.1, -0.1, 2/9 on 12-hour bars (730.5 a year), sd with n - 1.
    const r = [0.1, -0.1, 121 / 99 - 1];
    const mean = (r[0] + r[1] + r[2]) / 3;
    const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
    const sharpe = (mean / sd) * Math.sqrt((365.25 * 86_400_000) / (12 * HOUR));
    const m = fold.metricsOf('s1');
    expect(m.trades).toBe(3);
    expect(m.winRate).toBeCloseTo((2 / 3) * 100, 10);
    expect(m.sharpe).toBeCloseTo(sharpe, 8);
    expect(m.sharpe).toBeCloseTo(12.31, 2);
    expect(m.maxDrawdownPct).toBeCloseTo(-10, 10); // 110 -> 99

    expect(fold.metricsOf('s2')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
    expect(fold.metricsOf('nobody')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
  });

  it('shows no Sharpe ratio before the curve covers a day of event time (annualised minutes say nothing)', () => {
    const fold = new StrategyMetricsFold();
    const equities = [100, 110, 99, 121];
    equities.forEach((equity, i) => fold.apply(pnl('m', equity, T0 + i * MIN)));
    expect(fold.metricsOf('m').sharpe).toBeNull();
    expect(fold.metricsOf('m').maxDrawdownPct).toBeCloseTo(-10, 10);
    // Flat for the rest of the day: one minute short of a day, then the day is covered.
    fold.apply(pnl('m', 121, T0 + 1_439 * MIN));
    expect(fold.metricsOf('m').sharpe).toBeNull();
    fold.apply(pnl('m', 121, T0 + 1_440 * MIN));
    expect(fold.metricsOf('m').sharpe).toBeGreaterThan(0);
  });

  it('has no Sharpe or drawdown from a single point, and no Sharpe without variance', () => {
    const fold = new StrategyMetricsFold();
    fold.apply(pnl('a', 100, T0));
    expect(fold.metricsOf('a')).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null });
    fold.apply(pnl('a', 110, T0 + 24 * HOUR));
    fold.apply(pnl('a', 121, T0 + 48 * HOUR));
    const flat = fold.metricsOf('a'); // two equal 10% returns: no variance
    expect(flat).toEqual({ trades: 0, winRate: null, sharpe: null, maxDrawdownPct: 0 });
  });

  it('gives a strategy the bars it does not hold at an unchanged equity, as the portfolio curve a backtest measures', () => {
    // The portfolio as paper trading runs it (a pnl.update per held position and a pnl.global on
    // every bar), over a day and a half of one-minute bars; s1 is long from bar 5 to bar 12 and from
    // bar 25 to bar 30, flat in between and after.
    const portfolio = createPortfolioDecider({ emitEveryBar: true, defaultCapital: 10_000 });
    let state: PortfolioState = portfolio.initialState();
    const log: HeliosEvent[] = [];
    const handle = (input: HeliosEvent) => {
      const outputs = portfolio.decide(state, input as PortfolioInput);
      state = portfolio.evolve(state, input as PortfolioInput);
      for (const o of outputs) state = portfolio.evolve(state, o);
      log.push(input, ...outputs);
    };
    const close = (i: number) => 100 + 10 * Math.sin(i / 3) + i / 4;
    const trades = new Map<number, 'buy' | 'sell'>([
      [5, 'buy'],
      [12, 'sell'],
      [25, 'buy'],
      [30, 'sell'],
    ]);
    const BARS = 2_160;
    for (let i = 0; i < BARS; i++) {
      const openTime = T0 + i * MIN;
      const side = trades.get(i);
      // A fill at the bar's open carries the bar's event time (its close), as the exchange derives it from the candle.
      if (side !== undefined) for (const e of trade('s1', side, 10, close(i - 1), openTime + MIN)) handle(e);
      const c = close(i);
      handle(
        createEvent(
          'md.candle',
          { venue: 'paper', symbol: 'BTC-PERP', tf: '1m', openTime, closeTime: openTime + MIN, open: close(i - 1), high: Math.max(c, close(i - 1)), low: Math.min(c, close(i - 1)), close: c, volume: 1, closed: true },
          meta(openTime + MIN),
        ),
      );
    }

    const fold = new StrategyMetricsFold();
    for (const e of log) fold.apply(e);

    const curve = state.strategies.get('s1')!.curve;
    const time = curve.ts.toFloat64Array();
    const equity = curve.equity.toFloat64Array();
    expect(time.length).toBe(BARS - 5); // bars 5..: the book exists from its first fill on
    const reference = computeMetrics({ time, equity, initialEquity: equity[0], tradePnls: [], exposedBars: 0 });
    const m = fold.metricsOf('s1');
    expect(m.trades).toBe(2);
    expect(reference.sharpe).not.toBeNull();
    expect(m.sharpe).toBeCloseTo(reference.sharpe!, 10);
    expect(m.maxDrawdownPct).toBeCloseTo(reference.maxDrawdownPct, 10);

    // Only the held bars (the pnl.updates alone) give another figure: the flat stretches count.
    const held = new StrategyMetricsFold();
    for (const e of log) if (e.type !== 'pnl.global') held.apply(e);
    expect(Math.abs(held.metricsOf('s1').sharpe! - reference.sharpe!)).toBeGreaterThan(1);
  });
});

