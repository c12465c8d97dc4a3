import { LIMITS_KEY } from '../config-keys';

/**
 * The paper-trading demo: what `tools/up` (the node agent's demo plan) and the chaos drill both write
 * to KV `helios-config`, so the drill exercises exactly the system users start.
 */
export const DEMO_STRATEGIES = [
  { id: 'sma-cross', template: 'sma-cross', params: { fast: 10, slow: 30 } },
  { id: 'mean-reversion', template: 'mean-reversion', params: {} },
] as const;
export const DEMO_SYMBOL = 'BTC-PERP';
export const DEMO_TF = '1m';
export const DEMO_ACCOUNT = 'paper';
const CAPITAL = 10_000;

export interface DemoStrategy {
  readonly id: string;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
}

/** KV `helios-config` entries (key -> JSON value): the strategies, the risk limits and the services' settings. */
export function paperDemoConfig(strategies: readonly DemoStrategy[] = DEMO_STRATEGIES): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const s of strategies) config[`strategy.${s.id}`] = { id: s.id, template: s.template, params: s.params, instruments: [DEMO_SYMBOL], timeframe: DEMO_TF };
  // No limitsVersion: the risk gate versions the limits by the key's revision.
  config[LIMITS_KEY] = {
    strategies: Object.fromEntries(strategies.map((s) => [s.id, { allocation: 1, initialEquity: CAPITAL }])),
    instrumentDefaults: { priceCollarBps: 1_000 },
    // Limits the demo stays well inside (two strategies all-in are a multiple of ~1; the demo's
    // drawdowns are a fraction of a percent), so it trades as without them, while the Orders & risk
    // page and the board show their usage: capital protection is visible from the first minute. A
    // strategy losing 5 % within a UTC day (event time) is flattened by the gate and sits out the day.
    maxGrossExposureMultiple: 2,
    portfolioDrawdown: { reduceOnlyAtPct: 5, haltAtPct: 10, liquidateAtPct: 15 },
    drawdown: { liquidateAtPct: 5, window: 'day' },
  };
  config['service.order-engine'] = { account: DEMO_ACCOUNT, initialCapital: CAPITAL, defaultLotSize: 0.0001 };
  config['service.paper-exchange'] = { fillOn: 'bar-open', defaultInstrument: { lotSize: 0.0001 } };
  // Each strategy's capital from the first bar, as risk.limits states it: the portfolio's equity
  // (pnl.global, the board's global P&L, the base of the portfolio limits) counts every strategy
  // before it trades. With only defaultCapital a strategy's book would start at its first fill.
  config['service.portfolio'] = { initialCapital: Object.fromEntries(strategies.map((s) => [s.id, CAPITAL])), defaultCapital: CAPITAL, recordCurve: false };
  return config;
}
