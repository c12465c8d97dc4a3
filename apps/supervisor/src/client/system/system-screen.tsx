'use client';
// The System page: the broker's health, every stream and consumer with counts and lag, and the dead
// letters with their reasons. Data as props; the page fetches and refreshes it.
import { Fragment, useState } from 'react';
import type { DeadLetterRow, SystemView } from '../../shared/api';
import { DEFAULT_THRESHOLDS } from '../board/node-status';
import { Badge } from '../ui/badge';
import { formatBytes, formatCount, formatTime } from '../ui/format';
import { Panel } from '../ui/panel';
import { EmptyState } from '../ui/states';
import { StatusDot } from '../ui/status-dot';

function Stat({ label, value, tone }: { label: string; value: string; tone?: 'healthy' | 'error' }) {
  return (
    <div className="rounded border border-abyss-700 bg-abyss-950/60 px-3 py-2">
      <div className="text-[10px] uppercase tracking-wider text-slate-500">{label}</div>
      <div className={`font-mono text-lg ${tone === 'error' ? 'text-neon-red' : tone === 'healthy' ? 'text-neon-green' : 'text-slate-100'}`}>{value}</div>
    </div>
  );
}

const uptime = (s: number | undefined) => (s === undefined ? '—' : s >= 86_400 ? `${(s / 86_400).toFixed(1)} d` : s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${Math.round(s / 60)} min`);

/** Lag above this many pending messages is shown in yellow: the board's lag threshold for a service. */
export const LAG_WARN = DEFAULT_THRESHOLDS.lagWarnMsgs;

export function ServerHealth({ server }: { server: SystemView['server'] }) {
  return (
    <div className="grid grid-cols-2 gap-2 md:grid-cols-5" data-testid="server-health">
      <div className="col-span-2 flex items-center gap-3 rounded border border-abyss-700 bg-abyss-950/60 px-3 py-2 md:col-span-1">
        <StatusDot tone={server.healthy ? 'healthy' : 'error'} />
        <span className={`text-sm font-semibold ${server.healthy ? 'text-neon-green' : 'text-neon-red'}`}>{server.healthy ? 'healthy' : 'unhealthy'}</span>
      </div>
      <Stat label="nats-server" value={server.version} />
      <Stat label="JetStream" value={server.jetstream ? 'enabled' : 'off'} tone={server.jetstream ? 'healthy' : 'error'} />
      <Stat label="connections" value={server.connections === undefined ? '—' : String(server.connections)} />
      <Stat label="uptime" value={uptime(server.uptimeSec)} />
    </div>
  );
}

export function StreamsTable({ streams }: { streams: SystemView['streams'] }) {
  if (streams.length === 0) return <EmptyState title="No streams">Run tools/up (or helios topology) to create the streams.</EmptyState>;
  return (
    <table className="w-full text-left text-sm" aria-label="streams">
      <thead className="text-[11px] uppercase tracking-wider text-slate-500">
        <tr>
          <th className="px-2 py-1.5">stream</th>
          <th className="px-2 py-1.5">subjects</th>
          <th className="px-2 py-1.5 text-right">messages</th>
          <th className="px-2 py-1.5 text-right">size</th>
          <th className="px-2 py-1.5 text-right">sequence</th>
          <th className="px-2 py-1.5 text-right">consumers</th>
        </tr>
      </thead>
      <tbody className="font-mono text-xs">
        {streams.map((s) => (
          <tr key={s.name} className="border-t border-abyss-800" data-testid="stream-row">
            <td className="px-2 py-1 font-semibold text-neon-cyan">{s.name}</td>
            <td className="max-w-[260px] truncate px-2 py-1 text-slate-400" title={s.subjects.join(' ')}>
              {s.subjects.join(' ')}
            </td>
            <td className="px-2 py-1 text-right text-slate-200">{formatCount(s.messages)}</td>
            <td className="px-2 py-1 text-right text-slate-400">{formatBytes(s.bytes)}</td>
            <td className="px-2 py-1 text-right text-slate-400">
              {s.firstSeq}…{s.lastSeq}
            </td>
            <td className="px-2 py-1 text-right">{s.consumers}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConsumersTable({ consumers, now }: { consumers: SystemView['consumers']; now: number }) {
  if (consumers.length === 0) return <EmptyState title="No consumers">Services create their durable consumers when they start.</EmptyState>;
  return (
    <table className="w-full text-left text-sm" aria-label="consumers">
      <thead className="text-[11px] uppercase tracking-wider text-slate-500">
        <tr>
          <th className="px-2 py-1.5">stream</th>
          <th className="px-2 py-1.5">consumer</th>
          <th className="px-2 py-1.5 text-right">lag (pending)</th>
          <th className="px-2 py-1.5 text-right">ack pending</th>
          <th className="px-2 py-1.5 text-right">redelivered</th>
          <th className="px-2 py-1.5 text-right">last active</th>
        </tr>
      </thead>
      <tbody className="font-mono text-xs">
        {consumers.map((c) => (
          <tr key={`${c.stream}/${c.name}`} className="border-t border-abyss-800" data-testid="consumer-row">
            <td className="px-2 py-1 text-slate-400">{c.stream}</td>
            <td className="px-2 py-1 text-slate-200">{c.name}</td>
            <td className={`px-2 py-1 text-right ${c.pending > LAG_WARN ? 'text-neon-yellow' : 'text-slate-200'}`}>{formatCount(c.pending)}</td>
            <td className="px-2 py-1 text-right">{c.ackPending}</td>
            <td className={`px-2 py-1 text-right ${c.redelivered > 0 ? 'text-neon-yellow' : ''}`}>{c.redelivered}</td>
            <td className="px-2 py-1 text-right text-slate-400">{c.lastActiveAt === undefined ? '—' : `${Math.max(0, Math.round((now - c.lastActiveAt) / 1000))} s ago`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DeadLetters({ rows }: { rows: readonly DeadLetterRow[] }) {
  const [open, setOpen] = useState<number>();
  if (rows.length === 0) return <EmptyState title="No dead letters">Messages a service cannot process land here with the reason, instead of stopping it.</EmptyState>;
  return (
    <table className="w-full text-left text-sm" aria-label="dead letters">
      <thead className="text-[11px] uppercase tracking-wider text-slate-500">
        <tr>
          <th className="px-2 py-1.5">time (UTC)</th>
          <th className="px-2 py-1.5">service</th>
          <th className="px-2 py-1.5">reason</th>
          <th className="px-2 py-1.5">message</th>
          <th className="px-2 py-1.5">original subject</th>
        </tr>
      </thead>
      <tbody className="text-xs">
        {rows.map((d) => (
          <Fragment key={d.seq}>
            <tr className="cursor-pointer border-t border-abyss-800 hover:bg-abyss-800/50" onClick={() => setOpen(open === d.seq ? undefined : d.seq)} data-testid="dlq-row">
              <td className="px-2 py-1 font-mono text-slate-400">{formatTime(d.ts)}</td>
              <td className="px-2 py-1 text-slate-200">{d.service}</td>
              <td className="px-2 py-1">
                <Badge tone="error">{d.reason}</Badge>
              </td>
              <td className="max-w-[360px] truncate px-2 py-1 text-slate-300" title={d.message}>
                {d.message}
              </td>
              <td className="px-2 py-1 font-mono text-slate-400">{d.originalSubject}</td>
            </tr>
            {open === d.seq && (
              <tr>
                <td colSpan={5} className="px-2 pb-2">
                  <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-all rounded border border-abyss-700 bg-abyss-950 p-2 font-mono text-[11px] text-slate-300">{d.raw}</pre>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

export function SystemScreen({ system, deadLetters, now }: { system: SystemView; deadLetters: readonly DeadLetterRow[]; now: number }) {
  const totalLag = system.consumers.reduce((s, c) => s + c.pending, 0);
  return (
    <div className="space-y-4">
      <Panel title="NATS server">
        <ServerHealth server={system.server} />
      </Panel>
      <Panel title={`Streams (${system.streams.length})`}>
        <StreamsTable streams={system.streams} />
      </Panel>
      <Panel title={`Consumers (${system.consumers.length}) · total lag ${formatCount(totalLag)}`}>
        <ConsumersTable consumers={system.consumers} now={now} />
      </Panel>
      <Panel title={`Dead letters (${deadLetters.length})`}>
        <DeadLetters rows={deadLetters} />
      </Panel>
    </div>
  );
}
