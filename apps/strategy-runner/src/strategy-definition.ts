// The definition schema is shared with the supervisor's gateway (which validates before it writes KV),
// so it lives in the strategy domain library.
export {
  buildStrategyDecider,
  coreOf,
  parseStrategyDefinition,
  StrategyDefinitionError,
  StrategyDefinitionSchema,
  strategyKey,
  type StrategyDeciderOf,
  type StrategyDefinition,
} from '@helios/domain-strategy';
