import { LIMITS_KEY, paperDemoConfig } from '@helios/contracts';
import type { RiskConfigInput } from '@helios/domain-risk';
import { riskUsage } from './risk';

describe('riskUsage', () => {
  it("shows the paper demo's portfolio limits with their usage from the latest pnl.global", () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    // Both strategies long 5,000 each on 20,000 of equity, 1.5% below the peak.
    const usage = riskUsage(limits, { total: -300, drawdownPct: 1.5, grossExposure: 10_000, equity: 20_000, ts: 1 });
    expect(usage).toEqual([
      { limit: 'maxGrossExposureMultiple', used: 0.5, max: 2, pct: 25 },
      { limit: 'portfolioDrawdown.reduceOnlyAtPct', used: 1.5, max: 5, pct: 30 },
      { limit: 'portfolioDrawdown.haltAtPct', used: 1.5, max: 10, pct: 15 },
      { limit: 'portfolioDrawdown.liquidateAtPct', used: 1.5, max: 15, pct: 10 },
    ]);
  });

  it('shows a liquidation level like the others, and no drawdown usage for a daily window (pnl.global measures from the highest equity ever)', () => {
    const global = { total: 0, drawdownPct: 4, grossExposure: 0, equity: 20_000, ts: 1 };
    expect(riskUsage({ portfolioDrawdown: { haltAtPct: 5, liquidateAtPct: 8 } }, global)).toEqual([
      { limit: 'portfolioDrawdown.haltAtPct', used: 4, max: 5, pct: 80 },
      { limit: 'portfolioDrawdown.liquidateAtPct', used: 4, max: 8, pct: 50 },
    ]);
    expect(riskUsage({ portfolioDrawdown: { haltAtPct: 5, liquidateAtPct: 8, window: 'day' } }, global)).toEqual([]);
  });

  it('shows nothing before the first pnl.global, nor for limits that are not set', () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    expect(riskUsage(limits, undefined)).toEqual([]);
    expect(riskUsage({ maxGrossExposure: 50_000 }, { total: 0, drawdownPct: 0, grossExposure: 12_500, equity: 20_000, ts: 1 })).toEqual([
      { limit: 'maxGrossExposure', used: 12_500, max: 50_000, pct: 25 },
    ]);
  });
});
