// NATS helpers for tests of services: a connection with the Helios topology declared, reading a
// stream back, waiting for a condition, collecting published events, and a consumer's progress.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { decodeEvent, KV_BUCKETS, STREAM_NAMES, type HeliosEvent } from '@helios/contracts';
import { ensureTopology, Publisher, replay } from '@helios/nats';

export interface Fixture {
  url: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  publisher: Publisher;
  /** The `helios-config` and `helios-leases` buckets. */
  config: KV;
  leases: KV;
  stop(): Promise<void>;
}

export async function openFixture(server: { url: string; stop(): Promise<void> }): Promise<Fixture> {
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  try {
    await ensureTopology(nc, { replicas: 1 });
    const js = jetstream(nc);
    const kvm = new Kvm(js);
    return {
      url: server.url,
      nc,
      js,
      jsm: await jetstreamManager(nc),
      publisher: new Publisher(js),
      config: await kvm.open(KV_BUCKETS.config),
      leases: await kvm.open(KV_BUCKETS.leases),
      stop: async () => {
        await nc.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (err) {
    await nc.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

export interface Stored {
  seq: number;
  subject: string;
  event: HeliosEvent;
}

export async function readStream(fx: Fixture, filter: string): Promise<Stored[]> {
  const out: Stored[] = [];
  for await (const r of replay(fx.js, fx.jsm, { filter, from: { kind: 'all' } })) {
    if (r.ok) out.push({ seq: r.seq, subject: r.subject, event: r.event as HeliosEvent });
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Decoded events of a subject as they are published (core subscription), with the local time each arrived. */
export function collect(nc: NatsConnection, subject: string): { events: HeliosEvent[]; at: number[]; close(): void } {
  const events: HeliosEvent[] = [];
  const at: number[] = [];
  const sub = nc.subscribe(subject, {
    callback: (_err, msg) => {
      const d = decodeEvent(msg.data);
      if (d.ok) {
        events.push(d.event);
        at.push(performance.now());
      }
    },
  });
  return { events, at, close: () => sub.unsubscribe() };
}

/** Resolves once the durable consumer has acked everything up to `seq` and holds nothing unacked. */
export async function consumedThrough(fx: Fixture, stream: string, durable: string, seq: number): Promise<void> {
  await waitFor(`${durable} to ack ${stream} #${seq}`, async () => {
    const info = await fx.jsm.consumers.info(stream, durable).catch(() => undefined);
    return info !== undefined && info.ack_floor.stream_seq >= seq && info.num_ack_pending === 0 && info.num_pending === 0;
  });
}

/**
 * Resolves once the services whose durables start with one of `prefixes` have consumed and acked
 * everything, and no stream grew meanwhile: the whole pipeline has settled.
 */
export async function settled(fx: Fixture, prefixes: readonly string[], timeoutMs = 15_000): Promise<void> {
  let previous = '';
  await waitFor(
    'the services to settle',
    async () => {
      const lasts: number[] = [];
      let busy = false;
      for (const stream of STREAM_NAMES) {
        const info = await fx.jsm.streams.info(stream);
        lasts.push(info.state.last_seq);
        for await (const c of fx.jsm.consumers.list(stream)) {
          if (prefixes.some((p) => c.name.startsWith(p)) && (c.num_pending > 0 || c.num_ack_pending > 0)) busy = true;
        }
      }
      const now = lasts.join(',');
      const stable = !busy && now === previous;
      previous = now;
      return stable;
    },
    timeoutMs,
  );
}
