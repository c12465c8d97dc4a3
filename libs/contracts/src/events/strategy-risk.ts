import { Type, type Static } from 'typebox';
import type { Problem } from '../issues';
import { EpochMs, Finite, Id, Instrument, payloadOptions, Text } from '../primitives';

export const TargetSchema = Type.Object(
  {
    instrument: Instrument(),
    qty: Type.Optional(Finite('Signed target position in units: > 0 long, < 0 short, 0 flat.')),
    weight: Type.Optional(
      Type.Number({
        minimum: -10,
        maximum: 10,
        description: "Target as a fraction of the strategy's equity: 1 all-in long, 0 flat, -1 all-in short.",
      }),
    ),
    reason: Type.Optional(Text(256)),
  },
  { additionalProperties: false },
);
export type Target = Static<typeof TargetSchema>;

const Targets = () => Type.Array(TargetSchema, { minItems: 1, maxItems: 1000 });

export const StrategyIntentSchema = Type.Object(
  { strategyId: Id('Strategy id.'), targets: Targets(), barTime: EpochMs('Open time of the bar that produced the intent.') },
  payloadOptions('strategy.intent', 1, 'The target position a strategy wants per instrument.'),
);
export type StrategyIntentPayload = Static<typeof StrategyIntentSchema>;

/**
 * Two targets for one instrument in one message would make the intent ambiguous, and so would a
 * target that gives both (or neither) of a quantity and a weight.
 */
export function targetProblems(p: { targets: readonly Target[] }): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  p.targets.forEach((t, i) => {
    if (seen.has(t.instrument)) {
      problems.push({ path: `/targets/${i}/instrument`, rule: 'uniqueInstrument', detail: `instrument ${t.instrument} appears more than once` });
    }
    seen.add(t.instrument);
    if ((t.qty === undefined) === (t.weight === undefined)) {
      problems.push({ path: `/targets/${i}`, rule: 'qtyXorWeight', detail: 'a target gives exactly one of qty (units) and weight (fraction of equity)' });
    }
  });
  return problems;
}

export const RiskApprovedSchema = Type.Object(
  {
    strategyId: Id(),
    targets: Targets(),
    limitsVersion: Type.Optional(Type.Integer({ minimum: 0, description: 'Revision of the limits config applied.' })),
  },
  payloadOptions('risk.approved', 1, 'Targets the risk gate let through (possibly reduced).'),
);
export type RiskApprovedPayload = Static<typeof RiskApprovedSchema>;

export const RiskReasonSchema = Type.Object(
  { rule: Id('Risk rule that fired, e.g. `maxPosition`.'), message: Text(), limit: Type.Optional(Finite()), value: Type.Optional(Finite()) },
  { additionalProperties: false },
);
export type RiskReason = Static<typeof RiskReasonSchema>;

export const RiskRejectedSchema = Type.Object(
  {
    strategyId: Id(),
    instrument: Instrument(),
    requestedQty: Type.Optional(Finite('The signed target quantity that was refused.')),
    requestedWeight: Type.Optional(Finite('The target weight that was refused.')),
    reasons: Type.Array(RiskReasonSchema, { minItems: 1, maxItems: 100 }),
  },
  payloadOptions('risk.rejected', 1, 'A target the risk gate refused, with every rule that refused it.'),
);
export type RiskRejectedPayload = Static<typeof RiskRejectedSchema>;

export const RiskHaltSchema = Type.Object(
  { halted: Type.Boolean(), reason: Text(), by: Text(128, 'Who or what set the halt: a user, or a rule.') },
  payloadOptions('risk.halt', 1, 'Global trading halt switched on or off.'),
);
export type RiskHaltPayload = Static<typeof RiskHaltSchema>;

export const RiskViolationSchema = Type.Object(
  {
    strategyId: Type.Optional(Id('Absent for portfolio-wide violations.')),
    rule: Id(),
    message: Text(),
    value: Finite(),
    limit: Finite(),
    action: Type.Enum(['warn', 'reduce-only', 'halt']),
  },
  payloadOptions('risk.violation', 1, 'A limit breached by the live portfolio and the action taken.'),
);
export type RiskViolationPayload = Static<typeof RiskViolationSchema>;
