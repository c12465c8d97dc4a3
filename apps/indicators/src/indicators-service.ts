import type { ServiceProcessSpec } from '@helios/nest';
import { IndicatorsConfigSchema, type IndicatorsConfig } from '@helios/contracts';
import { DEFAULT_INDICATORS_CONFIG } from './indicators-config';
import { indicatorsDecider, type IndicatorsState } from './indicators-decider';

/**
 * md.candle -> indicator.value for the configured indicators (libs/indicators). No snapshot hooks:
 * the state is the streaming indicators' windows, rebuilt by replaying the MD stream on start.
 */
export const indicatorsService: ServiceProcessSpec<IndicatorsState, IndicatorsConfig> = {
  name: 'indicators',
  description: 'Streaming indicators: md.candle -> indicator.value (default sma:20, ema:20, rsi:14, macd:12:26:9, bbands:20:2).',
  decider: indicatorsDecider,
  inputs: ['md.candle'],
  configSchema: IndicatorsConfigSchema,
  defaultConfig: DEFAULT_INDICATORS_CONFIG,
};
