// Node colour from a heartbeat: the rules of the Control Board (issue 5, item 2).
import type { ServiceBeat } from '../../shared/live';
import type { NodeMetrics, NodeStatus } from './board-types';

export interface StatusThresholds {
  /** No heartbeat for this long (ms) = red. */
  staleMs: number;
  /** Consumer lag above this many messages = yellow. */
  lagWarnMsgs: number;
  /** Latency p99 above this (ms) = yellow. */
  latencyWarnMs: number;
  /** A risk limit used at or above this percentage = yellow. */
  riskWarnPct: number;
}

export const DEFAULT_THRESHOLDS: StatusThresholds = { staleMs: 3000, lagWarnMsgs: 500, latencyWarnMs: 1000, riskWarnPct: 80 };

export interface Verdict {
  status: NodeStatus;
  reasons: string[];
}

const RANK: Record<NodeStatus, number> = { stopped: 0, paused: 1, healthy: 2, warning: 3, error: 4 };

/** The worse of two verdicts (red beats yellow beats green); reasons of the winner and any equal. */
export function worse(a: Verdict, b: Verdict): Verdict {
  if (RANK[a.status] === RANK[b.status]) return { status: a.status, reasons: [...a.reasons, ...b.reasons] };
  return RANK[a.status] > RANK[b.status] ? a : b;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function metricsOf(beat: ServiceBeat, now: number): NodeMetrics {
  const h = beat.heartbeat;
  const phase = typeof h.details?.['phase'] === 'string' ? (h.details['phase'] as string) : undefined;
  return {
    msgsInPerSec: h.msgsInPerSec,
    msgsOutPerSec: h.msgsOutPerSec,
    lagMsgs: h.lagMsgs,
    latencyMsP50: h.latencyMsP50,
    latencyMsP99: h.latencyMsP99,
    ageMs: Math.max(0, now - beat.receivedAt),
    phase,
  };
}

/**
 * A heartbeat's verdict at `now`. A service that said it stopped stays grey however old that last
 * beat is (it left on purpose); any other beat older than `staleMs` is red: the process is gone or
 * cut off.
 */
export function beatVerdict(beat: ServiceBeat | undefined, now: number, t: StatusThresholds = DEFAULT_THRESHOLDS): Verdict {
  if (beat === undefined) return { status: 'error', reasons: ['no heartbeat'] };
  const h = beat.heartbeat;
  if (h.status === 'stopped') return { status: 'stopped', reasons: ['stopped'] };
  const age = now - beat.receivedAt;
  if (age >= t.staleMs) return { status: 'error', reasons: [`no heartbeat for ${seconds(age)}`] };
  if (h.status === 'error') {
    const lastError = typeof h.details?.['lastError'] === 'string' ? `: ${h.details['lastError'] as string}` : '';
    return { status: 'error', reasons: [`reports an error${lastError}`] };
  }
  if (h.status === 'paused') return { status: 'paused', reasons: ['paused'] };
  const reasons: string[] = [];
  if (h.status === 'warning') reasons.push(typeof h.details?.['phase'] === 'string' && h.details['phase'] !== 'live' ? `phase ${h.details['phase'] as string}` : 'reports a warning');
  if (h.lagMsgs > t.lagWarnMsgs) reasons.push(`lag ${h.lagMsgs} msgs`);
  if (h.latencyMsP99 !== undefined && h.latencyMsP99 > t.latencyWarnMs) reasons.push(`latency p99 ${Math.round(h.latencyMsP99)} ms`);
  return reasons.length > 0 ? { status: 'warning', reasons } : { status: 'healthy', reasons: [] };
}
