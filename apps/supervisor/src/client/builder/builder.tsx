'use client';
// The strategy builder: palette | canvas | sidebar (block form, parameters, expressions), and under it
// the backtest of what is on the canvas. The canvas is the source of truth; the graph JSON is derived
// from it (canvasToGraph) for validation, the expression view, backtests and deployment.
import { useCallback, useMemo, useState, type DragEvent } from 'react';
import {
  addEdge,
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import { instantiateTemplate, validateGraph, type GraphNode, type StrategyGraph } from '@helios/strategy-dsl';
import type { BacktestRequest, DataFile, LiveInstrument, RunDetail } from '../../shared/api';
import { BacktestPanel } from './backtest-panel';
import { BlockForm, ParamsForm } from './block-form';
import { BlockNodeView } from './block-node';
import { linkProblem } from './connection-check';
import { ExpressionView } from './expression-view';
import { canvasToGraph, edgeId, freshNodeId, graphToCanvas, type BlockNode, type GraphMeta } from './graph-canvas';
import { idStem, paletteBlock } from './palette';
import { BLOCK_MIME, PalettePanel, TEMPLATE_MIME } from './palette-panel';
import { DeployPanel } from './deploy-panel';

export interface BuilderServices {
  dataFiles(): Promise<DataFile[]>;
  /** GET /api/v1/instruments: what the live feeds publish, most candles first (the deploy form's default). */
  instruments(): Promise<LiveInstrument[]>;
  runBacktest(request: BacktestRequest): Promise<RunDetail>;
  /** POST /api/v1/strategies: the definition as the strategy runner reads it from KV. */
  deploy(definition: Record<string, unknown>): Promise<void>;
}

const NODE_TYPES = { block: BlockNodeView };
const EMPTY_META: GraphMeta = { version: 1, name: 'my-strategy' };
export const EMPTY_CANVAS = 'empty canvas: drag a template or blocks onto it, or write the expressions';

/** A template as the canvas's starting point: its graph with the parameters as declared defaults. */
export function templateGraph(name: string): StrategyGraph {
  return instantiateTemplate(name, { instruments: ['X'] }).graph;
}

export function Builder(props: { services: BuilderServices; initialTemplate?: string }) {
  return (
    <ReactFlowProvider>
      <BuilderInner {...props} />
    </ReactFlowProvider>
  );
}

function BuilderInner({ services, initialTemplate }: { services: BuilderServices; initialTemplate?: string }) {
  const initial = useMemo(() => (initialTemplate ? templateGraph(initialTemplate) : undefined), [initialTemplate]);
  const start = useMemo(() => (initial ? graphToCanvas(initial) : { nodes: [], edges: [] }), [initial]);
  const [meta, setMeta] = useState<GraphMeta>(() => (initial ? metaOf(initial) : EMPTY_META));
  const [nodes, setNodes, onNodesChange] = useNodesState<BlockNode>(start.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(start.edges);
  const [selected, setSelected] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [paramValues, setParamValues] = useState<Record<string, number>>({});
  const flow = useReactFlow();

  const graph = useMemo(() => canvasToGraph(meta, nodes, edges), [meta, nodes, edges]);
  const issues = useMemo(() => validateGraph(graph, paramValues), [graph, paramValues]);
  // Nothing on the canvas is where every strategy starts, not a problem to report.
  const empty = nodes.length === 0;

  const load = useCallback(
    (g: StrategyGraph) => {
      const c = graphToCanvas(g);
      setMeta(metaOf(g));
      setNodes(c.nodes);
      setEdges(c.edges);
      setSelected(null);
      setRefusal(null);
    },
    [setNodes, setEdges],
  );

  const loadTemplate = useCallback(
    (name: string) => {
      load(templateGraph(name));
      setParamValues({});
    },
    [load],
  );

  const addBlock = useCallback(
    (key: string, position?: { x: number; y: number }) => {
      const block = paletteBlock(key);
      if (!block) return;
      const body = block.make();
      const id = freshNodeId(idStem(body), nodes.map((n) => n.id));
      const node = { id, ...body } as GraphNode;
      const at = position ?? { x: 40 + (nodes.length % 5) * 60, y: 40 + (nodes.length % 7) * 50 };
      setNodes((ns) => [...ns, { id, type: 'block', position: at, data: { node } }]);
      setSelected(id);
    },
    [nodes, setNodes],
  );

  const isValidConnection: IsValidConnection<Edge> = useCallback((c) => linkProblem(graph, c) === null, [graph]);

  const onConnect = useCallback(
    (c: Connection) => {
      const problem = linkProblem(graph, c);
      if (problem !== null) {
        setRefusal(problem);
        return;
      }
      setRefusal(null);
      // An input port reads one output: a new link replaces the old one.
      const id = edgeId(c.target, c.targetHandle ?? '');
      setEdges((es) => addEdge({ ...c, id }, es.filter((e) => e.id !== id)));
    },
    [graph, setEdges],
  );

  // isValidConnection silently blocks a refused link; when the drag ends on such a port, say why.
  const onConnectEnd: OnConnectEnd = useCallback(
    (_event, state) => {
      const from = state.fromHandle;
      const to = state.toHandle;
      if (state.isValid !== false || !from || !to) return;
      const [out, inp] = from.type === 'source' ? [from, to] : [to, from];
      setRefusal(linkProblem(graph, { source: out.nodeId, sourceHandle: out.id, target: inp.nodeId, targetHandle: inp.id }));
    },
    [graph],
  );

  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const template = e.dataTransfer.getData(TEMPLATE_MIME);
      if (template) return loadTemplate(template);
      const key = e.dataTransfer.getData(BLOCK_MIME);
      if (key) addBlock(key, position);
    },
    [flow, loadTemplate, addBlock],
  );

  const selectedNode = nodes.find((n) => n.id === selected)?.data.node;
  const patchSelected = (changes: Record<string, unknown>) =>
    setNodes((ns) => ns.map((n) => (n.id === selected ? { ...n, data: { node: { ...n.data.node, ...changes } as GraphNode } } : n)));
  const deleteSelected = () => {
    setNodes((ns) => ns.filter((n) => n.id !== selected));
    setEdges((es) => es.filter((e) => e.source !== selected && e.target !== selected));
    setSelected(null);
  };

  return (
    <div className="grid grid-cols-[200px_1fr_320px] gap-3" data-testid="builder">
      <aside className="max-h-[640px] overflow-y-auto rounded-lg border border-abyss-600 bg-abyss-900/80 p-3">
        <PalettePanel onAddBlock={(k) => addBlock(k)} onTemplate={loadTemplate} />
      </aside>
      <div className="space-y-2">
        <div className="flex items-center gap-2 text-xs">
          <label className="flex items-center gap-2 text-slate-400">
            Name
            <input
              aria-label="strategy name"
              className="rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-slate-100"
              value={meta.name ?? ''}
              onChange={(e) => setMeta({ ...meta, name: e.target.value })}
            />
          </label>
          <span className={empty ? 'text-slate-400' : issues.length === 0 ? 'text-neon-green' : 'text-neon-yellow'} data-testid="graph-status">
            {empty
              ? EMPTY_CANVAS
              : issues.length === 0
                ? `valid graph: ${nodes.length} blocks, ${edges.length} links`
                : `${issues.length} problem${issues.length > 1 ? 's' : ''}`}
          </span>
        </div>
        <div className="h-[560px] rounded-lg border border-abyss-600 bg-abyss-950" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="canvas">
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            onNodeClick={(_, n) => setSelected(n.id)}
            onPaneClick={() => setSelected(null)}
            defaultEdgeOptions={{ animated: true, style: { stroke: '#22e4ff' } }}
            colorMode="dark"
            style={{ backgroundColor: '#030817' }}
            fitView
            deleteKeyCode={['Backspace', 'Delete']}
          >
            <Background color="#19346f" gap={24} />
            <Controls />
          </ReactFlow>
        </div>
        {refusal !== null && (
          <p role="alert" className="text-xs text-neon-red" data-testid="link-refused">
            Link refused: {refusal}
          </p>
        )}
        {issues.length > 0 && !empty && (
          <ul className="space-y-0.5 text-[11px] text-neon-yellow" data-testid="graph-issues">
            {issues.slice(0, 6).map((i) => (
              <li key={i.message}>{i.message}</li>
            ))}
          </ul>
        )}
      </div>
      <aside className="max-h-[640px] space-y-4 overflow-y-auto rounded-lg border border-abyss-600 bg-abyss-900/80 p-3">
        {selectedNode ? (
          <BlockForm node={selectedNode} params={meta.params ?? {}} onPatch={patchSelected} onDelete={deleteSelected} />
        ) : (
          <p className="text-xs text-slate-500">Click a block to edit it. Drag from an output (right) to an input (left) to link; cyan ports carry numbers, violet ports signals.</p>
        )}
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wider text-slate-400">Parameters</h3>
          <ParamsForm params={meta.params ?? {}} values={paramValues} onChange={(name, value) => setParamValues({ ...paramValues, [name]: value })} />
        </section>
        <section>
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wider text-slate-400">Expressions</h3>
          <ExpressionView graph={graph} onGraph={load} />
        </section>
      </aside>
      <div className="col-span-3 grid grid-cols-[1fr_320px] gap-3">
        <BacktestPanel services={services} graph={graph} params={paramValues} ready={issues.length === 0} />
        <DeployPanel services={services} graph={graph} params={paramValues} ready={issues.length === 0} />
      </div>
    </div>
  );
}

function metaOf(g: StrategyGraph): GraphMeta {
  const { nodes: _nodes, ...meta } = g;
  return meta;
}
