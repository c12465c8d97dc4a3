import { createExchangeDecider } from '@helios/domain-exchange';
import type { ServiceDecider, ServiceProcessSpec } from '@helios/nest';
import type { ExchangeState } from '@helios/domain-exchange';
import { ExchangeConfigSchema } from '@helios/contracts';
import { DEFAULT_EXCHANGE_CONFIG, type ExchangeServiceConfig } from './exchange-config';
import { exchangeFromSnapshot, exchangeToSnapshot } from './exchange-snapshot';

export function paperExchangeDecider(config: ExchangeServiceConfig): ServiceDecider<ExchangeState> {
  return {
    ...createExchangeDecider(config),
    toSnapshot: exchangeToSnapshot,
    fromSnapshot: (json) => exchangeFromSnapshot(config, json),
    snapshotVersion: 1,
  };
}

/**
 * The paper venue: `order.new` -> `order.ack` / `order.reject`; closed candles (or ticks) ->
 * `order.fill` / `order.cancel`, by the exchange decider of libs/domain/exchange.
 */
export const paperExchangeService: ServiceProcessSpec<ExchangeState, ExchangeServiceConfig> = {
  name: 'paper-exchange',
  description: 'Paper venue: acks, rejects and fills orders against the market data (libs/domain/exchange).',
  decider: paperExchangeDecider,
  inputs: ['order.new', 'md.candle', 'md.tick'],
  configSchema: ExchangeConfigSchema,
  defaultConfig: DEFAULT_EXCHANGE_CONFIG,
  run: 'paper',
};
