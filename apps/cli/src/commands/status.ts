import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { filters, KV_BUCKETS, type HeartbeatPayload } from '@helios/contracts';
import { claimNode, INSTANCE_CLAIMS, natsConnectTarget, parseInstanceClaimKey, redactNatsUrl, storedKvKeys } from '@helios/nats';
import type { Command } from '../args/command';
import type { FlagSpec, ParsedFlags } from '../args/flags';
import { EXIT_FAILURE, EXIT_OK } from '../args/usage-error';

/** A service whose last heartbeat is older than this is shown as `down`. */
export const DOWN_AFTER_MS = 3_000;

export const NATS_FLAG: FlagSpec = { name: 'nats', kind: 'string', valueName: 'URL', description: 'NATS server, or the servers of a cluster comma-separated (default $HELIOS_NATS_URL or nats://127.0.0.1:4222); a token from $HELIOS_NATS_TOKEN' };

export function natsUrlOf(flags: ParsedFlags): string {
  return (flags['nats'] as string | undefined) ?? process.env['HELIOS_NATS_URL'] ?? 'nats://127.0.0.1:4222';
}

/** Why a connection failed, with what to do about it; credentials in the URL are not repeated. */
export function explainConnectFailure(url: string, error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/authori[sz]ation/i.test(message)) {
    return `NATS at ${redactNatsUrl(url)} refused the credentials (${message}): set HELIOS_NATS_TOKEN (the cluster's client token), or give it in the URL (nats://TOKEN@host:4222)`;
  }
  return `cannot reach NATS at ${redactNatsUrl(url)} (${message}); is Helios running? Start it with tools/up, or pass --nats URL`;
}

/** Connects once, without retrying: a CLI must say at once that nothing listens there. */
export async function connectOrExplain(url: string): Promise<NatsConnection> {
  const target = natsConnectTarget(url);
  try {
    return await connect({ ...target, reconnect: false, timeout: 2_000 });
  } catch (error) {
    throw new Error(explainConnectFailure(url, error));
  }
}

export interface HeartbeatSeen {
  payload: HeartbeatPayload;
  /** When the server stored it, ms since epoch. */
  atMs: number;
}

export interface StatusRow {
  service: string;
  instance: string;
  /** The node (laptop) whose process holds the instance's claim (ADR 0011); null when none does. */
  node: string | null;
  status: string;
  lag: number;
  inPerSec: number;
  outPerSec: number;
  pnl: number | null;
  ageMs: number;
}

/**
 * One row per service instance, sorted; silent for more than DOWN_AFTER_MS = `down`. NODE: the claim
 * holder by `<service>/<instance>` (`nodes`, instanceNodes), else the node the heartbeat names (the
 * risk gate, which elects a leader instead of claiming; a stopped process's last node).
 */
export function statusRows(beats: readonly HeartbeatSeen[], nowMs: number, nodes: ReadonlyMap<string, string> = new Map()): StatusRow[] {
  return beats
    .map(({ payload: p, atMs }) => {
      const ageMs = Math.max(0, nowMs - atMs);
      return {
        service: p.service,
        instance: p.instance,
        node: nodes.get(`${p.service}/${p.instance}`) ?? p.node ?? null,
        status: ageMs > DOWN_AFTER_MS ? 'down' : p.status,
        lag: p.lagMsgs,
        inPerSec: p.msgsInPerSec,
        outPerSec: p.msgsOutPerSec,
        pnl: p.pnl ?? null,
        ageMs,
      };
    })
    .sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
}

export function formatStatusTable(rows: readonly StatusRow[]): string {
  const header = ['SERVICE', 'INSTANCE', 'NODE', 'STATUS', 'LAG', 'IN/s', 'OUT/s', 'P&L', 'HEARTBEAT'];
  const cells = rows.map((r) => [
    r.service,
    r.instance,
    r.node ?? '-',
    r.status,
    String(r.lag),
    r.inPerSec.toFixed(1),
    r.outPerSec.toFixed(1),
    r.pnl === null ? '-' : r.pnl.toFixed(2),
    `${(r.ageMs / 1000).toFixed(1)}s ago`,
  ]);
  const numeric = new Set([4, 5, 6, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Which node runs each service instance: the holders of the live claims `instance.<service>.<instance>`
 * in the lease bucket (the services take them, ADR 0011), by `<service>/<instance>`. Empty without the bucket.
 */
export async function instanceNodes(nc: NatsConnection): Promise<Map<string, string>> {
  const nodes = new Map<string, string>();
  const kv = await new Kvm(nc).open(KV_BUCKETS.leases).catch(() => undefined);
  if (kv === undefined) return nodes;
  for (const key of await storedKvKeys(await jetstreamManager(nc), KV_BUCKETS.leases, INSTANCE_CLAIMS)) {
    const claimed = parseInstanceClaimKey(key);
    const entry = claimed === undefined ? null : await kv.get(key);
    const node = entry === null ? undefined : claimNode(entry);
    if (claimed !== undefined && node !== undefined) nodes.set(`${claimed.service}/${claimed.instance}`, node);
  }
  return nodes;
}

/** The last heartbeat of every instance that ever sent one, from the SYSTEM stream (no waiting for the next beat). */
export async function lastHeartbeats(nc: NatsConnection): Promise<HeartbeatSeen[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info('SYSTEM', { subjects_filter: filters.heartbeats }).catch((error: Error) => {
    throw new Error(`cannot read the SYSTEM stream (${error.message}); run tools/up to declare the topology`);
  });
  const beats: HeartbeatSeen[] = [];
  for (const subject of Object.keys(info.state.subjects ?? {})) {
    const msg = await jsm.streams.getMessage('SYSTEM', { last_by_subj: subject });
    if (msg === null) continue;
    const envelope = msg.json<{ payload?: HeartbeatPayload }>();
    if (envelope.payload?.service === undefined) continue;
    beats.push({ payload: envelope.payload, atMs: msg.time.getTime() });
  }
  return beats;
}

export const statusCommand: Command = {
  name: 'status',
  summary: "every service's health, lag, rates and P&L from its last heartbeat",
  usage: '[--nats URL] [--json]',
  flags: [NATS_FLAG, { name: 'json', kind: 'boolean', description: 'print the rows as a JSON array' }],
  details: `Reads the last heartbeat of every service instance (system.heartbeat.<service>.<instance>) from
the SYSTEM stream, and from the lease bucket the node (laptop) that holds each instance's claim. A
service silent for more than ${DOWN_AFTER_MS / 1000} s shows as down. Exit code 1 when NATS
cannot be reached or some service is not healthy.`,
  async run(flags, io) {
    const nc = await connectOrExplain(natsUrlOf(flags));
    let rows: StatusRow[];
    try {
      rows = statusRows(await lastHeartbeats(nc), Date.now(), await instanceNodes(nc));
    } finally {
      await nc.close();
    }
    if (flags['json']) io.out(JSON.stringify(rows) + '\n');
    else io.out(rows.length === 0 ? 'no service has sent a heartbeat yet (start them with tools/up)\n' : formatStatusTable(rows));
    return rows.length > 0 && rows.every((r) => r.status === 'healthy') ? EXIT_OK : EXIT_FAILURE;
  },
};
