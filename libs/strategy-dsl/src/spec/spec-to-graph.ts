import type { GraphNode, StrategyGraph } from '../graph/graph-schema';
import { GraphValidationError, graphIssue } from '../graph/graph-issues';
import { resolveGraph } from '../graph/validate-graph';
import { ExpressionError } from '../expression/expression-error';
import { GraphBuilder, type TypedRef } from '../expression/graph-builder';
import { schemaIssues } from '../graph/schema-issues';
import { StrategyRulesSchema, StrategySpecSchema, type StrategyRules, type StrategySpec } from './strategy-spec';

/** Node ids of the two nodes a spec adds around its expressions. */
export const SIZING_NODE_ID = 'sizing';
export const TARGET_NODE_ID = 'target';

/**
 * Compiles a strategy spec (entry / exit or signal expressions, sizing, parameters) into a graph:
 * the expressions' nodes, one sizing node and one target node. Expression errors are
 * ExpressionErrors labelled with the expression (`exit expression at 1:7: ...`); the graph is
 * validated with the parameters' defaults before it is returned.
 */
export function specToGraph(rules: StrategyRules): StrategyGraph {
  const shape = schemaIssues(StrategyRulesSchema, rules, {});
  if (shape.length > 0) throw new GraphValidationError(shape, 'strategy spec');
  const mode = rules.sizing.mode;
  const problem = (field: string, detail: string) => new GraphValidationError([graphIssue('schema', { field }, detail)], 'strategy spec');
  if (mode === 'proportional') {
    if (rules.signal === undefined) throw problem('signal', 'the proportional sizing mode needs a "signal" expression');
    for (const field of ['entry', 'exit'] as const) {
      if (rules[field] !== undefined) throw problem(field, `the proportional sizing mode uses "signal", not "${field}"`);
    }
  } else {
    if (rules.entry === undefined) throw problem('entry', `the ${mode} sizing mode needs an "entry" expression`);
    if (rules.signal !== undefined) throw problem('signal', `the ${mode} sizing mode uses "entry" and "exit", not "signal"`);
  }

  const builder = new GraphBuilder(new Set(Object.keys(rules.params ?? {})));
  const compile = (source: string, label: string, type: 'boolean' | 'number'): string => {
    const result: TypedRef = builder.addExpression(source, label);
    if (result.type !== type) {
      const what = type === 'boolean' ? 'a condition (boolean series)' : 'a number series';
      throw new ExpressionError(`the ${label} must be ${what}, but it is a ${result.type} series`, source, 0, source.length, label);
    }
    return result.ref;
  };
  const inputs: Record<string, string> = {};
  if (mode === 'proportional') inputs['signal'] = compile(rules.signal as string, 'signal expression', 'number');
  else {
    inputs['entry'] = compile(rules.entry as string, 'entry expression', 'boolean');
    if (rules.exit !== undefined) inputs['exit'] = compile(rules.exit, 'exit expression', 'boolean');
  }
  const sizing = {
    kind: 'sizing' as const,
    mode,
    ...(rules.sizing.weight !== undefined ? { weight: rules.sizing.weight } : {}),
    ...(rules.sizing.scale !== undefined ? { scale: rules.sizing.scale } : {}),
    inputs,
  };
  const nodes: GraphNode[] = [...builder.nodes, { id: SIZING_NODE_ID, ...sizing }, { id: TARGET_NODE_ID, kind: 'target', inputs: { weight: SIZING_NODE_ID } }];
  const graph: StrategyGraph = {
    version: 1,
    ...(rules.name !== undefined ? { name: rules.name } : {}),
    ...(rules.description !== undefined ? { description: rules.description } : {}),
    ...(rules.params !== undefined ? { params: rules.params } : {}),
    ...(rules.constraints !== undefined ? { constraints: rules.constraints } : {}),
    nodes,
  };
  resolveGraph(graph);
  return graph;
}

/** Checks a whole spec (instruments and timeframe included) and compiles its rules. */
export function compileSpec(spec: StrategySpec): StrategyGraph {
  const shape = schemaIssues(StrategySpecSchema, spec, {});
  if (shape.length > 0) throw new GraphValidationError(shape, 'strategy spec');
  const { instruments: _instruments, timeframe: _timeframe, ...rules } = spec;
  return specToGraph(rules);
}
