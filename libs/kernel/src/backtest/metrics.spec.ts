import { computeMetrics, maxDrawdown, returnRatios, tradeStats, YEAR_MS } from './metrics';

const DAY = 86_400_000;
const days = (n: number) => Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);

describe('maxDrawdown', () => {
  it('finds the deepest fall from a running peak and the longest time under water', () => {
    // Peak 110 at bar 1, trough 99 (-10%) at bar 2, back above 110 at bar 4.
    const dd = maxDrawdown(days(5), [100, 110, 99, 99, 118.8]);
    expect(dd.maxDrawdown).toBeCloseTo(-0.1, 15);
    expect(dd.durationBars).toBe(3);
    expect(dd.durationMs).toBe(3 * DAY);
  });

  it('counts a drawdown that never recovers up to the last bar, and a flat curve as none', () => {
    const dd = maxDrawdown(days(6), [100, 120, 90, 100, 130, 117]);
    expect(dd.maxDrawdown).toBeCloseTo(-0.25, 15);
    // Under water bars 1..4 (3 bars) and 4..5 (1 bar, unrecovered): the longest is 3.
    expect(dd.durationBars).toBe(3);
    expect(maxDrawdown(days(4), [100, 100, 100, 100])).toEqual({ maxDrawdown: 0, durationBars: 0, durationMs: 0 });
    const open = maxDrawdown(days(5), [100, 120, 110, 100, 90]);
    expect(open.durationBars).toBe(3);
    expect(open.maxDrawdown).toBeCloseTo(-0.25, 15);
  });
});

describe('returnRatios', () => {
  it('computes Sharpe and Sortino from bar returns, annualised', () => {
    // Returns 0.1, -0.1, 0, 0.2: mean 0.05; squared deviations sum 0.05 -> sd sqrt(0.05/3);
    // downside: only -0.1 -> sqrt(0.01/4) = 0.05.
    const { sharpe, sortino } = returnRatios([100, 110, 99, 99, 118.8], 365.25);
    expect(sharpe).toBeCloseTo((0.05 / Math.sqrt(0.05 / 3)) * Math.sqrt(365.25), 10);
    expect(sortino).toBeCloseTo((0.05 / 0.05) * Math.sqrt(365.25), 10);
  });

  it('is null without variance or without losing bars', () => {
    expect(returnRatios([100, 100, 100], 252)).toEqual({ sharpe: null, sortino: null });
    const up = returnRatios([100, 200, 400, 800], 252);
    expect(up.sharpe).toBeNull(); // every return is exactly 100%: no variance
    expect(up.sortino).toBeNull();
    expect(returnRatios([100, 101], 252)).toEqual({ sharpe: null, sortino: null });
  });
});

describe('tradeStats', () => {
  it('computes win rate, profit factor and the average trade', () => {
    expect(tradeStats([50, -20, 30, -10])).toEqual({ tradeCount: 4, winRatePct: 50, profitFactor: 80 / 30, averageTrade: 12.5 });
    expect(tradeStats([10, 0])).toEqual({ tradeCount: 2, winRatePct: 50, profitFactor: null, averageTrade: 5 });
    expect(tradeStats([])).toEqual({ tradeCount: 0, winRatePct: null, profitFactor: null, averageTrade: null });
  });
});

describe('computeMetrics', () => {
  it('puts it together with bars per year from the median spacing', () => {
    const time = [...days(4), Date.UTC(2024, 0, 8)]; // a 4-day hole does not change the median (1 day)
    const m = computeMetrics({ time, equity: [100, 110, 99, 99, 118.8], initialEquity: 100, tradePnls: [50, -20, 30, -10], exposedBars: 3 });
    expect(m.barsPerYear).toBe(365.25);
    expect(m.totalReturnPct).toBeCloseTo(18.8, 12);
    expect(m.cagrPct).toBeCloseTo((1.188 ** (YEAR_MS / (7 * DAY)) - 1) * 100, 6);
    expect(m.maxDrawdownPct).toBeCloseTo(-10, 12);
    expect(m.maxDrawdownDurationBars).toBe(3);
    expect(m.maxDrawdownDurationMs).toBe(6 * DAY);
    expect(m.exposurePct).toBe(60);
    expect(m.sharpe).toBeCloseTo((0.05 / Math.sqrt(0.05 / 3)) * Math.sqrt(365.25), 10);
    expect(m.winRatePct).toBe(50);
    expect(m.tradeCount).toBe(4);
  });

  it('annualises one-minute bars by 525,960 and honours an override', () => {
    const time = Array.from({ length: 4 }, (_, i) => i * 60_000);
    expect(computeMetrics({ time, equity: [1, 2, 1, 2], initialEquity: 1, tradePnls: [], exposedBars: 0 }).barsPerYear).toBe(525_960);
    expect(computeMetrics({ time, equity: [1, 2, 1, 2], initialEquity: 1, tradePnls: [], exposedBars: 0, barsPerYear: 252 }).barsPerYear).toBe(252);
  });

  it('refuses mismatched inputs', () => {
    expect(() => computeMetrics({ time: [1, 2], equity: [1], initialEquity: 1, tradePnls: [], exposedBars: 0 })).toThrow(
      'computeMetrics: time has 2 entries but equity has 1',
    );
    expect(() => computeMetrics({ time: [1], equity: [1], initialEquity: 0, tradePnls: [], exposedBars: 0 })).toThrow(
      'computeMetrics: initialEquity must be > 0, got 0',
    );
  });
});
