'use client';
// The Control Board screen: the graph, a legend with the global P&L, and the clicked node's panel.
// Live data comes in as props (the page wires the gateway), so the screen renders the same in tests.
import { useEffect, useMemo, useState } from 'react';
import type { RiskView, StrategySummary } from '../../shared/api';
import type { LogLine } from '../../shared/live';
import { Badge } from '../ui/badge';
import { formatPnl } from '../ui/format';
import { Loading } from '../ui/states';
import { TONE_BG } from '../ui/status-colors';
import { BoardView } from './board-view';
import type { LiveBoardState } from './live-board-state';
import { NodePanel, type NodePanelActions } from './node-panel';
import { buildBoard } from './topology';

export interface BoardScreenProps {
  live: LiveBoardState;
  strategies?: ReadonlyArray<Pick<StrategySummary, 'id' | 'definition' | 'status'> & Partial<Pick<StrategySummary, 'pnl'>>>;
  riskUsage?: RiskView['usage'];
  /** Log lines of the service whose panel is open. */
  logs: readonly LogLine[];
  actions: NodePanelActions;
  /** Which service's logs the page should stream (the open panel's). */
  onLogsFor?: (service: string | undefined) => void;
  /** Wall clock, injected so heartbeat ages are testable; re-read every `tickMs`. */
  now?: () => number;
  tickMs?: number;
}

const LEGEND = [
  ['healthy', TONE_BG.healthy],
  ['warning', TONE_BG.warning],
  ['error / silent 3 s', TONE_BG.error],
  ['stopped / paused', TONE_BG.stopped],
] as const;

export function BoardScreen({ live, strategies, riskUsage, logs, actions, onLogsFor, now = Date.now, tickMs = 500 }: BoardScreenProps) {
  const [clock, setClock] = useState(now);
  const [selectedId, setSelectedId] = useState<string>();
  useEffect(() => {
    const timer = setInterval(() => setClock(now()), tickMs);
    return () => clearInterval(timer);
  }, [now, tickMs]);

  // Before the first live update every core node would be "red, no heartbeat": show loading instead.
  const board = useMemo(
    () => (live.received ? buildBoard({ beats: [...live.beats.values()], strategies, flows: live.flows, pnl: live.pnl, halt: live.halt, riskUsage, now: clock }) : { nodes: [], edges: [] }),
    [live, strategies, riskUsage, clock],
  );
  const selected = board.nodes.find((n) => n.id === selectedId);
  const selectedService = selected?.data.service;
  useEffect(() => onLogsFor?.(selectedService), [selectedService, onLogsFor]);

  const counts = board.nodes.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n.data.status]: (acc[n.data.status] ?? 0) + 1 }), {});
  const global = live.pnl.global?.total;
  const panelLogs = selected?.data.instance === undefined ? logs : logs.filter((l) => l.instance === selected.data.instance);

  return (
    <div className="flex h-full min-h-0 w-full">
      <div className="relative min-w-0 flex-1">
        {!live.received && (
          <div className="absolute inset-x-0 top-0 z-10 flex justify-center">
            <Loading what="live topology" />
          </div>
        )}
        <div className="absolute left-3 top-3 z-10 flex flex-wrap items-center gap-3 rounded border border-abyss-700 bg-abyss-950/80 px-3 py-1.5 text-[11px] text-slate-400 backdrop-blur">
          {LEGEND.map(([label, bg]) => (
            <span key={label} className="flex items-center gap-1">
              <span className={`h-2 w-2 rounded-full ${bg}`} />
              {label}
            </span>
          ))}
          <span className="text-slate-500">|</span>
          <span data-testid="board-counts">
            {board.nodes.length} nodes · {counts['healthy'] ?? 0} healthy{counts['warning'] ? ` · ${counts['warning']} warning` : ''}
            {counts['error'] ? ` · ${counts['error']} error` : ''}
          </span>
          {global !== undefined && (
            <Badge tone={global >= 0 ? 'healthy' : 'error'} title="global P&L">
              P&L {formatPnl(global)}
            </Badge>
          )}
        </div>
        {/* Mounted with its first nodes, so the initial fit-to-view sees the whole graph. */}
        {live.received && <BoardView board={board} selectedId={selectedId} onSelect={(n) => setSelectedId(n?.id)} />}
      </div>
      {selected !== undefined && <NodePanel key={selected.id} node={selected} logs={panelLogs} actions={actions} onClose={() => setSelectedId(undefined)} />}
    </div>
  );
}
