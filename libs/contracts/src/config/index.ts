// Every service's configuration schema in one place (KV `helios-config` key `service.<name>`): the
// services validate with them, and the supervisor serves and checks them without importing apps.
import type { TSchema } from 'typebox';
import { IndicatorsConfigSchema } from './indicators';
import { OrdersConfigSchema } from './order-engine';
import { ExchangeConfigSchema } from './paper-exchange';
import { PortfolioConfigSchema } from './portfolio';
import { RiskConfigSchema } from './risk-gate';
import { StrategyRunnerConfigSchema } from './strategy-runner';

export * from './indicators';
export * from './order-engine';
export * from './paper-demo';
export * from './paper-exchange';
export * from './portfolio';
export * from './risk-gate';
export * from './strategy-runner';

/**
 * By service name. market-data has none: a feed is chosen by its command-line flags (ADR 0009)
 * and takes only stop / pause / resume.
 */
export const SERVICE_CONFIG_SCHEMAS: Readonly<Record<string, TSchema>> = {
  indicators: IndicatorsConfigSchema,
  'order-engine': OrdersConfigSchema,
  'paper-exchange': ExchangeConfigSchema,
  portfolio: PortfolioConfigSchema,
  'risk-gate': RiskConfigSchema,
  'strategy-runner': StrategyRunnerConfigSchema,
};
