import type { StrategyGraph } from '../graph/graph-schema';
import type { ParamValues } from '../graph/params';
import { compileGraph } from './compiler';
import type { EvaluatorKind, StrategyEvaluator } from './evaluator';
import { interpretGraph } from './interpreter';
import { buildPlan } from './plan';

/**
 * Validates and lowers a graph once, and returns a factory of fresh evaluators (one per
 * instrument). `compiled` (the default) generates and loads JavaScript once; `interpreted` walks the plan.
 */
export function createEvaluatorFactory(graph: StrategyGraph, params: ParamValues = {}, kind: EvaluatorKind = 'compiled'): () => StrategyEvaluator {
  const plan = buildPlan(graph, params);
  if (kind === 'interpreted') return () => interpretGraph(plan);
  const compiled = compileGraph(plan);
  return () => compiled.create();
}
