import { Type, type Static } from 'typebox';
import { BOUNDED_ID_PATTERN, TIMEFRAME_PATTERN } from '../primitives';

const StrategyId = Type.String({ pattern: BOUNDED_ID_PATTERN });

/** The portfolio's configuration (`PortfolioConfig` of libs/domain/portfolio; KV key `service.portfolio`). */
export const PortfolioConfigSchema = Type.Object(
  {
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    initialCapital: Type.Optional(Type.Record(StrategyId, Type.Number({ minimum: 0 }))),
    defaultCapital: Type.Optional(Type.Number({ minimum: 0 })),
    recordCurve: Type.Optional(Type.Boolean()),
    timeframe: Type.Optional(Type.String({ pattern: TIMEFRAME_PATTERN })),
    // On unless set: a replay of a backtest turns it off, as the backtest does.
    emitEveryBar: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type PortfolioConfigInput = Static<typeof PortfolioConfigSchema>;
