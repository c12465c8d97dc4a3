import { Type, type Static } from 'typebox';
import { BOUNDED_ID_PATTERN, TIMEFRAME_PATTERN } from '../primitives';

const InstrumentRulesSchema = Type.Object(
  {
    lotSize: Type.Number({ exclusiveMinimum: 0, description: 'Quantities are whole multiples of this (base units).' }),
    minNotional: Type.Optional(Type.Number({ minimum: 0, description: 'Smallest order notional in quote currency.' })),
    feeCurrency: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  },
  { additionalProperties: false },
);

/** The paper venue's configuration (`ExchangeConfig` of libs/domain/exchange; KV key `service.paper-exchange`). */
export const ExchangeConfigSchema = Type.Object(
  {
    src: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    fillOn: Type.Optional(Type.Union([Type.Literal('bar-open'), Type.Literal('tick')])),
    latencyMs: Type.Optional(Type.Number({ minimum: 0 })),
    slippageBps: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 10_000 })),
    makerFeeBps: Type.Optional(Type.Number({ exclusiveMinimum: -10_000 })),
    takerFeeBps: Type.Optional(Type.Number({ exclusiveMinimum: -10_000 })),
    maxVolumeShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
    volumeUnit: Type.Optional(Type.Union([Type.Literal('base'), Type.Literal('quote')])),
    timeframe: Type.Optional(Type.String({ pattern: TIMEFRAME_PATTERN })),
    instruments: Type.Optional(Type.Record(Type.String({ pattern: BOUNDED_ID_PATTERN }), InstrumentRulesSchema)),
    defaultInstrument: Type.Optional(InstrumentRulesSchema),
  },
  { additionalProperties: false },
);

export type ExchangeConfigInput = Static<typeof ExchangeConfigSchema>;
