// Shared by this library's integration tests only (not exported from index.ts). The specs start the
// server with the @helios/testing harness and hand it in (only spec files may import that library).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { createEvent, eventId, subjects, type Envelope } from '@helios/contracts';
import { ensureTopology } from './ensure-topology';

/** The parts of the harness's NatsServerHandle the fixture and the tests use. */
export interface TestServer {
  readonly url: string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface NatsFixture {
  server: TestServer;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Closes every connection opened through the fixture, then stops the server (removing its store). */
  stop(): Promise<void>;
  /** Another connection to the same server, closed by stop(). */
  connect(): Promise<NatsConnection>;
}

/** Connects to a fresh server (reconnecting forever) and declares the Helios topology (R1) on it. */
export async function openFixture(server: TestServer, opts: { topology?: boolean } = {}): Promise<NatsFixture> {
  const connections: NatsConnection[] = [];
  const open = async () => {
    const c = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    connections.push(c);
    return c;
  };
  try {
    const nc = await open();
    if (opts.topology !== false) await ensureTopology(nc, { replicas: 1 });
    return {
      server,
      nc,
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
      connect: open,
      stop: async () => {
        for (const c of connections) await c.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (err) {
    for (const c of connections) await c.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

const T0 = 1_704_067_200_000;
const MINUTE = 60_000;

/** A valid md.candle event (current version) for bar `i` of `symbol`, with its deterministic id. */
export function candle(i: number, symbol = 'BTC-USDT'): { subject: string; event: Envelope } {
  const openTime = T0 + i * MINUTE;
  const base = 100 + i;
  return {
    subject: subjects.candle('binance', symbol, '1m'),
    event: createEvent(
      'md.candle',
      {
        venue: 'binance',
        symbol,
        tf: '1m',
        openTime,
        closeTime: openTime + MINUTE - 1,
        open: base,
        high: base + 2,
        low: base - 1,
        close: base + 1,
        volume: 10 + i,
        closed: true,
      },
      { id: eventId('binance', symbol, '1m', openTime), ts: openTime + MINUTE - 1, src: 'nats-test', run: 'live' },
    ),
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
