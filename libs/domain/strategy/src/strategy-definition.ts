import { Type, type Static } from 'typebox';
import { BOUNDED_ID_PATTERN, schemaIssues, TIMEFRAME_PATTERN } from '@helios/contracts';
import { strategyDecider, type StrategyInput, type StrategyOutput, type StrategyState } from './strategy-decider';
import type { Decider } from '@helios/domain-core';
import { instantiateTemplate, type StrategyGraph, type StrategySpec } from '@helios/strategy-dsl';

const ID = BOUNDED_ID_PATTERN;

/**
 * KV `helios-config` key `strategy.<id>`: what the strategy-runner runs and the supervisor's
 * "add / replace strategy" checks, one schema for both (hence a library, not the runner app).
 */
export const StrategyDefinitionSchema = Type.Object(
  {
    id: Type.String({ pattern: ID }),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    spec: Type.Optional(Type.Object({}, { additionalProperties: true })),
    graph: Type.Optional(Type.Object({}, { additionalProperties: true })),
    params: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.Number())),
    instruments: Type.Array(Type.String({ pattern: ID }), { minItems: 1, maxItems: 1000, uniqueItems: true }),
    timeframe: Type.String({ pattern: TIMEFRAME_PATTERN }),
    paused: Type.Optional(Type.Boolean()),
    /** Stopped by the user: no runner runs it (a dedicated runner exits 0), across restarts, until started again. */
    stopped: Type.Optional(Type.Boolean()),
    killSwitch: Type.Optional(Type.Boolean()),
    maxIntentsPerMinute: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type StrategyDefinition = Static<typeof StrategyDefinitionSchema>;

export class StrategyDefinitionError extends Error {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`helios-config key ${key}: ${detail}`);
    this.name = 'StrategyDefinitionError';
  }
}

export const strategyKey = (id: string) => `strategy.${id}`;

/** Checks a definition read from KV and that it builds; the error names the key and every problem. */
export function parseStrategyDefinition(key: string, raw: unknown): StrategyDefinition {
  const issues = schemaIssues(StrategyDefinitionSchema, raw);
  if (issues.length > 0) throw new StrategyDefinitionError(key, issues.map((i) => i.message).join('; '));
  const def = raw as StrategyDefinition;
  if (strategyKey(def.id) !== key) throw new StrategyDefinitionError(key, `id ${JSON.stringify(def.id)} does not match the key (expected ${key.slice('strategy.'.length)})`);
  const sources = (['template', 'spec', 'graph'] as const).filter((k) => def[k] !== undefined);
  if (sources.length !== 1) throw new StrategyDefinitionError(key, `give exactly one of template, spec and graph (got ${sources.length === 0 ? 'none' : sources.join(', ')})`);
  try {
    buildStrategyDecider(def);
  } catch (err) {
    throw new StrategyDefinitionError(key, (err as Error).message);
  }
  return def;
}

export type StrategyDeciderOf = Decider<StrategyState, StrategyInput, StrategyOutput>;

export function buildStrategyDecider(def: StrategyDefinition): StrategyDeciderOf {
  const common = { strategyId: def.id, instruments: def.instruments, timeframe: def.timeframe };
  if (def.template !== undefined) {
    const { graph } = instantiateTemplate(def.template, { params: def.params ?? {}, instruments: def.instruments, timeframe: def.timeframe });
    return strategyDecider({ ...common, graph });
  }
  if (def.spec !== undefined) return strategyDecider({ ...common, spec: def.spec as unknown as StrategySpec, params: def.params ?? {} });
  return strategyDecider({ ...common, graph: def.graph as unknown as StrategyGraph, params: def.params ?? {} });
}

/** What decides the intents: everything but the run-time switches. A change here rebuilds the strategy. */
export function coreOf(def: StrategyDefinition): string {
  const { paused: _p, stopped: _s, killSwitch: _k, maxIntentsPerMinute: _m, ...core } = def;
  return JSON.stringify(core);
}
