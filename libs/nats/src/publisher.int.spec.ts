import { jetstream } from '@nats-io/jetstream';
import { startNatsServer } from '@helios/testing';
import { ensureTopology } from './ensure-topology';
import { isRetryablePublishError, NoStreamForSubjectError } from './jetstream-errors';
import { candle, openFixture, sleep, type NatsFixture } from './nats-fixture.testing';
import type { NatsConnection } from '@nats-io/nats-core';
import type { JetStreamClient } from '@nats-io/jetstream';
import { PubAckMux } from './pub-ack-mux';
import { PublishBatchError, PublishError, Publisher, type PublisherOptions, type PublishRetry } from './publisher';
import { MAX_EVENT_BYTES } from './topology';

jest.setTimeout(30_000);

let fx: NatsFixture;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  await fx?.stop();
});

// A purge would keep the de-duplication window and the sequence counter: start from a new stream.
beforeEach(async () => {
  await fx.jsm.streams.delete('MD');
  await ensureTopology(fx.nc, { replicas: 1 });
});

const mdMessages = async () => (await fx.jsm.streams.info('MD')).state.messages;

type MakePublisher = (js: JetStreamClient, nc: NatsConnection, opts?: PublisherOptions) => Publisher;
const muxes: PubAckMux[] = [];
afterEach(() => muxes.splice(0).forEach((m) => m.close()));
const viaClient: MakePublisher = (js, _nc, opts) => new Publisher(js, opts);
const viaMux: MakePublisher = (js, nc, opts) => {
  const acks = new PubAckMux(nc);
  muxes.push(acks);
  return new Publisher(js, { ...opts, acks });
};

// Every behaviour holds for both publish paths: the client's request/reply and the PubAck multiplexer.
describe.each([
  ['js.publish', viaClient],
  ['PubAckMux', viaMux],
])('Publisher on a real server (%s)', (_path, make: MakePublisher) => {
  it('sets Nats-Msg-Id to the event id: re-publishing answers duplicate with the original sequence and stores once', async () => {
    const publisher = make(fx.js, fx.nc);
    const c1 = candle(1);
    const first = await publisher.publish(c1.subject, c1.event);
    const again = await publisher.publish(c1.subject, c1.event);
    const c2 = await publisher.publish(candle(2).subject, candle(2).event);
    expect([first, again, c2]).toEqual([
      { stream: 'MD', seq: 1, duplicate: false },
      { stream: 'MD', seq: 1, duplicate: true },
      { stream: 'MD', seq: 2, duplicate: false },
    ]);
    expect(await mdMessages()).toBe(2);
    const stored = await fx.jsm.streams.getMessage('MD', { seq: first.seq });
    expect(stored?.header.get('Nats-Msg-Id')).toBe(c1.event.id);
    expect(stored?.json()).toEqual(c1.event);
  });

  it('fails at once, naming the subject, when no stream captures it', async () => {
    const retries: PublishRetry[] = [];
    const started = Date.now();
    const err = await make(fx.js, fx.nc, { deadlineMs: 30_000, onRetry: (r) => retries.push(r) })
      .publish('unrouted.nothing.here', candle(1).event)
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(PublishError);
    expect((err as Error).cause).toBeInstanceOf(NoStreamForSubjectError);
    expect((err as Error).message).toContain('"unrouted.nothing.here"');
    expect(isRetryablePublishError(err)).toBe(false);
    expect(retries).toEqual([]);
  });

  it('fails at once when the event is larger than the stream accepts', async () => {
    const retries: PublishRetry[] = [];
    const big = candle(3);
    const event = { ...big.event, payload: { ...(big.event.payload as object), note: 'x'.repeat(MAX_EVENT_BYTES) } };
    const err = await make(fx.js, fx.nc, { onRetry: (r) => retries.push(r) }).publish(big.subject, event).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishError);
    expect((err as Error).message).toContain('message size exceeds maximum allowed');
    expect(isRetryablePublishError(err)).toBe(false);
    expect(retries).toEqual([]);
    expect(await mdMessages()).toBe(0);
  });

  it('rejects an event without an id or a wildcard subject before sending anything', async () => {
    const publisher = make(fx.js, fx.nc);
    await expect(publisher.publish(candle(1).subject, { ...candle(1).event, id: '' })).rejects.toThrow('the event has no id');
    await expect(publisher.publish('md.candle.>', candle(1).event)).rejects.toThrow('publish: subject "md.candle.>" contains the wildcard ">"');
    expect(await mdMessages()).toBe(0);
  });

  it('publishMany keeps many in flight and returns the acks in item order, flagging duplicates', async () => {
    const items = Array.from({ length: 600 }, (_, i) => candle(i, i % 2 === 0 ? 'BTC-USDT' : 'ETH-USDT'));
    items.splice(300, 0, items[10]); // the same event again, mid-batch
    const acks = await make(fx.js, fx.nc).publishMany(items, { maxInFlight: 64 });
    expect(acks).toHaveLength(601);
    const expected = items.map((_, i) => (i < 300 ? i + 1 : i === 300 ? 11 : i));
    expect(acks.map((a) => a.seq)).toEqual(expected);
    expect(acks.map((a, i) => [i, a.duplicate]).filter(([, d]) => d)).toEqual([[300, true]]);
    expect(await mdMessages()).toBe(600);
  });

  it('publishMany stops at the first failing item and names it', async () => {
    const items = [candle(1), candle(2), candle(3), { subject: 'unrouted.x', event: candle(4).event }, candle(5)];
    const err = await make(fx.js, fx.nc).publishMany(items, { maxInFlight: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PublishBatchError);
    const batch = err as PublishBatchError;
    expect(batch.index).toBe(3);
    expect(batch.message).toContain('item 3 failed');
    expect(batch.acks.map((a) => a !== undefined)).toEqual([true, true, true, false, false]);
    expect(await mdMessages()).toBe(3);
  });

  it('retries through a server crash with the same msg id: stored once, acked after the restart', async () => {
    const nc = await fx.connect();
    const retries: PublishRetry[] = [];
    const publisher = make(jetstream(nc), nc, { attemptTimeoutMs: 500, deadlineMs: 20_000, onRetry: (r) => retries.push(r) });
    const before = await publisher.publish(candle(1).subject, candle(1).event);

    await fx.server.kill('SIGKILL');
    const during = publisher.publish(candle(2).subject, candle(2).event);
    await sleep(1_500);
    await fx.server.restart();
    const ack = await during;

    expect(ack).toEqual({ stream: 'MD', seq: before.seq + 1, duplicate: false });
    expect(retries.length).toBeGreaterThan(0);
    expect(new Set(retries.map((r) => r.eventId))).toEqual(new Set([candle(2).event.id]));
    expect(retries.every((r) => isRetryablePublishError(r.error))).toBe(true);
    // The acknowledged message survived the crash (fsync of the ack'ed write) and is there once.
    expect(await publisher.publish(candle(2).subject, candle(2).event)).toEqual({ ...ack, duplicate: true });
    expect(await mdMessages()).toBe(2);
  });
});

describe('PubAckMux on a real server', () => {
  it('times out like js.publish when something answers nothing (a core subscriber, no stream): retryable, nothing left waiting', async () => {
    const mute = fx.nc.subscribe('mute.subject');
    const acks = new PubAckMux(fx.nc);
    try {
      const started = performance.now();
      const err = await acks.publish('mute.subject', new Uint8Array([1]), 'id-1', 300).catch((e: unknown) => e);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(err).toMatchObject({ name: 'TimeoutError', message: expect.stringContaining('"mute.subject" within 300 ms') });
      expect(isRetryablePublishError(err)).toBe(true);
      expect(acks.pending).toBe(0);
    } finally {
      mute.unsubscribe();
      acks.close();
    }
  });

  it('keeps many publishes of several subjects apart: each gets its own stream sequence', async () => {
    const acks = new PubAckMux(fx.nc);
    try {
      const items = Array.from({ length: 300 }, (_, i) => candle(i, i % 3 === 0 ? 'BTC-USDT' : 'ETH-USDT'));
      const got = await Promise.all(items.map((c) => acks.publish(c.subject, new TextEncoder().encode(JSON.stringify(c.event)), c.event.id, 5_000)));
      expect(got.map((a) => a.seq).sort((a, b) => a - b)).toEqual(items.map((_, i) => i + 1));
      // Sent in order on one connection: stored in order.
      expect(got.map((a) => a.seq)).toEqual(items.map((_, i) => i + 1));
      expect(acks.pending).toBe(0);
    } finally {
      acks.close();
    }
  });

  it('rejects what waits when its connection closes, and closes itself', async () => {
    const nc = await fx.connect();
    const mute = nc.subscribe('mute.subject');
    const acks = new PubAckMux(nc);
    const waiting = acks.publish('mute.subject', new Uint8Array([1]), 'id-4', 30_000).catch((e: unknown) => e);
    await nc.flush();
    mute.unsubscribe();
    await nc.close();
    expect(await waiting).toBeInstanceOf(Error);
    await expect(acks.publish('mute.subject', new Uint8Array([1]), 'id-5', 1_000)).rejects.toThrow();
    expect(acks.pending).toBe(0);
  });

  it('refuses to publish once closed, and close rejects what still waits', async () => {
    const mute = fx.nc.subscribe('mute.subject');
    const acks = new PubAckMux(fx.nc);
    const waiting = acks.publish('mute.subject', new Uint8Array([1]), 'id-2', 10_000);
    acks.close();
    await expect(waiting).rejects.toThrow('PubAckMux: closed while waiting for the PubAck');
    await expect(acks.publish(candle(1).subject, new Uint8Array([1]), 'id-3', 1_000)).rejects.toThrow('PubAckMux: closed; cannot publish to "md.candle.');
    mute.unsubscribe();
  });
});
