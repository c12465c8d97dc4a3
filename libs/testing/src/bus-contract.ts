import { createEvent, STREAMS, subjects, type Envelope } from '@helios/contracts';
import type { Bus, ConsumeOptions, Delivery, StoredEvent, Subscription } from '@helios/kernel';

/**
 * The streams the Bus conformance suite publishes to: these entries of the real Helios layout. A bus
 * under test must store at least these (the full `STREAMS` is fine: `unrouted.>` is in none of them).
 */
export const BUS_CONTRACT_STREAMS = {
  MD: STREAMS.MD,
  RISK: STREAMS.RISK,
  ORDER: STREAMS.ORDER,
  SYSTEM: STREAMS.SYSTEM,
} as const satisfies Record<string, readonly string[]>;

export interface BusUnderTest {
  bus: Bus;
  /** Stops whatever `setup` started (server, connections, temp dirs). */
  teardown(): Promise<void>;
}

export interface BusContractOptions {
  /** Per-test timeout; the slowest test waits for 3 deliveries with a 20 ms back-off. Default 15 s. */
  testTimeoutMs?: number;
  /** How long to keep watching for deliveries that must NOT happen (default 150 ms, > 5 back-offs). */
  quietPeriodMs?: number;
}

/** Back-off and attempts used wherever the suite makes a handler fail: short, so a real server is fast. */
export const BUS_CONTRACT_RETRY: Readonly<Pick<ConsumeOptions, 'maxDeliver' | 'backoffMs'>> = { maxDeliver: 3, backoffMs: [20] };

const T0 = 1_700_000_040_000;
const MINUTE = 60_000;

const meta = (id: string, ts: number) => ({ id, ts, src: 'bus-contract', run: 'contract' });

/** A valid `md.candle` event for bar `i` of `symbol` (built by the contracts, so it passes decoding). */
export function contractCandle(i: number, symbol = 'BTC-USDT'): { subject: string; event: Envelope } {
  const openTime = T0 + i * MINUTE;
  const base = 100 + i;
  const payload = { venue: 'binance', symbol, tf: '1m', openTime, closeTime: openTime + MINUTE - 1, open: base, high: base + 2, low: base - 1, close: base + 1, volume: 10 + i, closed: true };
  return { subject: subjects.candle('binance', symbol, '1m'), event: createEvent('md.candle', payload, meta(`contract-candle-${symbol}-${i}`, openTime + MINUTE - 1)) };
}

/** A valid market `order.new` event on account `acc1`. */
export function contractOrder(i: number): { subject: string; event: Envelope } {
  const payload = { account: 'acc1', clientOrderId: `co-${i}`, instrument: 'BTC-USDT', side: 'buy', type: 'market', qty: 1 } as const;
  return { subject: subjects.order('new', 'acc1'), event: createEvent('order.new', payload, meta(`contract-order-${i}`, T0 + i * MINUTE)) };
}

/** A valid `risk.halt` event: RISK is the stream with several filters. */
export function contractHalt(): { subject: string; event: Envelope } {
  return { subject: subjects.riskHalt(), event: createEvent('risk.halt', { halted: true, reason: 'contract test', by: 'bus-contract' }, meta('contract-halt-1', T0)) };
}

interface Received {
  id: string;
  seq: number;
  subject: string;
  stream: string;
  deliveryCount: number;
  storedAt: number;
  event: Envelope;
}

function received(d: Delivery): Received {
  return { id: d.event.id, seq: d.seq, subject: d.subject, stream: d.stream, deliveryCount: d.deliveryCount, storedAt: d.storedAt, event: d.event };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, describeState: () => string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; state: ${describeState()}`);
    await sleep(5);
  }
}

async function collect<E extends Envelope>(iterable: AsyncIterable<StoredEvent<E>>): Promise<StoredEvent<E>[]> {
  const out: StoredEvent<E>[] = [];
  for await (const stored of iterable) out.push(stored);
  return out;
}

const seqsOf = (items: { seq: number }[]) => items.map((x) => x.seq);
const idsOf = (items: { id: string }[]) => items.map((x) => x.id);
const countsFor = (items: Received[], id: string) => items.filter((x) => x.id === id).map((x) => x.deliveryCount);

/**
 * Defines jest tests that check a Bus implementation against the semantics of the Bus port
 * (`libs/kernel/src/ports/bus.ts`). `setup` runs before EACH test and must return a bus whose streams
 * (at least `BUS_CONTRACT_STREAMS`) are empty, so sequence numbers start at 1 in every test; the
 * suite stops its subscriptions and then calls `teardown` after each test.
 */
export function describeBusContract(name: string, setup: () => Promise<BusUnderTest>, options: BusContractOptions = {}): void {
  const timeout = options.testTimeoutMs ?? 15_000;
  const quietMs = options.quietPeriodMs ?? 150;

  describe(`Bus contract: ${name}`, () => {
    let underTest: BusUnderTest | undefined;
    let bus: Bus;
    let live: Subscription[] = [];

    beforeEach(async () => {
      underTest = await setup();
      bus = underTest.bus;
    });

    afterEach(async () => {
      const subs = live;
      live = [];
      try {
        for (const sub of subs) await sub.stop();
      } finally {
        await underTest?.teardown();
        underTest = undefined;
      }
    });

    async function publish(message: { subject: string; event: Envelope }) {
      return bus.publish(message.subject, message.event);
    }

    async function consume(opts: ConsumeOptions, handler: (d: Delivery) => Promise<void> | void = () => undefined) {
      const sub = await bus.consume(opts, handler);
      live.push(sub);
      return sub;
    }

    async function stop(sub: Subscription) {
      live = live.filter((s) => s !== sub);
      await sub.stop();
    }

    /** A consumer that records every delivery, optionally failing some first. */
    async function recordingConsumer(opts: ConsumeOptions, before?: (d: Delivery) => Promise<void> | void) {
      const got: Received[] = [];
      const sub = await consume(opts, async (d) => {
        got.push(received(d));
        if (before) await before(d);
      });
      return { got, sub };
    }

    it(
      'numbers each stream 1, 2, 3, ... independently and names the stream in the ack',
      async () => {
        const acks = [];
        acks.push(await publish(contractCandle(1)));
        acks.push(await publish(contractCandle(2)));
        acks.push(await publish(contractOrder(1)));
        acks.push(await publish(contractCandle(3)));
        acks.push(await publish(contractOrder(2)));
        expect(acks.map(({ stream, seq, duplicate }) => ({ stream, seq, duplicate }))).toEqual([
          { stream: 'MD', seq: 1, duplicate: false },
          { stream: 'MD', seq: 2, duplicate: false },
          { stream: 'ORDER', seq: 1, duplicate: false },
          { stream: 'MD', seq: 3, duplicate: false },
          { stream: 'ORDER', seq: 2, duplicate: false },
        ]);
      },
      timeout,
    );

    it(
      'stores a subject of a multi-filter stream in that stream',
      async () => {
        const halt = contractHalt();
        const first = await publish(halt);
        expect({ stream: first.stream, seq: first.seq, duplicate: first.duplicate }).toEqual({ stream: 'RISK', seq: 1, duplicate: false });
        const stored = await collect(bus.replay(halt.subject, { kind: 'all' }));
        expect(stored.map((s) => [s.stream, s.subject, s.seq, s.event])).toEqual([['RISK', 'risk.halt', 1, halt.event]]);
      },
      timeout,
    );

    it(
      'answers duplicate: true with the original sequence for a re-published id, and stores it once',
      async () => {
        const c1 = contractCandle(1);
        expect((await publish(c1)).seq).toBe(1);
        const again = await publish(c1);
        expect({ stream: again.stream, seq: again.seq, duplicate: again.duplicate }).toEqual({ stream: 'MD', seq: 1, duplicate: true });
        const c2 = await publish(contractCandle(2));
        expect({ seq: c2.seq, duplicate: c2.duplicate }).toEqual({ seq: 2, duplicate: false });
        const stored = await collect(bus.replay('md.>', { kind: 'all' }));
        expect(stored.map((s) => [s.seq, s.event.id])).toEqual([
          [1, c1.event.id],
          [2, contractCandle(2).event.id],
        ]);
      },
      timeout,
    );

    it(
      'rejects a subject that belongs to no stream, naming the subject, and stores nothing',
      async () => {
        await expect(bus.publish('unrouted.nothing.here', contractCandle(1).event)).rejects.toThrow('unrouted.nothing.here');
        const next = await publish(contractCandle(2));
        expect({ stream: next.stream, seq: next.seq }).toEqual({ stream: 'MD', seq: 1 });
      },
      timeout,
    );

    it(
      'delivers every matching message once, in stream order, before and after the consumer starts',
      async () => {
        const before = [1, 2, 3].map((i) => contractCandle(i));
        for (const m of before) await publish(m);
        await publish(contractOrder(1));
        const { got } = await recordingConsumer({ durable: 'in-order', filter: 'md.>' });
        const after = [4, 5, 6].map((i) => contractCandle(i));
        for (const m of after) await publish(m);
        await waitUntil(() => got.length >= 6, () => JSON.stringify(seqsOf(got)));
        await sleep(quietMs);

        const all = [...before, ...after];
        expect(got.map((r) => [r.stream, r.seq, r.subject, r.deliveryCount])).toEqual(all.map((m, i) => ['MD', i + 1, m.subject, 1]));
        expect(got.map((r) => r.event)).toEqual(all.map((m) => m.event));
        for (let i = 1; i < got.length; i++) expect(got[i].storedAt).toBeGreaterThanOrEqual(got[i - 1].storedAt);
      },
      timeout,
    );

    it(
      'delivers only the subjects its filters match',
      async () => {
        for (let i = 1; i <= 3; i++) {
          await publish(contractCandle(i, 'BTC-USDT'));
          await publish(contractCandle(i, 'ETH-USDT'));
          await publish(contractCandle(i, 'SOL-USDT'));
        }
        const { got } = await recordingConsumer({ durable: 'narrow', filter: ['md.candle.*.ETH-USDT.>', 'md.candle.binance.SOL-USDT.1m'] });
        await waitUntil(() => got.length >= 6, () => JSON.stringify(idsOf(got)));
        await sleep(quietMs);
        expect(got.map((r) => [r.seq, r.id])).toEqual([
          [2, 'contract-candle-ETH-USDT-1'],
          [3, 'contract-candle-SOL-USDT-1'],
          [5, 'contract-candle-ETH-USDT-2'],
          [6, 'contract-candle-SOL-USDT-2'],
          [8, 'contract-candle-ETH-USDT-3'],
          [9, 'contract-candle-SOL-USDT-3'],
        ]);
      },
      timeout,
    );

    it(
      'gives each of two durables on the same filter every message',
      async () => {
        const a = await recordingConsumer({ durable: 'twin-a', filter: 'md.>' });
        const b = await recordingConsumer({ durable: 'twin-b', filter: 'md.>' });
        for (let i = 1; i <= 4; i++) await publish(contractCandle(i));
        await waitUntil(() => a.got.length >= 4 && b.got.length >= 4, () => `a=${seqsOf(a.got)} b=${seqsOf(b.got)}`);
        await sleep(quietMs);
        expect(seqsOf(a.got)).toEqual([1, 2, 3, 4]);
        expect(seqsOf(b.got)).toEqual([1, 2, 3, 4]);
      },
      timeout,
    );

    it(
      'resumes a restarted durable after its last ack: it gets exactly the rest',
      async () => {
        for (let i = 1; i <= 3; i++) await publish(contractCandle(i));
        const first = await recordingConsumer({ durable: 'resumer', filter: 'md.>' });
        await waitUntil(() => first.got.length >= 3, () => JSON.stringify(seqsOf(first.got)));
        await stop(first.sub);
        expect(seqsOf(first.got)).toEqual([1, 2, 3]);

        for (let i = 4; i <= 5; i++) await publish(contractCandle(i));
        const second = await recordingConsumer({ durable: 'resumer', filter: 'md.>' });
        await waitUntil(() => second.got.length >= 2, () => JSON.stringify(seqsOf(second.got)));
        const fresh = await recordingConsumer({ durable: 'newcomer', filter: 'md.>' });
        await waitUntil(() => fresh.got.length >= 5, () => JSON.stringify(seqsOf(fresh.got)));
        await sleep(quietMs);
        expect(second.got.map((r) => [r.seq, r.id, r.deliveryCount])).toEqual([
          [4, 'contract-candle-BTC-USDT-4', 1],
          [5, 'contract-candle-BTC-USDT-5', 1],
        ]);
        expect(seqsOf(fresh.got)).toEqual([1, 2, 3, 4, 5]);
      },
      timeout,
    );

    it(
      'starts a new durable at deliverFrom seq',
      async () => {
        for (let i = 1; i <= 5; i++) await publish(contractCandle(i));
        const { got } = await recordingConsumer({ durable: 'from-seq', filter: 'md.>', deliverFrom: { kind: 'seq', seq: 3 } });
        await waitUntil(() => got.length >= 3, () => JSON.stringify(seqsOf(got)));
        await sleep(quietMs);
        expect(seqsOf(got)).toEqual([3, 4, 5]);
      },
      timeout,
    );

    it(
      'redelivers a message whose handler threw once, with deliveryCount 2, then settles it',
      async () => {
        await publish(contractCandle(1));
        await publish(contractCandle(2));
        const failing = contractCandle(1).event.id;
        const { got } = await recordingConsumer({ durable: 'retry-once', filter: 'md.>', deadLetterService: 'retry-once', ...BUS_CONTRACT_RETRY }, (d) => {
          if (d.event.id === failing && d.deliveryCount === 1) throw new Error('transient failure');
        });
        await waitUntil(() => got.length >= 3, () => JSON.stringify(got.map((r) => [r.seq, r.deliveryCount])));
        await sleep(quietMs);
        expect(countsFor(got, failing)).toEqual([1, 2]);
        expect(countsFor(got, contractCandle(2).event.id)).toEqual([1]);
        expect(got.find((r) => r.deliveryCount === 2)?.seq).toBe(1);
        expect(await collect(bus.replay('system.dlq.>', { kind: 'all' }))).toEqual([]);
      },
      timeout,
    );

    it(
      'redelivers a message the handler nak()ed itself, and does not redeliver one it ack()ed before throwing',
      async () => {
        await publish(contractCandle(1));
        await publish(contractCandle(2));
        const nakked = contractCandle(1).event.id;
        const ackedThenThrew = contractCandle(2).event.id;
        const { got } = await recordingConsumer({ durable: 'self-settle', filter: 'md.>', ...BUS_CONTRACT_RETRY }, async (d) => {
          if (d.event.id === nakked && d.deliveryCount === 1) await d.nak();
          if (d.event.id === ackedThenThrew) {
            await d.ack();
            throw new Error('thrown after ack');
          }
        });
        await waitUntil(() => got.length >= 3, () => JSON.stringify(got.map((r) => [r.seq, r.deliveryCount])));
        await sleep(quietMs);
        expect(countsFor(got, nakked)).toEqual([1, 2]);
        expect(countsFor(got, ackedThenThrew)).toEqual([1]);
        expect(await collect(bus.replay('system.dlq.>', { kind: 'all' }))).toEqual([]);
      },
      timeout,
    );

    it(
      'dead-letters a message that fails maxDeliver times on system.dlq.<service> (poison) and keeps consuming',
      async () => {
        const poison = contractCandle(1);
        await publish(poison);
        await publish(contractCandle(2));
        const { got } = await recordingConsumer(
          { durable: 'poisoned', filter: 'md.>', deadLetterService: 'contract-svc', ...BUS_CONTRACT_RETRY },
          (d) => {
            if (d.event.id === poison.event.id) throw new Error(`cannot process ${d.event.id}`);
          },
        );
        await waitUntil(
          () => countsFor(got, poison.event.id).length >= 3 && countsFor(got, contractCandle(2).event.id).length >= 1,
          () => JSON.stringify(got.map((r) => [r.seq, r.deliveryCount])),
        );
        expect(await waitForReplay('system.dlq.>', 1)).toHaveLength(1);
        await publish(contractCandle(3));
        await waitUntil(() => got.some((r) => r.seq === 3), () => JSON.stringify(got.map((r) => [r.seq, r.deliveryCount])));
        await sleep(quietMs);

        expect(countsFor(got, poison.event.id)).toEqual([1, 2, 3]);
        expect(countsFor(got, contractCandle(2).event.id)).toEqual([1]);
        expect(countsFor(got, contractCandle(3).event.id)).toEqual([1]);
        const dead = await collect(bus.replay('system.dlq.>', { kind: 'all' }));
        expect(dead).toHaveLength(1);
        const [letter] = dead;
        expect([letter.stream, letter.subject, letter.event.type]).toEqual(['SYSTEM', 'system.dlq.contract-svc', 'system.dlq']);
        const payload = letter.event.payload as Record<string, unknown>;
        expect(payload).toMatchObject({ service: 'contract-svc', reason: 'poison', originalSubject: poison.subject, originalSeq: 1, deliveryCount: 3 });
        expect(String(payload['message'])).toContain(`cannot process ${poison.event.id}`);
      },
      timeout,
    );

    it(
      'dead-letters on system.dlq.<durable> when no dead-letter service is given, visible to a DLQ consumer',
      async () => {
        const watcher = await recordingConsumer({ durable: 'dlq-watch', filter: 'system.dlq.>' });
        await consume({ durable: 'no-service', filter: 'md.>', maxDeliver: 2, backoffMs: [20] }, () => {
          throw new Error('always fails');
        });
        await publish(contractCandle(7));
        await waitUntil(() => watcher.got.length >= 1, () => `dead letters: ${watcher.got.length}`);
        await sleep(quietMs);
        expect(watcher.got.map((r) => [r.stream, r.subject, r.event.type])).toEqual([['SYSTEM', 'system.dlq.no-service', 'system.dlq']]);
        expect(watcher.got[0].event.payload).toMatchObject({ service: 'no-service', reason: 'poison', originalSeq: 1, deliveryCount: 2 });
      },
      timeout,
    );

    it(
      'replays from a sequence exactly the stored events from there, filtered, in order',
      async () => {
        for (let i = 1; i <= 3; i++) {
          await publish(contractCandle(i, 'BTC-USDT'));
          await publish(contractCandle(i, 'ETH-USDT'));
        }
        await publish(contractOrder(1));
        const fromThree = await collect(bus.replay('md.>', { kind: 'seq', seq: 3 }));
        expect(fromThree.map((s) => [s.stream, s.seq, s.subject, s.event.id])).toEqual([
          ['MD', 3, 'md.candle.binance.BTC-USDT.1m', 'contract-candle-BTC-USDT-2'],
          ['MD', 4, 'md.candle.binance.ETH-USDT.1m', 'contract-candle-ETH-USDT-2'],
          ['MD', 5, 'md.candle.binance.BTC-USDT.1m', 'contract-candle-BTC-USDT-3'],
          ['MD', 6, 'md.candle.binance.ETH-USDT.1m', 'contract-candle-ETH-USDT-3'],
        ]);
        expect(fromThree[0].event).toEqual(contractCandle(2, 'BTC-USDT').event);
        const eth = await collect(bus.replay('md.candle.*.ETH-USDT.>', { kind: 'seq', seq: 3 }));
        expect(seqsOf(eth)).toEqual([4, 6]);
        expect(seqsOf(await collect(bus.replay('md.>', { kind: 'all' })))).toEqual([1, 2, 3, 4, 5, 6]);
        expect(await collect(bus.replay('md.>', { kind: 'seq', seq: 7 }))).toEqual([]);
        expect(seqsOf(await collect(bus.replay('order.>', { kind: 'all' })))).toEqual([1]);
      },
      timeout,
    );

    it(
      'replays from a storage time exactly the events stored at or after it',
      async () => {
        for (let i = 1; i <= 2; i++) await publish(contractCandle(i));
        await sleep(5);
        for (let i = 3; i <= 5; i++) {
          await publish(contractCandle(i));
          await sleep(2);
        }
        const all = await collect(bus.replay('md.>', { kind: 'all' }));
        expect(seqsOf(all)).toEqual([1, 2, 3, 4, 5]);
        const start = all[2].storedAt;
        const expected = all.filter((s) => s.storedAt >= start);
        const fromTime = await collect(bus.replay('md.>', { kind: 'time', ts: start }));
        expect(fromTime.map((s) => [s.seq, s.event.id, s.storedAt])).toEqual(expected.map((s) => [s.seq, s.event.id, s.storedAt]));
        expect(seqsOf(fromTime).slice(-3)).toEqual([3, 4, 5]);
        expect(await collect(bus.replay('md.>', { kind: 'time', ts: all[4].storedAt + 60_000 }))).toEqual([]);
      },
      timeout,
    );

    it(
      'ends a replay at the last message stored when it was called',
      async () => {
        for (let i = 1; i <= 3; i++) await publish(contractCandle(i));
        const iterator = bus.replay('md.>', { kind: 'all' })[Symbol.asyncIterator]();
        const first = await iterator.next();
        expect(first.done ? undefined : first.value.seq).toBe(1);
        await publish(contractCandle(4));
        const rest: number[] = [];
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value.seq);
        expect(rest).toEqual([2, 3]);
        expect(seqsOf(await collect(bus.replay('md.>', { kind: 'all' })))).toEqual([1, 2, 3, 4]);
      },
      timeout,
    );

    /** Replays `filter` until it holds at least `atLeast` messages (dead letters are published asynchronously). */
    async function waitForReplay(filter: string, atLeast: number, timeoutMs = 5_000): Promise<StoredEvent[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const items = await collect(bus.replay(filter, { kind: 'all' }));
        if (items.length >= atLeast) return items;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${atLeast} message(s) on ${filter}; found ${items.length}`);
        await sleep(5);
      }
    }
  });
}
