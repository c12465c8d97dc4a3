import { Type, type Static } from 'typebox';
import { TIMEFRAME_PATTERN } from '../primitives';

/** Configuration of the indicators service (KV `helios-config` key `service.indicators`). */
export const IndicatorsConfigSchema = Type.Object(
  {
    indicators: Type.Optional(
      Type.Array(Type.String({ pattern: '^[a-z]+(:[0-9.]+)+$', description: 'name:param:..., e.g. macd:12:26:9' }), { minItems: 1, maxItems: 100, uniqueItems: true }),
    ),
    timeframes: Type.Optional(Type.Array(Type.String({ pattern: TIMEFRAME_PATTERN }), { maxItems: 20, description: 'Only candles of these timeframes (default: all).' })),
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);

export type IndicatorsConfig = Static<typeof IndicatorsConfigSchema>;
