import type { IndicatorsConfig } from '@helios/contracts';

// The schema is in libs/contracts/src/config/indicators.ts (shared with the supervisor); the defaults are the service's.
export const DEFAULT_INDICATORS: readonly string[] = ['sma:20', 'ema:20', 'rsi:14', 'macd:12:26:9', 'bbands:20:2'];

export const DEFAULT_INDICATORS_CONFIG: IndicatorsConfig = { indicators: [...DEFAULT_INDICATORS] };
