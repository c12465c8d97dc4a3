import { isId, type HeartbeatPayload } from '@helios/contracts';

export type HeartbeatStatus = HeartbeatPayload['status'];

/** Messages per second between two readings of monotonically growing counters. */
export class RateMeter {
  private lastAt: number | undefined;
  private lastCount = 0;

  /** The rate since the previous call (0 on the first), rounded to 0.01. */
  rate(count: number, nowMs: number): number {
    const previousAt = this.lastAt;
    const previousCount = this.lastCount;
    this.lastAt = nowMs;
    this.lastCount = count;
    if (previousAt === undefined || nowMs <= previousAt) return 0;
    return Math.round(((count - previousCount) * 1000 * 100) / (nowMs - previousAt)) / 100;
  }
}

export interface HeartbeatFacts {
  service: string;
  instance: string;
  status: HeartbeatStatus;
  lagMsgs: number;
  msgsInPerSec: number;
  msgsOutPerSec: number;
  latencyMsP50?: number;
  latencyMsP99?: number;
  pnl?: number;
  startedAt: number;
  /** The node the process runs on; left out when it is not an id (a HELIOS_NODE the contracts refuse). */
  node?: string;
  details: Record<string, unknown>;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The heartbeat payload; optional figures that are unknown or not finite are left out. */
export function heartbeatPayload(f: HeartbeatFacts): HeartbeatPayload {
  const payload: HeartbeatPayload = {
    service: f.service,
    instance: f.instance,
    status: f.status,
    lagMsgs: Math.max(0, Math.trunc(f.lagMsgs)),
    msgsInPerSec: Math.max(0, f.msgsInPerSec),
    msgsOutPerSec: Math.max(0, f.msgsOutPerSec),
    startedAt: f.startedAt,
    details: f.details,
  };
  if (isId(f.node)) payload.node = f.node;
  if (f.latencyMsP50 !== undefined) payload.latencyMsP50 = round3(f.latencyMsP50);
  if (f.latencyMsP99 !== undefined) payload.latencyMsP99 = round3(f.latencyMsP99);
  if (f.pnl !== undefined && Number.isFinite(f.pnl)) payload.pnl = f.pnl;
  return payload;
}
