'use client';
// A block on the builder canvas: typed input handles on the left, typed outputs on the right. Number
// ports are cyan, boolean (signal) ports violet, so a user sees what fits before dragging.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { inputPorts, outputPorts, type GraphNode, type PortType } from '@helios/strategy-dsl';
import type { BlockNode as BlockNodeType } from './graph-canvas';

const PORT_COLOR: Record<PortType, string> = { number: '#22e4ff', boolean: '#a46bff' };
const KIND_ACCENT: Record<string, string> = {
  price: 'border-neon-blue',
  constant: 'border-neon-blue',
  ml: 'border-neon-blue',
  indicator: 'border-neon-cyan',
  compare: 'border-neon-violet',
  cross: 'border-neon-violet',
  threshold: 'border-neon-violet',
  logic: 'border-neon-violet',
  arith: 'border-slate-500',
  lag: 'border-slate-500',
  sizing: 'border-neon-yellow',
  target: 'border-neon-green',
};

/** One line saying what the block does: `sma(period=20)`, `a > b`, `long-only x1`. */
export function blockSummary(node: GraphNode): string {
  switch (node.kind) {
    case 'price':
      return node.field;
    case 'constant':
      return String(node.value);
    case 'indicator':
      return `${node.indicator}(${Object.entries(node.params ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    case 'compare':
      return `a ${{ lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' }[node.op]} b`;
    case 'cross':
      return `a crosses ${node.direction} b`;
    case 'logic':
      return node.op;
    case 'threshold':
      return `${node.direction} ${node.level}`;
    case 'arith':
      return node.op;
    case 'lag':
      return `${node.bars} bars ago`;
    case 'sizing':
      return `${node.mode} x${node.weight ?? 1}`;
    case 'ml':
      return node.model ?? 'any model';
    case 'target':
      return 'to the risk gate';
  }
}

export function BlockNodeView({ data, selected }: NodeProps<BlockNodeType>) {
  const node = data.node;
  const ins = inputPorts(node);
  const outs = outputPorts(node);
  const rows = Math.max(ins.length, outs.length, 1);
  return (
    <div
      data-testid={`block-${node.id}`}
      className={`min-w-[150px] rounded-md border-2 bg-abyss-900 px-3 py-2 text-xs shadow-lg ${KIND_ACCENT[node.kind] ?? 'border-abyss-600'} ${selected ? 'ring-2 ring-neon-cyan/70' : ''}`}
      style={{ minHeight: 34 + rows * 16 }}
    >
      <div className="font-semibold text-slate-100">{node.id}</div>
      <div className="max-w-[200px] truncate text-[10px] text-slate-400" title={blockSummary(node)}>
        {blockSummary(node)}
      </div>
      {ins.map((p, i) => (
        <Handle
          key={`in-${p.name}`}
          id={p.name}
          type="target"
          position={Position.Left}
          style={{ top: 30 + i * 16, background: PORT_COLOR[p.type], width: 9, height: 9 }}
          title={`${p.name}: ${p.type}${p.optional ? ' (optional)' : ''}`}
        >
          <span className="pointer-events-none absolute left-2 -top-1.5 text-[9px] text-slate-500">{p.name}</span>
        </Handle>
      ))}
      {outs.map((p, i) => (
        <Handle key={`out-${p.name}`} id={p.name} type="source" position={Position.Right} style={{ top: 30 + i * 16, background: PORT_COLOR[p.type], width: 9, height: 9 }} title={`${p.name}: ${p.type}`}>
          {outs.length > 1 && <span className="pointer-events-none absolute right-2 -top-1.5 text-[9px] text-slate-500">{p.name}</span>}
        </Handle>
      ))}
    </div>
  );
}
