import type { SizingNode, StrategyGraph } from '../graph/graph-schema';
import { resolveGraph } from '../graph/validate-graph';
import { printExpression } from '../expression/print-expression';
import type { StrategyRules } from './strategy-spec';

/**
 * Prints a graph back as a spec: the target must read a sizing node, whose inputs become the
 * entry / exit (or signal) expressions. A UI keeps its expression view in sync with this.
 * Throws for a graph that is valid but not of that shape (e.g. a target fed by arithmetic).
 */
export function graphToSpec(graph: StrategyGraph): StrategyRules {
  const resolved = resolveGraph(graph);
  const weight = resolved.target.inputs.get('weight');
  const sizingNode = weight ? resolved.byId.get(weight.nodeId)?.node : undefined;
  if (!sizingNode || sizingNode.kind !== 'sizing') {
    const name = graph.name === undefined ? 'the graph' : `graph "${graph.name}"`;
    throw new Error(`${name} cannot be printed as a spec: its target node "${resolved.target.node.id}" must read a sizing node`);
  }
  const sizing: SizingNode = sizingNode;
  const print = (port: string) => {
    const ref = sizing.inputs[port];
    return ref === undefined ? undefined : printExpression(graph, ref);
  };
  const expressions: Partial<StrategyRules> = {};
  for (const port of ['entry', 'exit', 'signal'] as const) {
    const text = print(port);
    if (text !== undefined) expressions[port] = text;
  }
  return {
    ...(graph.name !== undefined ? { name: graph.name } : {}),
    ...(graph.description !== undefined ? { description: graph.description } : {}),
    ...expressions,
    sizing: {
      mode: sizing.mode,
      ...(sizing.weight !== undefined ? { weight: sizing.weight } : {}),
      ...(sizing.scale !== undefined ? { scale: sizing.scale } : {}),
    },
    ...(graph.params !== undefined ? { params: graph.params } : {}),
    ...(graph.constraints !== undefined ? { constraints: graph.constraints } : {}),
  };
}
