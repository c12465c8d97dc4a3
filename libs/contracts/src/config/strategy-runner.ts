import { Type, type Static } from 'typebox';

/**
 * The strategy runner's shell configuration: the definitions it serves by strategy id. It is built
 * from the KV `strategy.<id>` keys the runner watches (each checked against the strategy definition
 * schema of libs/domain/strategy), never written as `service.strategy-runner`.
 */
export const StrategyRunnerConfigSchema = Type.Object(
  { strategies: Type.Record(Type.String(), Type.Object({}, { additionalProperties: true })) },
  { additionalProperties: false },
);

export type StrategyRunnerConfigInput = Static<typeof StrategyRunnerConfigSchema>;
