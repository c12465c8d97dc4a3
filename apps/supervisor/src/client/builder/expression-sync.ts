// The expression view and the canvas edit the same strategy. Graph -> text uses the DSL's printer
// (graphToSpec); text -> graph its compiler (specToGraph). Each direction either succeeds or says why,
// and the other view is left as it was until the edit is valid again.
import { graphToSpec, specToGraph, type SizingSpec, type StrategyGraph, type StrategyRules } from '@helios/strategy-dsl';
import { layoutPositions } from './graph-canvas';

export interface ExpressionText {
  entry: string;
  exit: string;
  /** Proportional sizing: the signal expression. */
  signal: string;
  sizing: SizingSpec;
}

export type SyncResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function expressionsOfGraph(graph: StrategyGraph): SyncResult<ExpressionText> {
  try {
    const rules = graphToSpec(graph);
    return { ok: true, value: { entry: rules.entry ?? '', exit: rules.exit ?? '', signal: rules.signal ?? '', sizing: rules.sizing } };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/**
 * The graph of edited expressions, keeping the graph's name and parameters, and the canvas positions of
 * nodes whose ids survive (the compiler names nodes deterministically: `sma1`, `crossUp1`, ...).
 */
export function graphOfExpressions(text: ExpressionText, previous: StrategyGraph): SyncResult<StrategyGraph> {
  const rules: StrategyRules = { sizing: text.sizing };
  if (previous.name !== undefined) rules.name = previous.name;
  if (previous.description !== undefined) rules.description = previous.description;
  if (previous.params !== undefined) rules.params = previous.params;
  if (previous.constraints !== undefined && previous.constraints.length > 0) rules.constraints = previous.constraints;
  if (text.sizing.mode === 'proportional') rules.signal = text.signal.trim();
  else {
    rules.entry = text.entry.trim();
    if (text.exit.trim() !== '') rules.exit = text.exit.trim();
  }
  try {
    const graph = specToGraph(rules);
    const kept = new Map(previous.nodes.flatMap((n) => (n.position !== undefined ? [[n.id, n.position] as const] : [])));
    const laid = layoutPositions(graph);
    return { ok: true, value: { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: kept.get(n.id) ?? laid.get(n.id) })) } };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}
