'use client';
// A board node: a glowing card in its status colour with the facts a glance needs (rate, P&L, why).
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Badge } from '../ui/badge';
import { StatusDot } from '../ui/status-dot';
import { TONE_BORDER, TONE_GLOW, TONE_TEXT } from '../ui/status-colors';
import { formatPnl } from '../ui/format';
import { formatRate } from './flow-style';
import type { BoardNode, NodeKind } from './board-types';

const KIND_LABEL: Record<NodeKind, string> = {
  feed: 'DATA',
  indicators: 'LOGIC',
  strategy: 'STRATEGY',
  risk: 'MULTIPLEXER',
  'order-engine': 'EXECUTION',
  exchange: 'VENUE',
  portfolio: 'PORTFOLIO',
  other: 'SERVICE',
};

const HANDLE = '!h-2 !w-2 !border-abyss-600 !bg-abyss-800';

export function ServiceNode({ data, selected }: NodeProps<BoardNode>) {
  const tone = data.status;
  const dim = tone === 'stopped' || tone === 'paused';
  return (
    <div
      data-testid={`node-${data.kind === 'strategy' ? `strategy-${data.strategyId ?? data.title}` : `${data.service}-${data.instance ?? ''}`}`}
      data-status={data.status}
      className={`w-[196px] rounded-lg border-2 bg-abyss-900/95 px-3 py-2 text-left backdrop-blur ${TONE_BORDER[tone]} ${dim ? 'opacity-70' : ''} ${selected ? 'ring-2 ring-neon-cyan/60' : ''}`}
      style={{ boxShadow: TONE_GLOW[tone] }}
    >
      <Handle type="target" position={Position.Left} className={HANDLE} />
      <Handle type="source" position={Position.Right} className={HANDLE} />
      <Handle type="target" id="fb-in" position={Position.Bottom} className="!opacity-0" style={{ left: '70%' }} />
      <Handle type="source" id="fb-out" position={Position.Bottom} className="!opacity-0" style={{ left: '30%' }} />
      <div className="flex items-center justify-between gap-2">
        <span className="text-[9px] font-semibold tracking-[0.18em] text-slate-500">{KIND_LABEL[data.kind]}</span>
        <span className="flex items-center gap-1.5">
          <span className={`text-[10px] uppercase ${TONE_TEXT[tone]}`}>{tone}</span>
          <StatusDot tone={tone} label={`${data.title}: ${tone}`} />
        </span>
      </div>
      <div className="mt-0.5 truncate text-sm font-semibold text-slate-100" title={data.title}>
        {data.title}
      </div>
      {data.subtitle !== undefined && (
        <div className="truncate font-mono text-[10px] text-slate-400" title={data.subtitle}>
          {data.subtitle}
        </div>
      )}
      <div className="mt-1.5 flex flex-wrap items-center gap-1">
        {data.pnl !== undefined && (
          <Badge tone={data.pnl > 0 ? 'healthy' : data.pnl < 0 ? 'error' : 'neutral'} title="P&L">
            <span data-testid="pnl-badge">{formatPnl(data.pnl)}</span>
          </Badge>
        )}
        {data.halted === true && <Badge tone="error">HALTED</Badge>}
        {data.role !== undefined && <Badge tone={data.role === 'leader' ? 'info' : 'warning'}>{data.role}</Badge>}
        {data.metrics !== undefined && (
          <span className="font-mono text-[10px] text-slate-400">
            ↓{formatRate(data.metrics.msgsInPerSec)} ↑{formatRate(data.metrics.msgsOutPerSec)}
          </span>
        )}
      </div>
      {data.reasons.length > 0 && tone !== 'stopped' && tone !== 'paused' && (
        <div className={`mt-1 truncate text-[10px] ${TONE_TEXT[tone]}`} title={data.reasons.join('; ')}>
          {data.reasons.join('; ')}
        </div>
      )}
    </div>
  );
}
