// Test support for this library's integration specs. The specs start nats-server with the
// @helios/testing harness and hand it in (only spec files may import that library).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { createEvent, eventId, subjects, type HeliosEvent } from '@helios/contracts';
import { ensureTopology, Publisher, replay } from '@helios/nats';

export interface TestServer {
  readonly url: string;
  stop(): Promise<void>;
}

export interface NatsFixture {
  url: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  publisher: Publisher;
  /** Closes the connection and stops the server (removing its store). */
  stop(): Promise<void>;
}

/** Connects to a fresh server and declares the Helios topology (one replica). */
export async function openFixture(server: TestServer): Promise<NatsFixture> {
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureTopology(nc, { replicas: 1 });
    const js = jetstream(nc);
    const open = nc;
    return {
      url: server.url,
      nc,
      js,
      jsm: await jetstreamManager(nc),
      publisher: new Publisher(js),
      stop: async () => {
        await open.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (err) {
    await nc?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

export const T0 = 1_704_067_200_000;
export const MINUTE = 60_000;

export interface CandleSpec {
  symbol?: string;
  open?: number;
  close?: number;
  high?: number;
  low?: number;
  volume?: number;
}

/** The closed 1m candle of bar `i` (binance), with its natural-key id. */
export function candle(i: number, spec: CandleSpec = {}): HeliosEvent<'md.candle'> {
  const symbol = spec.symbol ?? 'BTC-USDT';
  const openTime = T0 + i * MINUTE;
  const open = spec.open ?? 100 + i;
  const close = spec.close ?? open + 1;
  return createEvent(
    'md.candle',
    {
      venue: 'binance',
      symbol,
      tf: '1m',
      openTime,
      closeTime: openTime + MINUTE - 1,
      open,
      high: spec.high ?? Math.max(open, close) + 1,
      low: spec.low ?? Math.min(open, close) - 1,
      close,
      volume: spec.volume ?? 1000,
      closed: true,
    },
    { id: eventId('binance', symbol, '1m', openTime), ts: openTime + MINUTE - 1, src: 'test-feed', run: 'paper' },
  );
}

export function marketOrder(n: number, p: { account?: string; qty: number; side?: 'buy' | 'sell'; strategyId?: string; ts: number; instrument?: string }): HeliosEvent<'order.new'> {
  const account = p.account ?? 'paper';
  return createEvent(
    'order.new',
    {
      account,
      clientOrderId: `co-${n}`,
      instrument: p.instrument ?? 'BTC-USDT',
      side: p.side ?? 'buy',
      type: 'market',
      qty: p.qty,
      ...(p.strategyId !== undefined ? { strategyId: p.strategyId } : {}),
    },
    { id: eventId('test-order', account, n), ts: p.ts, src: 'test-orders', run: 'paper' },
  );
}

export function candleSubject(c: HeliosEvent<'md.candle'>): string {
  return subjects.candle(c.payload.venue, c.payload.symbol, c.payload.tf);
}

export interface StoredMessage {
  seq: number;
  subject: string;
  event: HeliosEvent;
}

/** Every valid event stored on the filter's subjects, in stream order. */
export async function readStream(fx: NatsFixture, filter: string | string[]): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  for await (const r of replay(fx.js, fx.jsm, { filter, from: { kind: 'all' } })) {
    if (!r.ok) throw new Error(`stored message ${r.stream} #${r.seq} on ${r.subject} is invalid: ${r.failure.message}`);
    out.push({ seq: r.seq, subject: r.subject, event: r.event as HeliosEvent });
  }
  return out;
}

export { collect as collectEvents, sleep, waitFor } from '@helios/testing-services';

/** Publishes a system.cmd with a deterministic id (unique per call through `n`). */
export async function sendCommand(
  fx: NatsFixture,
  service: string,
  instance: string,
  command: 'stop' | 'pause' | 'resume' | 'reconfigure',
  n: number,
  config?: Record<string, unknown>,
): Promise<void> {
  const event = createEvent(
    'system.cmd',
    { service, instance, command, ...(config !== undefined ? { config } : {}) },
    { id: eventId('test-cmd', service, instance, command, n), ts: T0 + n, src: 'test', run: 'live' },
  );
  await fx.publisher.publish(subjects.cmd(service, instance), event);
}
