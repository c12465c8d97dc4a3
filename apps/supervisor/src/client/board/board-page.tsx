'use client';
// The Control Board wired to the gateway: live heartbeats, flows, P&L and halt over the socket; the
// strategy list and risk usage over REST; the side panel's config and commands over REST.
import { useCallback, useMemo, useState } from 'react';
import type { CommandAccepted, RiskView, ServiceConfig, StrategySummary } from '../../shared/api';
import type { LogLine, LiveTopic } from '../../shared/live';
import { mergeStrategyForm, strategyFormSchema } from '../forms/strategy-schema';
import { api, ApiCallError } from '../api';
import { useLiveFeed } from '../layout/live-feed';
import { usePolled } from '../layout/use-polled';
import { ErrorNote } from '../ui/states';
import type { BoardNode } from './board-types';
import { BoardScreen } from './board-screen';
import { emptyBoardState, foldBoardUpdates, type LiveBoardState } from './live-board-state';
import type { NodePanelActions } from './node-panel';

const BOARD_TOPICS: LiveTopic[] = ['heartbeats', 'flows', 'pnl', 'halt'];
const MAX_LOG_LINES = 200;

export function BoardPage() {
  const [live, setLive] = useState<LiveBoardState>(emptyBoardState);
  const [logService, setLogService] = useState<string>();
  const [logs, setLogs] = useState<LogLine[]>([]);
  useLiveFeed(BOARD_TOPICS, (updates) => setLive((s) => foldBoardUpdates(s, updates)));
  useLiveFeed(logService === undefined ? [] : [`logs:${logService}`], (updates) => {
    const lines = updates.flatMap((u) => (u.kind === 'log' ? [u.line] : []));
    if (lines.length > 0) setLogs((l) => [...l, ...lines].slice(-MAX_LOG_LINES));
  });
  const onLogsFor = useCallback((service: string | undefined) => {
    setLogService(service);
    setLogs([]);
  }, []);

  const strategies = usePolled(() => api.get<StrategySummary[]>('/strategies'), 3000);
  const risk = usePolled(() => api.get<RiskView>('/risk'), 3000);
  const defs = strategies.data;
  const reloadStrategies = strategies.reload;

  const actions = useMemo<NodePanelActions>(() => {
    const definitionOf = (node: BoardNode) => defs?.find((s) => s.id === node.data.strategyId)?.definition;
    return {
      loadConfig: async (node) => {
        if (node.data.kind === 'strategy') {
          const def = definitionOf(node) ?? (await api.get<StrategySummary[]>('/strategies')).find((s) => s.id === node.data.strategyId)?.definition;
          return def === undefined ? undefined : { schema: strategyFormSchema(def), value: def };
        }
        if (node.data.kind === 'risk') {
          // The risk gate's configuration is the limits (KV risk.limits), with their own routes.
          const [schema, view] = await Promise.all([api.get<Record<string, unknown>>('/risk/schema'), api.get<RiskView>('/risk')]);
          return { schema, value: view.limits };
        }
        try {
          const c = await api.get<ServiceConfig>(`/config/${encodeURIComponent(node.data.service)}`);
          return { schema: c.schema, value: c.config };
        } catch (err) {
          if (err instanceof ApiCallError && err.status === 404) return undefined;
          throw err;
        }
      },
      saveConfig: async (node, value) => {
        try {
          if (node.data.kind === 'strategy') {
            const def = definitionOf(node);
            if (def === undefined) return { error: 'the strategy definition is gone from the configuration' };
            await api.post('/strategies', mergeStrategyForm(def, value as Record<string, unknown>));
            reloadStrategies();
          } else if (node.data.kind === 'risk') {
            await api.put('/risk/limits', value);
          } else {
            await api.put(`/config/${encodeURIComponent(node.data.service)}`, value);
          }
          return undefined;
        } catch (err) {
          if (err instanceof ApiCallError) return { error: err.message, where: err.where };
          throw err;
        }
      },
      command: async (node, command) => {
        if (node.data.kind === 'strategy' && node.data.strategyId !== undefined) {
          const path = `/strategies/${encodeURIComponent(node.data.strategyId)}`;
          if (command === 'remove') {
            const removed = await api.del<{ id: string; note: string }>(path);
            reloadStrategies();
            return `removed ${removed.id}; ${removed.note}`;
          }
          const done = await api.post<CommandAccepted & { note?: string }>(`${path}/${command}`);
          reloadStrategies();
          return `${done.command} sent to ${done.target}${done.note !== undefined ? `: ${done.note}` : ''}`;
        }
        if (command === 'start' || command === 'remove') throw new Error(`${command} is for strategies; ${node.data.service} is a service of the manifest`);
        // Any other node is one service instance: the shell's own stop / pause / resume.
        if (node.data.instance === undefined) throw new Error(`${node.data.service} has no heartbeat yet, so there is no instance to send ${command} to`);
        const done = await api.post<CommandAccepted>(`/services/${encodeURIComponent(node.data.service)}/${encodeURIComponent(node.data.instance)}/${command}`);
        return `${done.command} sent to ${done.target}`;
      },
    };
  }, [defs, reloadStrategies]);

  return (
    <div className="flex h-full flex-col">
      {strategies.error !== undefined && (
        <div className="px-4 pt-2">
          <ErrorNote>Strategy list unavailable: {strategies.error}</ErrorNote>
        </div>
      )}
      <div className="min-h-0 flex-1">
        <BoardScreen live={live} strategies={defs} riskUsage={risk.data?.usage} logs={logs} actions={actions} onLogsFor={onLogsFor} />
      </div>
    </div>
  );
}
