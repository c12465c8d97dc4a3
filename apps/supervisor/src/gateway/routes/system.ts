import type { SystemView } from '../../shared/api';
import type { GatewayContext, Route } from '../route';

async function monitorJson(ctx: GatewayContext, path: string): Promise<Record<string, unknown> | undefined> {
  if (!ctx.monitorUrl) return undefined;
  try {
    const res = await fetch(`${ctx.monitorUrl}${path}`, { signal: AbortSignal.timeout(2_000) });
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function systemView(ctx: GatewayContext): Promise<SystemView> {
  const streams: SystemView['streams'] = [];
  const consumers: SystemView['consumers'] = [];
  for await (const s of ctx.jsm.streams.list()) {
    streams.push({
      name: s.config.name,
      subjects: s.config.subjects ?? [],
      messages: s.state.messages,
      bytes: s.state.bytes,
      consumers: s.state.consumer_count,
      firstSeq: s.state.first_seq,
      lastSeq: s.state.last_seq,
    });
    // KV buckets and object stores are streams too; their (ephemeral) watchers are not worth listing.
    if (s.config.name.startsWith('KV_') || s.config.name.startsWith('OBJ_')) continue;
    for await (const c of ctx.jsm.consumers.list(s.config.name)) {
      if (!c.config.durable_name) continue;
      // Typed as nanoseconds by the client, sent as an RFC 3339 time by the server.
      const lastActive: unknown = c.delivered.last_active;
      consumers.push({
        stream: s.config.name,
        name: c.name,
        pending: c.num_pending,
        ackPending: c.num_ack_pending,
        redelivered: c.num_redelivered,
        lastActiveAt: typeof lastActive === 'string' ? Date.parse(lastActive) : undefined,
      });
    }
  }
  const info = ctx.nc.info;
  const varz = await monitorJson(ctx, '/varz');
  const healthz = await monitorJson(ctx, '/healthz?js-enabled-only=true');
  let jetstream = false;
  try {
    await ctx.jsm.getAccountInfo();
    jetstream = true;
  } catch {
    jetstream = false;
  }
  const uptime = typeof varz?.['uptime'] === 'string' ? parseUptime(varz['uptime']) : undefined;
  return {
    server: {
      version: info?.version ?? 'unknown',
      uptimeSec: uptime,
      connections: typeof varz?.['connections'] === 'number' ? varz['connections'] : undefined,
      jetstream,
      healthy: !ctx.nc.isClosed() && jetstream && (healthz === undefined || healthz['status'] === 'ok'),
    },
    streams,
    consumers,
  };
}

/** nats-server's uptime text (`1d2h3m4s`) in seconds. */
export function parseUptime(text: string): number | undefined {
  const units: Record<string, number> = { y: 31_536_000, w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };
  let total = 0;
  let matched = false;
  for (const m of text.matchAll(/(\d+)([ywdhms])/g)) {
    total += Number(m[1]) * units[m[2]];
    matched = true;
  }
  return matched ? total : undefined;
}

export const systemRoutes: Route[] = [
  {
    method: 'GET',
    path: '/system',
    summary: 'Streams and consumers with message counts and lag, and NATS server health',
    tag: 'system',
    handler: async (_req, ctx) => ({ status: 200, json: await systemView(ctx) }),
  },
];
