import { Type, type Static } from 'typebox';
import { ParamConstraintSchema, ParamDeclsSchema, PARAM_REF_PATTERN, SIZING_MODES } from '../graph/graph-schema';

const Expression = (description: string) => Type.String({ minLength: 1, maxLength: 10_000, description });
const NumberOrParam = (description: string) => Type.Union([Type.Number(), Type.String({ pattern: PARAM_REF_PATTERN })], { description });

export const SizingSpecSchema = Type.Object(
  {
    mode: Type.Enum([...SIZING_MODES]),
    weight: Type.Optional(NumberOrParam('Fraction of equity per instrument (default 1 = all-in).')),
    scale: Type.Optional(NumberOrParam('Proportional mode: multiplier of the signal (default 1).')),
  },
  { additionalProperties: false },
);

const rules = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  entry: Type.Optional(Expression('Condition to go long (long-short: to go long).')),
  exit: Type.Optional(Expression('Condition to go flat (long-short: to go short).')),
  signal: Type.Optional(Expression('Proportional mode: the number to size by.')),
  sizing: SizingSpecSchema,
  params: Type.Optional(ParamDeclsSchema),
  constraints: Type.Optional(Type.Array(ParamConstraintSchema, { maxItems: 100 })),
};

/** A strategy as expressions: what `specToGraph` compiles and `graphToSpec` prints. */
export const StrategyRulesSchema = Type.Object(rules, { additionalProperties: false });

/** The rules plus where they run: one copy of the graph per instrument. */
export const StrategySpecSchema = Type.Object(
  {
    ...rules,
    instruments: Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' }), {
      minItems: 1,
      maxItems: 1000,
      uniqueItems: true,
    }),
    timeframe: Type.Optional(Type.String({ pattern: '^[1-9][0-9]*[smhdw]$', description: 'Only bars of this timeframe, e.g. `1m`.' })),
  },
  { additionalProperties: false, $id: 'strategy-spec@1' },
);

export type SizingSpec = Static<typeof SizingSpecSchema>;
export type StrategyRules = Static<typeof StrategyRulesSchema>;
export type StrategySpec = Static<typeof StrategySpecSchema>;
