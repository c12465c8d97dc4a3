import { DEFAULT_MAX_MARK_AGE_MS, DEFAULT_ORDER_RATE, resolveRiskConfig, RiskConfigError, type RiskConfigInput } from './risk-config';

describe('risk config', () => {
  it('defaults: no size, gross or drawdown limits, a five-minute mark age, 60 approvals a minute, unknown strategies refused', () => {
    const c = resolveRiskConfig();
    expect(c.limitsVersion).toBe(0);
    expect(c.src).toBe('risk-gate');
    expect(c.instrumentDefaults).toEqual({
      maxPositionQty: Infinity,
      maxPositionNotional: Infinity,
      maxOrderNotional: Infinity,
      priceCollarBps: Infinity,
      maxMarkAgeMs: DEFAULT_MAX_MARK_AGE_MS,
    });
    expect(c.defaultStrategy).toBeNull();
    expect(c.maxGrossExposure).toBe(Infinity);
    expect(c.portfolioDrawdown).toEqual({ reduceOnlyAtPct: Infinity, haltAtPct: Infinity, liquidateAtPct: Infinity, window: 'all' });
    expect(DEFAULT_ORDER_RATE).toEqual({ maxApprovals: 60, windowMs: 60_000 });
  });

  it('per-instrument limits override the instrument defaults field by field; strategies inherit the shared drawdown and rate', () => {
    const c = resolveRiskConfig({
      instrumentDefaults: { maxPositionQty: 5, maxMarkAgeMs: 1000 },
      instruments: { 'BTC-USDT': { maxPositionQty: 2 } },
      drawdown: { reduceOnlyAtPct: 10 },
      orderRate: { maxApprovals: 3, windowMs: 1000 },
      strategies: { s1: { allocation: 1 }, s2: { allocation: 0.5, initialEquity: 100, drawdown: { haltAtPct: 30 } } },
    });
    expect(c.instruments.get('BTC-USDT')).toEqual({ ...c.instrumentDefaults, maxPositionQty: 2, maxMarkAgeMs: 1000 });
    expect(c.strategies.get('s1')).toEqual({
      allocation: 1,
      initialEquity: NaN,
      drawdown: { reduceOnlyAtPct: 10, haltAtPct: Infinity, liquidateAtPct: Infinity, window: 'all' },
      orderRate: { maxApprovals: 3, windowMs: 1000 },
    });
    expect(c.strategies.get('s2')?.drawdown).toEqual({ reduceOnlyAtPct: Infinity, haltAtPct: 30, liquidateAtPct: Infinity, window: 'all' });
    expect(resolveRiskConfig({ portfolioDrawdown: { haltAtPct: 1, liquidateAtPct: 2, window: 'day' } }).portfolioDrawdown).toEqual({
      reduceOnlyAtPct: Infinity,
      haltAtPct: 1,
      liquidateAtPct: 2,
      window: 'day',
    });
  });

  it.each<[string, RiskConfigInput, string]>([
    ['a negative allocation', { strategies: { s1: { allocation: -1 } } }, '/strategies/s1/allocation'],
    ['a strategy id that is not an id', { strategies: { 'bad id': { allocation: 1 } } }, '/strategies/bad id'],
    ['an unknown field', { maxPosition: 3 } as RiskConfigInput, '/maxPosition'],
    ['a zero limit', { instrumentDefaults: { maxOrderNotional: 0 } }, '/instrumentDefaults/maxOrderNotional'],
    ['reduce-only beyond the halt', { portfolioDrawdown: { reduceOnlyAtPct: 30, haltAtPct: 20 } }, '/portfolioDrawdown/reduceOnlyAtPct'],
    ['the halt beyond the liquidation', { strategies: { s1: { allocation: 1, drawdown: { haltAtPct: 5, liquidateAtPct: 2 } } } }, '/strategies/s1/drawdown/haltAtPct'],
    ['reduce-only beyond the liquidation', { drawdown: { reduceOnlyAtPct: 5, liquidateAtPct: 2 } }, '/drawdown/reduceOnlyAtPct'],
    ['a window that is not all or day', { drawdown: { window: 'week' } } as unknown as RiskConfigInput, '/drawdown/window'],
    ['a fractional rate', { orderRate: { maxApprovals: 1.5, windowMs: 10 } }, '/orderRate/maxApprovals'],
  ])('rejects %s, naming where', (_what, input, path) => {
    let error: unknown;
    try {
      resolveRiskConfig(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RiskConfigError);
    expect((error as RiskConfigError).issues.map((i) => i.path)).toContain(path);
    expect((error as Error).message).toContain(`risk config is invalid: ${path}`);
  });
});
