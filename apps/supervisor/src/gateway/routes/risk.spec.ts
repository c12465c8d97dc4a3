import { LIMITS_KEY, paperDemoConfig } from '@helios/contracts';
import { DAY_MS, type RiskConfigInput } from '@helios/domain-risk';
import { EquityDrawdowns } from '../live/equity-drawdowns';
import { riskUsage } from './risk';

const NONE = new EquityDrawdowns();
const DAY2 = 19_000 * DAY_MS;
const HOUR = 3_600_000;

describe('riskUsage', () => {
  it("shows the paper demo's portfolio limits with their usage from the latest pnl.global", () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    // Both strategies long 5,000 each on 20,000 of equity, 1.5% below the peak.
    const usage = riskUsage(limits, { total: -300, drawdownPct: 1.5, grossExposure: 10_000, equity: 20_000, ts: 1 }, NONE);
    expect(usage).toEqual([
      { limit: 'maxGrossExposureMultiple', used: 0.5, max: 2, pct: 25 },
      { limit: 'portfolioDrawdown.reduceOnlyAtPct', used: 1.5, max: 5, pct: 30 },
      { limit: 'portfolioDrawdown.haltAtPct', used: 1.5, max: 10, pct: 15 },
      { limit: 'portfolioDrawdown.liquidateAtPct', used: 1.5, max: 15, pct: 10 },
    ]);
  });

  it('shows a liquidation level like the others; a daily window from the peak of the UTC day, the previous close included', () => {
    const peaks = new EquityDrawdowns();
    // Day 1 peaks at 25,000 and closes at 20,500; day 2 rises to 21,000 (its peak) and falls to 20,160.
    peaks.observePortfolio(25_000, DAY2 - 10 * HOUR);
    peaks.observePortfolio(20_500, DAY2 - HOUR);
    peaks.observePortfolio(21_000, DAY2 + HOUR);
    peaks.observePortfolio(20_160, DAY2 + 2 * HOUR);
    // pnl.global says 19.36% below the highest equity ever (25,000).
    const global = { total: 0, drawdownPct: 19.36, grossExposure: 0, equity: 20_160, ts: DAY2 + 2 * HOUR };
    expect(riskUsage({ portfolioDrawdown: { haltAtPct: 25, liquidateAtPct: 40 } }, global, peaks)).toEqual([
      { limit: 'portfolioDrawdown.haltAtPct', used: 19.36, max: 25, pct: 77.44 },
      { limit: 'portfolioDrawdown.liquidateAtPct', used: 19.36, max: 40, pct: 48.4 },
    ]);
    const daily = riskUsage({ portfolioDrawdown: { haltAtPct: 5, liquidateAtPct: 8, window: 'day' } }, global, peaks);
    expect(daily.map((u) => [u.limit, u.max, u.pct])).toEqual([
      ['portfolioDrawdown.haltAtPct (UTC day)', 5, 80],
      ['portfolioDrawdown.liquidateAtPct (UTC day)', 8, 50],
    ]);
    expect(daily[0].used).toBeCloseTo(4, 12);
    // Early on day 2, the day's peak is the previous close: 20,500 -> 20,090 is 2%.
    const early = new EquityDrawdowns();
    early.observePortfolio(25_000, DAY2 - 10 * HOUR);
    early.observePortfolio(20_500, DAY2 - HOUR);
    early.observePortfolio(20_090, DAY2 + HOUR);
    expect(riskUsage({ portfolioDrawdown: { haltAtPct: 5, window: 'day' } }, { ...global, equity: 20_090 }, early)[0].used).toBeCloseTo(2, 12);
  });

  it("shows each strategy's drawdown against its own limit, from its initial equity and its pnl.update equities", () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    const peaks = new EquityDrawdowns();
    // sma-cross has its day's peak at 10,400 and is at 10,088 (3% below); mean-reversion fell from 10,000 to 9,900 (1%).
    peaks.observeStrategy('sma-cross', 10_400, DAY2 + HOUR);
    peaks.observeStrategy('sma-cross', 10_088, DAY2 + 2 * HOUR);
    peaks.observeStrategy('mean-reversion', 10_000, DAY2 + HOUR);
    peaks.observeStrategy('mean-reversion', 9_900, DAY2 + 2 * HOUR);
    const usage = riskUsage(limits, { total: -12, drawdownPct: 0.06, grossExposure: 0, equity: 19_988, ts: DAY2 + 2 * HOUR }, peaks);
    expect(usage.filter((u) => u.limit.includes(': ')).map((u) => [u.limit, u.max, u.pct])).toEqual([
      ['mean-reversion: drawdown.liquidateAtPct (UTC day)', 5, 20],
      ['sma-cross: drawdown.liquidateAtPct (UTC day)', 5, 60],
    ]);
    // The highest equity ever starts at the configured initial equity, as the gate's book does: 11,000 -> 9,900 is 10%.
    const allTime = riskUsage({ strategies: { 'mean-reversion': { allocation: 1, initialEquity: 11_000, drawdown: { haltAtPct: 20 } } } }, undefined, peaks);
    expect(allTime.map((u) => [u.limit, u.max])).toEqual([['mean-reversion: drawdown.haltAtPct', 20]]);
    expect(allTime[0].used).toBeCloseTo(10, 12);
  });

  it('shows nothing before the first pnl.global, nor for limits that are not set', () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    expect(riskUsage(limits, undefined, NONE)).toEqual([]);
    expect(riskUsage({ maxGrossExposure: 50_000 }, { total: 0, drawdownPct: 0, grossExposure: 12_500, equity: 20_000, ts: 1 }, NONE)).toEqual([
      { limit: 'maxGrossExposure', used: 12_500, max: 50_000, pct: 25 },
    ]);
  });
});
