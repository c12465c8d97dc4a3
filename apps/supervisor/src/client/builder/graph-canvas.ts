// The strategy graph (the DSL's JSON) and the React Flow canvas are two views of one thing: a node per
// graph node, an edge per filled input port. These functions convert both ways without losing anything
// the graph holds, so the canvas can be edited freely and saved back as a valid `strategy-graph@1`.
import type { Edge, Node } from '@xyflow/react';
import { inputPorts, parseInputRef, type GraphNode, type StrategyGraph } from '@helios/strategy-dsl';

export interface BlockData extends Record<string, unknown> {
  node: GraphNode;
}
export type BlockNode = Node<BlockData, 'block'>;
export type PortEdge = Edge;

/** The graph-level fields kept next to the canvas (name, params, constraints). */
export type GraphMeta = Omit<StrategyGraph, 'nodes'>;

// Blocks are up to ~220 px wide: columns leave room for the links between them.
const COLUMN = 290;
const ROW = 120;

/** `node` for a node's only output (`value`), `node.port` for a named one: the DSL's input reference. */
export function inputRef(source: string, sourcePort: string | null | undefined): string {
  return sourcePort === undefined || sourcePort === null || sourcePort === 'value' ? source : `${source}.${sourcePort}`;
}

export function edgeId(target: string, targetPort: string): string {
  return `${target}:${targetPort}`;
}

/** Inputs a node kind can have (price, constant and ml nodes have none). */
function inputsOf(node: GraphNode): Record<string, string> {
  return 'inputs' in node && node.inputs !== undefined ? node.inputs : {};
}

export function graphToCanvas(graph: StrategyGraph): { nodes: BlockNode[]; edges: PortEdge[] } {
  const positions = layoutPositions(graph);
  const nodes: BlockNode[] = graph.nodes.map((node) => ({
    id: node.id,
    type: 'block',
    position: node.position ?? positions.get(node.id) ?? { x: 0, y: 0 },
    data: { node: stripPosition(node) },
  }));
  const edges: PortEdge[] = [];
  for (const node of graph.nodes) {
    for (const [port, ref] of Object.entries(inputsOf(node))) {
      const { node: source, port: sourcePort } = parseInputRef(ref);
      edges.push({ id: edgeId(node.id, port), source, sourceHandle: sourcePort ?? 'value', target: node.id, targetHandle: port });
    }
  }
  return { nodes, edges };
}

/** The graph the canvas shows: node order kept, inputs rebuilt from the edges, positions from the canvas. */
export function canvasToGraph(meta: GraphMeta, nodes: readonly BlockNode[], edges: readonly PortEdge[]): StrategyGraph {
  const inputs = new Map<string, Record<string, string>>();
  for (const e of edges) {
    if (e.targetHandle === null || e.targetHandle === undefined) continue;
    const forNode = inputs.get(e.target) ?? {};
    forNode[e.targetHandle] = inputRef(e.source, e.sourceHandle);
    inputs.set(e.target, forNode);
  }
  const graphNodes = nodes.map((n): GraphNode => {
    const node = { ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } } as GraphNode;
    if (takesInputs(node)) (node as { inputs?: Record<string, string> }).inputs = inputs.get(n.id) ?? {};
    return node;
  });
  return { ...meta, version: 1, nodes: graphNodes };
}

/** Whether the node carries an `inputs` object (required by the schema for every kind with ports; a bar indicator has none). */
function takesInputs(node: GraphNode): boolean {
  if (node.kind === 'price' || node.kind === 'constant' || node.kind === 'ml') return false;
  return node.kind !== 'indicator' || inputPorts(node).length > 0;
}

function stripPosition(node: GraphNode): GraphNode {
  const { position: _position, ...rest } = node;
  return rest as GraphNode;
}

/**
 * Positions for nodes that have none (a graph compiled from expressions): columns by depth from the
 * inputs, rows in graph order, so data flows left to right into the target.
 */
export function layoutPositions(graph: StrategyGraph): Map<string, { x: number; y: number }> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    if (!node || visiting.has(id)) return 0;
    visiting.add(id);
    const sources = Object.values(inputsOf(node)).map((ref) => parseInputRef(ref).node);
    const d = sources.length === 0 ? 0 : 1 + Math.max(...sources.map(depthOf));
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const out = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const d = depthOf(node.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(node.id, { x: d * COLUMN, y: row * ROW });
  }
  return out;
}

/** A node id not used yet: `sma1`, `sma2`, ... (ids are identifiers: the expression printer names nodes so). */
export function freshNodeId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const stem = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^[^A-Za-z_]/, 'n');
  for (let i = 1; ; i++) if (!used.has(`${stem}${i}`)) return `${stem}${i}`;
}
