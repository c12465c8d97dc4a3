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
    ]);
  });

  it('shows nothing before the first pnl.global, nor for limits that are not set', () => {
    const limits = paperDemoConfig()[LIMITS_KEY] as RiskConfigInput;
    expect(riskUsage(limits, undefined)).toEqual([]);
    expect(riskUsage({ maxGrossExposure: 50_000 }, { total: 0, drawdownPct: 0, grossExposure: 12_500, equity: 20_000, ts: 1 })).toEqual([
      { limit: 'maxGrossExposure', used: 12_500, max: 50_000, pct: 25 },
    ]);
  });
});
