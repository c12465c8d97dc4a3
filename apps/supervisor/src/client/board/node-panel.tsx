'use client';
// The side panel of a clicked node: live metrics, Stop / Pause / Resume (and a strategy's Start / Remove), the config form generated from
// the service's JSON Schema (a strategy's definition for strategy nodes), and its recent log lines.
import { useEffect, useState } from 'react';
import type { LogLine } from '../../shared/live';
import { SchemaForm } from '../forms/schema-form';
import type { JsonSchema } from '../forms/json-schema';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { formatAge, formatPnl, formatTime } from '../ui/format';
import { StatusDot } from '../ui/status-dot';
import { ErrorNote, Loading } from '../ui/states';
import type { BoardNode } from './board-types';
import { formatRate } from './flow-style';

/** start and remove are a strategy's only (its definition in KV); the rest any node's. */
export type NodeCommand = 'stop' | 'pause' | 'resume' | 'start' | 'remove';

export interface LoadedConfig {
  schema: JsonSchema;
  value: unknown;
}

/** What the panel asks of the gateway; the page passes REST calls, tests pass fakes. */
export interface NodePanelActions {
  loadConfig: (node: BoardNode) => Promise<LoadedConfig | undefined>;
  /** Resolves with an error (naming `where`) to show under the form, or undefined when saved. */
  saveConfig: (node: BoardNode, value: unknown) => Promise<{ error: string; where?: string } | undefined>;
  command: (node: BoardNode, command: NodeCommand) => Promise<string>;
}

export interface NodePanelProps {
  node: BoardNode;
  logs: readonly LogLine[];
  actions: NodePanelActions;
  onClose: () => void;
}

type ConfigState = { state: 'loading' } | { state: 'none' } | { state: 'error'; message: string } | { state: 'ready'; config: LoadedConfig };

function Metric({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded border border-abyss-700 bg-abyss-950/60 px-2 py-1.5">
      <div className="text-[10px] uppercase tracking-wider text-slate-500">{label}</div>
      <div className="font-mono text-sm text-slate-100">{value}</div>
    </div>
  );
}

export function NodePanel({ node, logs, actions, onClose }: NodePanelProps) {
  const { data } = node;
  const [config, setConfig] = useState<ConfigState>({ state: 'loading' });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ error: string; where?: string }>();
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string }>();
  const [pending, setPending] = useState<NodeCommand>();
  // Remove asks twice: the first click arms it, the second removes.
  const [removeArmed, setRemoveArmed] = useState(false);

  useEffect(() => {
    let live = true;
    setConfig({ state: 'loading' });
    setNotice(undefined);
    setSaveError(undefined);
    setRemoveArmed(false);
    actions
      .loadConfig(node)
      .then((c) => live && setConfig(c === undefined ? { state: 'none' } : { state: 'ready', config: c }))
      .catch((err: unknown) => live && setConfig({ state: 'error', message: (err as Error).message }));
    return () => {
      live = false;
    };
    // Keyed by the node id: reload when another node is chosen, not on every live update of this one.
  }, [node.id]);

  const run = async (command: NodeCommand) => {
    setPending(command);
    try {
      setNotice({ tone: 'info', text: await actions.command(node, command) });
    } catch (err) {
      setNotice({ tone: 'error', text: `${command} failed: ${(err as Error).message}` });
    } finally {
      setPending(undefined);
    }
  };

  const save = async (value: unknown) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const failed = await actions.saveConfig(node, value);
      setSaveError(failed);
      if (failed === undefined) setNotice({ tone: 'info', text: 'configuration saved; the service applies it between two events' });
    } catch (err) {
      setSaveError({ error: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const m = data.metrics;
  const canPause = data.status !== 'paused' && data.status !== 'stopped';
  const isStrategy = data.kind === 'strategy';
  return (
    <aside aria-label={`${data.title} panel`} className="flex h-full w-[380px] shrink-0 flex-col overflow-hidden border-l border-abyss-600 bg-abyss-900/95">
      <header className="flex items-start justify-between gap-2 border-b border-abyss-700 px-4 py-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <StatusDot tone={data.status} />
            <h2 className="truncate text-base font-semibold text-slate-100">{data.title}</h2>
            {data.pnl !== undefined && <Badge tone={data.pnl >= 0 ? 'healthy' : 'error'}>{formatPnl(data.pnl)}</Badge>}
          </div>
          <p className="mt-0.5 truncate font-mono text-[11px] text-slate-400">
            {data.service}
            {data.instance !== undefined ? ` · ${data.instance}` : ''}
            {data.runsOn !== undefined ? ` · on ${data.runsOn}` : ''} · {data.status}
            {data.reasons.length > 0 ? ` · ${data.reasons.join('; ')}` : ''}
          </p>
        </div>
        <button type="button" aria-label="close panel" onClick={onClose} className="rounded px-2 text-lg leading-none text-slate-400 hover:text-slate-100">
          ×
        </button>
      </header>
      <div className="flex-1 space-y-4 overflow-y-auto px-4 py-3">
        <div className="flex gap-2">
          <Button variant="danger" disabled={pending !== undefined || data.status === 'stopped'} onClick={() => void run('stop')}>
            {pending === 'stop' ? 'Stopping…' : 'Stop'}
          </Button>
          <Button disabled={pending !== undefined || !canPause} onClick={() => void run('pause')}>
            {pending === 'pause' ? 'Pausing…' : 'Pause'}
          </Button>
          <Button variant="primary" disabled={pending !== undefined || data.status !== 'paused'} onClick={() => void run('resume')}>
            {pending === 'resume' ? 'Resuming…' : 'Resume'}
          </Button>
          {isStrategy && (
            <Button variant="primary" disabled={pending !== undefined || data.status !== 'stopped'} onClick={() => void run('start')}>
              {pending === 'start' ? 'Starting…' : 'Start'}
            </Button>
          )}
          {isStrategy && (
            <Button
              variant="danger"
              disabled={pending !== undefined}
              onClick={() => {
                if (!removeArmed) return setRemoveArmed(true);
                setRemoveArmed(false);
                void run('remove');
              }}
            >
              {pending === 'remove' ? 'Removing…' : removeArmed ? 'Confirm remove' : 'Remove'}
            </Button>
          )}
        </div>
        {removeArmed && <p className="text-xs text-neon-yellow">Removes the strategy from the configuration and ends its runner; refused while it holds a position. Click again to confirm.</p>}
        {notice !== undefined && (
          <p role="status" className={`text-xs ${notice.tone === 'error' ? 'text-neon-red' : 'text-neon-cyan'}`}>
            {notice.text}
          </p>
        )}
        <section>
          <h3 className="mb-1.5 text-[11px] font-semibold uppercase tracking-[0.14em] text-slate-400">Live metrics</h3>
          {m === undefined ? (
            <p className="text-xs text-slate-500">No heartbeat from this node yet.</p>
          ) : (
            <div className="grid grid-cols-3 gap-1.5">
              <Metric label="in" value={formatRate(m.msgsInPerSec)} />
              <Metric label="out" value={formatRate(m.msgsOutPerSec)} />
              <Metric label="lag" value={`${m.lagMsgs} msgs`} />
              <Metric label="p50" value={m.latencyMsP50 === undefined ? '—' : `${m.latencyMsP50.toFixed(1)} ms`} />
              <Metric label="p99" value={m.latencyMsP99 === undefined ? '—' : `${m.latencyMsP99.toFixed(1)} ms`} />
              <Metric label="last beat" value={formatAge(m.ageMs)} />
              {data.pnl !== undefined && <Metric label="P&L" value={formatPnl(data.pnl)} />}
              {m.phase !== undefined && <Metric label="phase" value={m.phase} />}
              {data.role !== undefined && <Metric label="role" value={data.role} />}
            </div>
          )}
        </section>
        <section>
          <h3 className="mb-1.5 text-[11px] font-semibold uppercase tracking-[0.14em] text-slate-400">{data.kind === 'strategy' ? 'Strategy definition' : 'Configuration'}</h3>
          {config.state === 'loading' && <Loading what="configuration" />}
          {config.state === 'error' && <ErrorNote>Could not load the configuration: {config.message}</ErrorNote>}
          {config.state === 'none' && <p className="text-xs text-slate-500">This service has no editable configuration.</p>}
          {config.state === 'ready' && (
            <SchemaForm key={node.id} schema={config.config.schema} value={config.config.value} onSubmit={save} busy={saving} serverError={saveError} submitLabel="Save and apply" idPrefix={node.id.replace(/[^A-Za-z0-9]/g, '-')} />
          )}
        </section>
        <section>
          <h3 className="mb-1.5 text-[11px] font-semibold uppercase tracking-[0.14em] text-slate-400">Recent log lines</h3>
          {logs.length === 0 ? (
            <p className="text-xs text-slate-500">No log lines yet.</p>
          ) : (
            <ol className="max-h-64 space-y-0.5 overflow-y-auto rounded border border-abyss-700 bg-abyss-950 p-2 font-mono text-[10.5px] leading-snug" aria-label="log lines">
              {logs.map((l, i) => (
                <li key={`${l.ts}-${i}`} className={l.level === 'error' || l.level === 'fatal' ? 'text-neon-red' : l.level === 'warn' ? 'text-neon-yellow' : 'text-slate-300'}>
                  <span className="text-slate-500">{formatTime(l.ts)}</span> {l.msg}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </aside>
  );
}
