'use client';
// The Control Board graph: React Flow over the pure mapping's nodes and edges. Positions come from
// the mapping (columns by stage), so the user pans and zooms but nodes do not wander.
import { useCallback, useState } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow, type EdgeTypes, type NodeChange, type NodeTypes } from '@xyflow/react';
import './board.css';
import type { Board, BoardNode } from './board-types';
import { FlowEdge } from './flow-edge';
import { ServiceNode } from './service-node';

const nodeTypes: NodeTypes = { service: ServiceNode };
const edgeTypes: EdgeTypes = { flow: FlowEdge };

const MINIMAP_COLOUR: Record<BoardNode['data']['status'], string> = { healthy: '#39ff88', warning: '#ffe14d', error: '#ff3b6b', stopped: '#64748b', paused: '#94a3b8' };

export function BoardView({ board, selectedId, onSelect }: { board: Board; selectedId?: string; onSelect: (node: BoardNode | undefined) => void }) {
  // The mapping makes new node objects on every tick; React Flow keeps a node hidden until it has
  // measured it, so the measured sizes are kept here and handed back with each new node.
  const [sizes, setSizes] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());
  const onNodesChange = useCallback((changes: NodeChange<BoardNode>[]) => {
    const measured = changes.flatMap((c) => (c.type === 'dimensions' && c.dimensions !== undefined ? [[c.id, c.dimensions] as const] : []));
    if (measured.length > 0) setSizes((s) => new Map([...s, ...measured]));
  }, []);
  const nodes = board.nodes.map((n) => ({ ...n, measured: sizes.get(n.id), selected: n.id === selectedId }));
  return (
    <ReactFlow<BoardNode, Board['edges'][number]>
      nodes={nodes}
      edges={board.edges}
      onNodesChange={onNodesChange}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable
      fitView
      fitViewOptions={{ padding: 0.15 }}
      minZoom={0.2}
      colorMode="dark"
      style={{ backgroundColor: '#040b1f' }}
      onNodeClick={(_, node) => onSelect(node)}
      onPaneClick={() => onSelect(undefined)}
      proOptions={{ hideAttribution: true }}
    >
      <Background variant={BackgroundVariant.Dots} gap={22} size={1} color="#19346f" bgColor="#040b1f" />
      <Controls showInteractive={false} />
      <MiniMap pannable zoomable nodeColor={(n) => MINIMAP_COLOUR[(n as BoardNode).data.status]} maskColor="rgba(3, 8, 23, 0.7)" />
    </ReactFlow>
  );
}
