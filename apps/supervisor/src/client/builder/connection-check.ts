// Whether a new link between two ports may exist. The port types come from the DSL (inputPorts /
// outputPorts), and the candidate graph is run through the DSL's own validateGraph, so the canvas
// refuses exactly what the strategy runner would refuse (type mismatches, cycles, unknown ports).
import { inputPorts, outputPorts, parseInputRef, validateGraph, type GraphNode, type StrategyGraph } from '@helios/strategy-dsl';
import { inputRef } from './graph-canvas';

export interface Link {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

const LINK_RULES = new Set(['typeMismatch', 'cycle', 'unknownPort', 'unknownInput', 'unknownNode']);

/** Why the link is refused, or null when it may be made (it replaces what the input port read before). */
export function linkProblem(graph: StrategyGraph, link: Link): string | null {
  const source = graph.nodes.find((n) => n.id === link.source);
  const target = graph.nodes.find((n) => n.id === link.target);
  if (!source || !target) return 'both ends must be blocks on the canvas';
  if (source.id === target.id) return `a block cannot read its own output ("${source.id}")`;
  const outPort = outputPorts(source).find((p) => p.name === (link.sourceHandle ?? 'value'));
  const inPort = inputPorts(target).find((p) => p.name === link.targetHandle);
  if (!outPort) return `"${source.id}" has no output "${link.sourceHandle ?? 'value'}"`;
  if (!inPort) return `"${target.id}" has no input "${link.targetHandle ?? ''}"`;
  if (outPort.type !== inPort.type) {
    return `${target.id}.${inPort.name} takes a ${inPort.type} series, but ${source.id}${outPort.name === 'value' ? '' : `.${outPort.name}`} gives a ${outPort.type} series`;
  }
  if (readsFrom(graph, source.id, target.id)) return `${source.id} already depends on ${target.id}: this link would close a cycle`;
  const candidate = withLink(graph, target, inPort.name, inputRef(source.id, outPort.name));
  const issue = validateGraph(candidate).find((i) => LINK_RULES.has(i.rule) && (i.rule === 'cycle' || i.nodeId === target.id));
  return issue ? issue.message : null;
}

/** Whether `node` reads (directly or through other nodes) the output of `upstream`. */
function readsFrom(graph: StrategyGraph, node: string, upstream: string): boolean {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const stack = [node];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (id === upstream) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = byId.get(id);
    if (n && 'inputs' in n && n.inputs) for (const ref of Object.values(n.inputs)) stack.push(parseInputRef(ref).node);
  }
  return false;
}

function withLink(graph: StrategyGraph, target: GraphNode, port: string, ref: string): StrategyGraph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.id === target.id ? ({ ...n, inputs: { ...('inputs' in n ? n.inputs : {}), [port]: ref } } as GraphNode) : n)),
  };
}
