import type { ExchangeConfigInput } from '@helios/contracts';
import type { ExchangeConfig } from '@helios/domain-exchange';

// The schema is in libs/contracts/src/config/paper-exchange.ts (shared with the supervisor); the defaults are the service's.
export type ExchangeServiceConfig = ExchangeConfigInput & ExchangeConfig;

/**
 * Paper trading defaults: every instrument trades in lots of 0.00001 (a crypto exchange's usual BTC
 * step), without fees or slippage, filled at the open of the next bar, like `helios backtest`.
 */
export const DEFAULT_EXCHANGE_CONFIG: ExchangeServiceConfig = {
  fillOn: 'bar-open',
  defaultInstrument: { lotSize: 0.00001 },
};
