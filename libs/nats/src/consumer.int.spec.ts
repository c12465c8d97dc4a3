import type { NatsConnection } from '@nats-io/nats-core';
import { decodeEvent, type Envelope } from '@helios/contracts';
import type { Delivery, StoredEvent } from '@helios/kernel';
import { startNatsServer } from '@helios/testing';
import { ensureTopology } from './ensure-topology';
import { JetStreamBus, type JetStreamBusOptions } from './jetstream-bus';
import { candle, collect, sleep, openFixture, waitUntil, type NatsFixture } from './nats-fixture.testing';

jest.setTimeout(30_000);

let fx: NatsFixture;
const buses: JetStreamBus[] = [];
const hung: Array<() => void> = [];
let errors: string[] = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  hung.forEach((release) => release());
  for (const bus of buses) await bus.close().catch(() => undefined);
  await fx?.stop();
});

beforeEach(async () => {
  errors = [];
  for (const name of ['MD', 'SYSTEM']) await fx.jsm.streams.delete(name);
  await ensureTopology(fx.nc, { replicas: 1 });
});

async function newBus(nc: NatsConnection = fx.nc, opts: JetStreamBusOptions = {}): Promise<JetStreamBus> {
  const bus = await JetStreamBus.create(nc, { onError: (err, context) => errors.push(`${context}: ${String(err)}`), ...opts });
  buses.push(bus);
  return bus;
}

/** A handler promise that never settles until the test ends (a crashed or stuck handler). */
function never(): Promise<void> {
  return new Promise((resolve) => hung.push(resolve));
}

interface Seen {
  seq: number;
  count: number;
  at: number;
}
const seen = (d: Delivery): Seen => ({ seq: d.seq, count: d.deliveryCount, at: Date.now() });

async function deadLetters(bus: JetStreamBus, atLeast: number): Promise<StoredEvent[]> {
  let letters: StoredEvent[] = [];
  await waitUntil(`${atLeast} dead letter(s)`, async () => (letters = await collect(bus.replay('system.dlq.>', { kind: 'all' }))).length >= atLeast);
  return letters;
}

const publishAll = async (bus: JetStreamBus, items: Array<{ subject: string; event: Envelope }>) => {
  for (const { subject, event } of items) await bus.publish(subject, event);
};

describe('durable consumption on a real server', () => {
  it('naks a failed attempt with the back-off and goes on with the next message meanwhile', async () => {
    const bus = await newBus();
    await publishAll(bus, [candle(1), candle(2)]);
    const got: Seen[] = [];
    await bus.consume({ durable: 'backoff', filter: 'md.>', backoffMs: [400] }, (d) => {
      got.push(seen(d));
      if (d.seq === 1 && d.deliveryCount === 1) throw new Error('transient');
    });
    await waitUntil('the redelivery', () => got.length >= 3);
    expect(got.map((s) => [s.seq, s.count])).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
    ]);
    expect(got[2].at - got[0].at).toBeGreaterThanOrEqual(350);
  });

  it('redelivers with deliveryCount 2 when the consumer dies before settling (ack wait expires)', async () => {
    const crashing = await fx.connect();
    const first = await newBus(crashing);
    await publishAll(first, [candle(1), candle(2)]);
    const before: Seen[] = [];
    await first.consume({ durable: 'crashy', filter: 'md.>', ackWaitMs: 1_000, maxAckPending: 1 }, (d) => {
      before.push(seen(d));
      return never();
    });
    await waitUntil('the first delivery', () => before.length === 1);
    await crashing.close(); // the process "dies" with the handler still running

    const second = await newBus();
    const after: Seen[] = [];
    await second.consume({ durable: 'crashy', filter: 'md.>', ackWaitMs: 1_000, maxAckPending: 1 }, (d) => {
      after.push(seen(d));
    });
    await waitUntil('both messages on the new consumer', () => after.length >= 2);
    await sleep(200);
    expect(before.map((s) => [s.seq, s.count])).toEqual([[1, 1]]);
    expect(after.map((s) => [s.seq, s.count])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    const info = await fx.jsm.consumers.info('MD', 'crashy');
    expect([info.num_ack_pending, info.ack_floor.stream_seq]).toEqual([0, 2]);
  });

  it('dead-letters a message whose last allowed attempt never settled, without calling the handler again', async () => {
    const crashing = await fx.connect();
    const first = await newBus(crashing);
    await publishAll(first, [candle(1), candle(2)]);
    let firstCalls = 0;
    const opts = { durable: 'last-try', filter: 'md.>', maxDeliver: 1, ackWaitMs: 1_000, maxAckPending: 1, deadLetterService: 'svc-a' };
    await first.consume(opts, () => {
      firstCalls++;
      return never();
    });
    await waitUntil('the only allowed attempt', () => firstCalls === 1);
    await crashing.close();

    const second = await newBus();
    const after: Seen[] = [];
    await second.consume(opts, (d) => {
      after.push(seen(d));
    });
    const [letter] = await deadLetters(second, 1);
    await waitUntil('the next message', () => after.length >= 1);
    expect(after.map((s) => [s.seq, s.count])).toEqual([[2, 1]]);
    expect(letter.subject).toBe('system.dlq.svc-a');
    expect(letter.event.payload).toMatchObject({ service: 'svc-a', reason: 'poison', originalSeq: 1, deliveryCount: 2 });
    expect(String((letter.event.payload as { message: string }).message)).toContain('not settled within 1 attempts');
  });

  it('dead-letters a poison message with the error and the original, while later messages are consumed', async () => {
    const bus = await newBus();
    const poison = candle(1);
    await publishAll(bus, [poison, candle(2), candle(3)]);
    const order: string[] = [];
    await bus.consume({ durable: 'poisoned', filter: 'md.>', maxDeliver: 3, backoffMs: [100], deadLetterService: 'risk-gate' }, (d) => {
      order.push(`${d.seq}#${d.deliveryCount}`);
      if (d.seq === 1) throw new Error(`bad candle ${d.event.id}`);
    });
    const [letter] = await deadLetters(bus, 1);
    expect(order).toEqual(['1#1', '2#1', '3#1', '1#2', '1#3']);
    expect([letter.stream, letter.subject, letter.event.type, letter.event.cause, letter.event.run]).toEqual([
      'SYSTEM',
      'system.dlq.risk-gate',
      'system.dlq',
      poison.event.id,
      poison.event.run,
    ]);
    expect(letter.event.payload).toEqual({
      service: 'risk-gate',
      reason: 'poison',
      message: `Error: bad candle ${poison.event.id}`,
      errors: [],
      originalSubject: poison.subject,
      originalSeq: 1,
      deliveryCount: 3,
      raw: JSON.stringify(poison.event),
      rawTruncated: false,
    });
    const info = await fx.jsm.consumers.info('MD', 'poisoned');
    expect([info.num_ack_pending, info.ack_floor.stream_seq, info.num_pending]).toEqual([0, 3, 0]);
  });

  it('sends every kind of invalid message to the dead-letter subject with its reason and hands only valid ones to the handler', async () => {
    const bus = await newBus(fx.nc, { maxEventBytes: 4_096 });
    const subject = candle(0).subject;
    const valid = (i: number) => JSON.stringify(candle(i).event);
    const withEvent = (i: number, change: (e: Record<string, unknown>) => void) => {
      const e = JSON.parse(valid(i)) as Record<string, unknown>;
      change(e);
      return JSON.stringify(e);
    };
    const bodies: Array<[string, string]> = [
      ['valid', valid(1)],
      ['malformed-json', '{"id": "x", "type": '],
      ['invalid-envelope', withEvent(2, (e) => delete e['src'])],
      ['unknown-type', withEvent(3, (e) => (e['type'] = 'md.rumour'))],
      ['unsupported-version', withEvent(4, (e) => (e['v'] = 99))],
      ['invalid-payload', withEvent(5, (e) => ((e['payload'] as Record<string, unknown>)['volume'] = -1))],
      ['oversized', withEvent(6, (e) => ((e['payload'] as Record<string, unknown>)['venue'] = 'v'.repeat(5_000)))],
      ['valid', valid(7)],
    ];
    for (const [, body] of bodies) await fx.js.publish(subject, body);

    const handled: number[] = [];
    await bus.consume({ durable: 'validator', filter: 'md.>', deadLetterService: 'indicators' }, (d) => {
      handled.push(d.seq);
    });
    // Read with default limits: the dead letter of the oversized message is itself over 4 KiB.
    const letters = await deadLetters(await newBus(), 6);
    await waitUntil('the valid messages', () => handled.length >= 2);
    expect(handled).toEqual([1, 8]);
    const payloads = letters.map((l) => l.event.payload as Record<string, unknown>);
    expect(payloads.map((p) => [p['originalSeq'], p['reason']])).toEqual(
      bodies.map(([reason], i) => [i + 1, reason]).filter(([, reason]) => reason !== 'valid'),
    );
    for (const p of payloads.filter((x) => x['reason'] !== 'oversized')) {
      expect(p['raw']).toBe(bodies[(p['originalSeq'] as number) - 1][1]);
    }
    expect(payloads.every((p) => p['service'] === 'indicators' && p['originalSubject'] === subject && p['deliveryCount'] === 1)).toBe(true);
    expect((payloads[1]['errors'] as unknown[]).length).toBeGreaterThan(0); // which envelope rule broke
    // Terminated, not pending: nothing comes back.
    await sleep(300);
    const info = await fx.jsm.consumers.info('MD', 'validator');
    expect([info.num_ack_pending, info.num_redelivered, info.ack_floor.stream_seq]).toEqual([0, 0, 8]);
    expect(errors).toEqual([]);
  });

  it('terminates only after the dead letter is stored: while it cannot be, the message keeps coming back', async () => {
    const bus = await newBus();
    await bus.consume({ durable: 'careful', filter: 'md.>', maxDeliver: 10, backoffMs: [150], deadLetterService: 'careful' }, () => undefined);
    await fx.jsm.streams.delete('SYSTEM'); // nowhere to put dead letters for now
    await fx.js.publish(candle(0).subject, 'not json');
    await waitUntil('a failed dead letter', () => errors.length >= 1);
    expect(errors[0]).toContain('dead letter for md.candle.binance.BTC-USDT.1m #1 could not be published');
    expect((await fx.jsm.consumers.info('MD', 'careful')).num_ack_pending).toBe(1);

    await ensureTopology(fx.nc, { replicas: 1 });
    const [letter] = await deadLetters(bus, 1);
    expect(letter.event.payload).toMatchObject({ reason: 'malformed-json', originalSeq: 1, raw: 'not json' });
    expect((letter.event.payload as { deliveryCount: number }).deliveryCount).toBeGreaterThan(1);
    await waitUntil('the ack floor to pass the message', async () => (await fx.jsm.consumers.info('MD', 'careful')).ack_floor.stream_seq === 1);
    expect((await collect(bus.replay('system.dlq.>', { kind: 'all' }))).length).toBe(1);
  });

  it('dead-letters with reason handler-error when the handler terminates a message itself', async () => {
    const bus = await newBus();
    await publishAll(bus, [candle(1), candle(2)]);
    const handled: number[] = [];
    await bus.consume({ durable: 'judge', filter: 'md.>', deadLetterService: 'judge' }, async (d) => {
      handled.push(d.seq);
      if (d.seq === 1) await d.term('stale candle');
    });
    const [letter] = await deadLetters(bus, 1);
    await waitUntil('both messages', () => handled.length >= 2);
    expect(handled).toEqual([1, 2]);
    expect(letter.event.payload).toMatchObject({ reason: 'handler-error', message: 'stale candle', originalSeq: 1, deliveryCount: 1 });
    expect(decodeEvent(JSON.stringify(letter.event)).ok).toBe(true);
  });

  it('refuses, before creating anything, filters that span two streams or a dead-letter service without a stream', async () => {
    const bus = await newBus();
    await expect(bus.consume({ durable: 'wide', filter: ['md.>', 'order.>'] }, () => undefined)).rejects.toThrow(
      'consume(wide): the filters span several streams (md.> -> MD, order.> -> ORDER)',
    );
    await fx.jsm.streams.delete('SYSTEM');
    await expect(bus.consume({ durable: 'no-dlq', filter: 'md.>' }, () => undefined)).rejects.toThrow(
      'consume(no-dlq): dead letters: no stream (or more than one) stores subjects matching "system.dlq.no-dlq"',
    );
    const consumers: string[] = [];
    for await (const c of fx.jsm.consumers.list('MD')) consumers.push(c.name);
    expect(consumers).toEqual([]);
  });
});
