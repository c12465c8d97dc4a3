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
  };
  config['service.order-engine'] = { account: DEMO_ACCOUNT, initialCapital: CAPITAL, defaultLotSize: 0.0001 };
  config['service.paper-exchange'] = { fillOn: 'bar-open', defaultInstrument: { lotSize: 0.0001 } };
  config['service.portfolio'] = { defaultCapital: CAPITAL, recordCurve: false };
  return config;
}
