import { Type, type Static } from 'typebox';
import { ID_PATTERN } from '../primitives';

/*
 * Limits of the risk gate (KV `helios-config` key `risk.limits`; the gate's own `service.risk-gate`
 * takes the same shape). Every limit is optional; an absent limit is "off". The meaning of each
 * limit, and how an unconfigured gate fails closed, is in libs/domain/risk/src/risk-config.ts.
 */

const Positive = (description: string) => Type.Number({ exclusiveMinimum: 0, description });
const Percent = (description: string) => Type.Number({ exclusiveMinimum: 0, maximum: 100, description });

export const RiskDrawdownLimitsSchema = Type.Object(
  {
    reduceOnlyAtPct: Type.Optional(Percent('From this drawdown (percent below the equity peak) only targets that reduce |position| pass.')),
    haltAtPct: Type.Optional(Percent('From this drawdown only flattening targets pass.')),
    liquidateAtPct: Type.Optional(
      Percent('At this drawdown the risk gate flattens every position in scope itself (approved targets of 0, no intent needed); only flattening targets pass.'),
    ),
    window: Type.Optional(
      Type.Enum(['all', 'day'], {
        description:
          "Which peak the drawdown is measured from: `all` (default) the highest equity ever seen; `day` the highest since the UTC day began (event time), the day's opening equity included.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const RiskOrderRateSchema = Type.Object(
  {
    maxApprovals: Type.Integer({ minimum: 1, maximum: 100_000, description: 'Approvals allowed per strategy within the window.' }),
    windowMs: Type.Integer({ minimum: 1, description: 'Rolling window of event time, ms.' }),
  },
  { additionalProperties: false },
);

export const RiskInstrumentLimitsSchema = Type.Object(
  {
    maxPositionQty: Type.Optional(Positive('Largest |net position| in units, summed over strategies.')),
    maxPositionNotional: Type.Optional(Positive('Largest |net position| x last mark.')),
    maxOrderNotional: Type.Optional(Positive('Largest |target - position| x last mark of one strategy.')),
    priceCollarBps: Type.Optional(Positive('Largest move of the last mark against the mark before it, in bps.')),
    maxMarkAgeMs: Type.Optional(Type.Integer({ minimum: 0, description: 'Oldest usable mark, in ms of event time before the intent.' })),
  },
  { additionalProperties: false },
);

export const RiskStrategySchema = Type.Object(
  {
    allocation: Type.Number({ minimum: 0, maximum: 10, description: "Multiplier of the strategy's targets (the multiplexer weight)." }),
    initialEquity: Type.Optional(Positive('Equity assumed until the first pnl.update of the strategy.')),
    drawdown: Type.Optional(RiskDrawdownLimitsSchema),
    orderRate: Type.Optional(RiskOrderRateSchema),
  },
  { additionalProperties: false },
);

const IdKey = () => Type.String({ pattern: ID_PATTERN });

export const RiskConfigSchema = Type.Object(
  {
    limitsVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'Copied into risk.approved.limitsVersion.' })),
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    strategies: Type.Optional(Type.Record(IdKey(), RiskStrategySchema, { additionalProperties: false })),
    defaultStrategy: Type.Optional(RiskStrategySchema),
    instruments: Type.Optional(Type.Record(IdKey(), RiskInstrumentLimitsSchema, { additionalProperties: false })),
    instrumentDefaults: Type.Optional(RiskInstrumentLimitsSchema),
    maxGrossExposure: Type.Optional(Positive('Largest sum over instruments of |net position| x mark.')),
    maxGrossExposureMultiple: Type.Optional(Positive('Largest gross exposure as a multiple of portfolio equity.')),
    orderRate: Type.Optional(RiskOrderRateSchema),
    drawdown: Type.Optional(RiskDrawdownLimitsSchema),
    portfolioDrawdown: Type.Optional(RiskDrawdownLimitsSchema),
  },
  { additionalProperties: false },
);

/** The config as written by a user (JSON, `helios-config` KV): everything optional. */
export type RiskConfigInput = Static<typeof RiskConfigSchema>;
