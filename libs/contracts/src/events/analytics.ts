import { Type, type Static } from 'typebox';
import { EpochMs, Id, MarketSymbol, NamedNumbers, payloadOptions, ScalarParams, Timeframe } from '../primitives';

export const IndicatorValueSchema = Type.Object(
  {
    name: Id('Indicator name, e.g. `rsi`.'),
    version: Type.Integer({ minimum: 1, description: 'Indicator implementation version: the `v<k>` subject token.' }),
    params: ScalarParams(),
    symbol: MarketSymbol(),
    tf: Timeframe(),
    barTime: EpochMs('Open time of the bar the value was computed on.'),
    values: NamedNumbers(1),
  },
  payloadOptions('indicator.value', 1, 'Output of one indicator for one bar; an indicator may emit several named lines.'),
);
export type IndicatorValuePayload = Static<typeof IndicatorValueSchema>;

export const MlAdviceSchema = Type.Object(
  {
    model: Id('Model name.'),
    symbol: MarketSymbol(),
    score: Type.Number({ minimum: -1, maximum: 1, description: '-1 strongly bearish .. 1 strongly bullish.' }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    horizon: Type.Optional(Timeframe()),
    features: Type.Optional(NamedNumbers()),
  },
  payloadOptions('ml.advice', 1, 'Advisory model output; strategies may use it, nothing acts on it directly.'),
);
export type MlAdvicePayload = Static<typeof MlAdviceSchema>;
