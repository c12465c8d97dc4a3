import type { Envelope } from '@helios/contracts';
import { BacktestClock } from './clock/backtest-clock';
import { InMemoryBus, type InMemoryBusOptions } from './in-memory-bus';
import type { Delivery, StoredEvent, Subscription } from './ports/bus';

const LAYOUT = {
  MD: ['md.>'],
  RISK: ['risk.approved.>', 'risk.rejected.>', 'risk.halt'],
  ORDER: ['order.>'],
  SYSTEM: ['system.>'],
};

function bar(i: number, symbol = 'BTC-USDT'): Envelope {
  return { id: `bar-${symbol}-${i}`, type: 'md.candle', v: 2, ts: i * 60_000, src: 'test', run: 'bt-1', payload: { symbol, i } };
}
const barSubject = (symbol = 'BTC-USDT') => `md.candle.sim.${symbol}.1m`;

function makeBus(overrides: Partial<InMemoryBusOptions> = {}) {
  const clock = new BacktestClock(1_000);
  const bus = new InMemoryBus({ clock, streams: LAYOUT, ...overrides });
  return { clock, bus };
}

async function collect<E extends Envelope>(iterable: AsyncIterable<StoredEvent<E>>): Promise<StoredEvent<E>[]> {
  const out: StoredEvent<E>[] = [];
  for await (const s of iterable) out.push(s);
  return out;
}

const trace = (d: Delivery) => `${d.event.id}#${d.deliveryCount}`;

describe('InMemoryBus construction', () => {
  it('rejects overlapping streams, naming both streams and filters', () => {
    expect(() => new InMemoryBus({ clock: new BacktestClock(0), streams: { MD: ['md.>'], CANDLES: ['md.candle.>'] } })).toThrow(
      'InMemoryBus: stream CANDLES filter "md.candle.>" overlaps stream MD filter "md.>"; a subject must belong to one stream',
    );
  });

  it('rejects an empty layout, a bad stream name, a malformed filter, a missing clock and a negative window', () => {
    const clock = new BacktestClock(0);
    expect(() => new InMemoryBus({ clock, streams: {} })).toThrow('InMemoryBus: options.streams must name at least one stream');
    expect(() => new InMemoryBus({ clock, streams: { 'M.D': ['md.>'] } })).toThrow('InMemoryBus: stream name "M.D" must be non-empty');
    expect(() => new InMemoryBus({ clock, streams: { MD: [] } })).toThrow('InMemoryBus: stream MD needs a non-empty array of subject filters');
    expect(() => new InMemoryBus({ clock, streams: { MD: ['md.>.x'] } })).toThrow('InMemoryBus: stream MD filter "md.>.x": ">" is only allowed as the last token');
    expect(() => new InMemoryBus({ clock: undefined as never, streams: LAYOUT })).toThrow('InMemoryBus: options.clock must be a Clock');
    expect(() => new InMemoryBus({ clock, streams: LAYOUT, duplicateWindowMs: -1 })).toThrow(
      'InMemoryBus: options.duplicateWindowMs must be a finite number >= 0, got -1',
    );
  });
});

describe('InMemoryBus publish', () => {
  it('stamps storage time from the bus clock', async () => {
    const { bus, clock } = makeBus();
    await bus.publish(barSubject(), bar(1));
    clock.advanceTo(5_000);
    await bus.publish(barSubject(), bar(2));
    const stored = await collect(bus.replay('md.>', { kind: 'all' }));
    expect(stored.map((s) => [s.seq, s.storedAt])).toEqual([
      [1, 1_000],
      [2, 5_000],
    ]);
  });

  it('de-duplicates by id within 2 minutes of bus-clock time by default, per stream', async () => {
    const { bus, clock } = makeBus();
    expect(await bus.publish(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 1, duplicate: false });
    clock.advanceBy(119_999);
    expect(await bus.publish(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 1, duplicate: true });
    // The same id in another stream is a different message, as with JetStream's per-stream window.
    expect(await bus.publish('order.new.acc', bar(1))).toEqual({ stream: 'ORDER', seq: 1, duplicate: false });
    clock.advanceBy(1);
    expect(await bus.publish(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 2, duplicate: false });
  });

  it('honours a custom window, and 0 turns de-duplication off', async () => {
    const short = makeBus({ duplicateWindowMs: 10 });
    await short.bus.publish(barSubject(), bar(1));
    short.clock.advanceBy(10);
    expect(await short.bus.publish(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 2, duplicate: false });
    const off = makeBus({ duplicateWindowMs: 0 });
    await off.bus.publish(barSubject(), bar(1));
    expect(await off.bus.publish(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 2, duplicate: false });
  });

  it('rejects a subject in no stream, a wildcard subject and an event without id, with clear errors', async () => {
    const { bus } = makeBus();
    await expect(bus.publish('risk.violation.s1', bar(1))).rejects.toThrow(
      'no stream stores subject "risk.violation.s1" (streams: MD [md.>], RISK [risk.approved.>, risk.rejected.>, risk.halt], ORDER [order.>], SYSTEM [system.>])',
    );
    await expect(bus.publish('md.candle.*', bar(1))).rejects.toThrow('publish: subject "md.candle.*" contains the wildcard "*"');
    await expect(bus.publish(barSubject(), { ...bar(1), id: '' })).rejects.toThrow(`publish(${barSubject()}): the event needs a non-empty string id`);
    expect(await collect(bus.replay('md.>', { kind: 'all' }))).toEqual([]);
  });

  it('publishSync stores and answers at once, without a promise', () => {
    const { bus } = makeBus();
    expect(bus.publishSync(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 1, duplicate: false });
    expect(bus.publishSync(barSubject(), bar(1))).toEqual({ stream: 'MD', seq: 1, duplicate: true });
  });
});

describe('InMemoryBus consume', () => {
  it('rejects bad options naming the durable and the option', async () => {
    const { bus } = makeBus();
    const noop = () => undefined;
    await expect(bus.consume({ durable: 'a.b', filter: 'md.>' }, noop)).rejects.toThrow('consume: options.durable must match');
    await expect(bus.consume({ durable: 'x', filter: ['md.>', 'order.>'] }, noop)).rejects.toThrow(
      'consume(x): filters span streams MD and ORDER; one consumer or replay reads one stream',
    );
    await expect(bus.consume({ durable: 'x', filter: '>' }, noop)).rejects.toThrow('consume(x): filter ">" is not within one stream');
    await expect(bus.consume({ durable: 'x', filter: 'md.>', maxDeliver: 0 }, noop)).rejects.toThrow('consume(x): options.maxDeliver must be an integer >= 1, got 0');
    await expect(bus.consume({ durable: 'x', filter: 'md.>', backoffMs: [-5] }, noop)).rejects.toThrow('consume(x): options.backoffMs must be an array');
    await expect(bus.consume({ durable: 'x', filter: 'md.>', deliverFrom: { kind: 'seq', seq: 0 } }, noop)).rejects.toThrow(
      'consume(x): options.deliverFrom.seq must be an integer >= 1, got 0',
    );
    await expect(bus.consume({ durable: 'x', filter: 'md.>', deadLetterService: 'a b' }, noop)).rejects.toThrow('consume(x): options.deadLetterService must match');
  });

  it('refuses to consume when dead letters would have no stream', async () => {
    const bus = new InMemoryBus({ clock: new BacktestClock(0), streams: { MD: ['md.>'] } });
    await expect(bus.consume({ durable: 'x', filter: 'md.>' }, () => undefined)).rejects.toThrow(
      'consume(x): dead letters cannot be stored: no stream stores subject "system.dlq.x"',
    );
  });

  it('refuses a second live subscription on the same durable, and a durable moved to another stream', async () => {
    const { bus } = makeBus();
    const sub = await bus.consume({ durable: 'one', filter: 'md.>' }, () => undefined);
    await expect(bus.consume({ durable: 'one', filter: 'md.>' }, () => undefined)).rejects.toThrow('consume(one): durable one is already being consumed');
    await sub.stop();
    await expect(bus.consume({ durable: 'one', filter: 'order.>' }, () => undefined)).rejects.toThrow('consume(one): durable one reads stream MD, not ORDER');
  });

  it('retries a failed message at once, before any later message, so delivery stays in order', async () => {
    const { bus } = makeBus();
    const seen: string[] = [];
    await bus.consume({ durable: 'ordered', filter: 'md.>', maxDeliver: 3 }, (d) => {
      seen.push(trace(d));
      if (d.event.id === bar(1).id && d.deliveryCount < 3) throw new Error('not yet');
    });
    for (let i = 1; i <= 3; i++) await bus.publish(barSubject(), bar(i));
    await bus.idle();
    expect(seen).toEqual(['bar-BTC-USDT-1#1', 'bar-BTC-USDT-1#2', 'bar-BTC-USDT-1#3', 'bar-BTC-USDT-2#1', 'bar-BTC-USDT-3#1']);
    expect(await collect(bus.replay('system.dlq.>', { kind: 'all' }))).toEqual([]);
  });

  it('dead-letters after the first failure when maxDeliver is 1, stamped with the bus clock', async () => {
    const { bus, clock } = makeBus();
    await bus.consume({ durable: 'once', filter: 'md.>', maxDeliver: 1 }, () => {
      throw new Error('bad bar');
    });
    // Delivery starts on the next microtask, so the clock moves before the handler runs.
    bus.publishSync(barSubject(), bar(1));
    clock.advanceTo(9_000);
    await bus.idle();
    const [letter, ...rest] = await collect(bus.replay('system.dlq.>', { kind: 'all' }));
    expect(rest).toEqual([]);
    expect(letter.subject).toBe('system.dlq.once');
    expect(letter.event).toMatchObject({ type: 'system.dlq', ts: 9_000, cause: bar(1).id, run: 'bt-1' });
    expect(letter.event.payload).toMatchObject({ reason: 'poison', message: 'bad bar', deliveryCount: 1, originalSeq: 1, originalSubject: barSubject() });
  });

  it('dead-letters a message the handler nak()s on its last attempt, and one it term()s with its reason', async () => {
    const { bus } = makeBus();
    const seen: string[] = [];
    await bus.consume({ durable: 'settler', filter: 'md.>', maxDeliver: 2, deadLetterService: 'svc' }, (d) => {
      seen.push(trace(d));
      if (d.event.id === bar(1).id) d.nak(1_000);
      if (d.event.id === bar(2).id) d.term('unsupported symbol');
    });
    for (let i = 1; i <= 3; i++) await bus.publish(barSubject(), bar(i));
    await bus.idle();
    expect(seen).toEqual(['bar-BTC-USDT-1#1', 'bar-BTC-USDT-1#2', 'bar-BTC-USDT-2#1', 'bar-BTC-USDT-3#1']);
    const letters = await collect(bus.replay('system.dlq.svc', { kind: 'all' }));
    expect(letters.map((l) => l.event.payload)).toMatchObject([
      { reason: 'poison', message: 'nak on delivery 2', originalSeq: 1, deliveryCount: 2 },
      { reason: 'handler-error', message: 'unsupported symbol', originalSeq: 2, deliveryCount: 1 },
    ]);
  });

  it('ignores a settle call made after the handler returned: the outcome was already sealed', async () => {
    const { bus } = makeBus();
    const seen: string[] = [];
    let first: Delivery | undefined;
    await bus.consume({ durable: 'late', filter: 'md.>', maxDeliver: 3 }, (d) => {
      seen.push(trace(d));
      if (d.deliveryCount === 1) {
        first = d;
        throw new Error('fail first');
      }
    });
    await bus.publish(barSubject(), bar(1));
    await bus.idle();
    first?.ack();
    first?.term('too late');
    await bus.idle();
    expect(seen).toEqual(['bar-BTC-USDT-1#1', 'bar-BTC-USDT-1#2']);
    expect(await collect(bus.replay('system.dlq.>', { kind: 'all' }))).toEqual([]);
  });

  it('keeps the delivery count of a message across a stop in the middle of its retries', async () => {
    const { bus } = makeBus();
    const seen: string[] = [];
    let sub: Subscription | undefined;
    const handler = (d: Delivery) => {
      seen.push(trace(d));
      if (d.deliveryCount === 1) {
        void sub?.stop();
        throw new Error('fails, and the service is shutting down');
      }
    };
    sub = await bus.consume({ durable: 'restart', filter: 'md.>', maxDeliver: 5 }, handler);
    await bus.publish(barSubject(), bar(1));
    await bus.idle();
    expect(seen).toEqual(['bar-BTC-USDT-1#1']);
    sub = await bus.consume({ durable: 'restart', filter: 'md.>', maxDeliver: 5 }, handler);
    await bus.idle();
    expect(seen).toEqual(['bar-BTC-USDT-1#1', 'bar-BTC-USDT-1#2']);
  });

  it('starts a new durable at a storage time; an existing durable ignores deliverFrom and resumes', async () => {
    const { bus, clock } = makeBus();
    for (let i = 1; i <= 4; i++) {
      await bus.publish(barSubject(), bar(i));
      clock.advanceBy(1_000);
    }
    const seen: number[] = [];
    const sub = await bus.consume({ durable: 'late-joiner', filter: 'md.>', deliverFrom: { kind: 'time', ts: 2_500 } }, (d) => {
      seen.push(d.seq);
    });
    await bus.idle();
    expect(seen).toEqual([3, 4]);
    await sub.stop();
    await bus.publish(barSubject(), bar(5));
    await bus.consume({ durable: 'late-joiner', filter: 'md.>', deliverFrom: { kind: 'all' } }, (d) => {
      seen.push(d.seq);
    });
    await bus.idle();
    expect(seen).toEqual([3, 4, 5]);
  });

  it('delivers without timers: idle() settles a whole pipeline while timers are frozen', async () => {
    jest.useFakeTimers();
    try {
      const { bus } = makeBus();
      const orders: string[] = [];
      await bus.consume({ durable: 'strategy', filter: 'md.candle.>' }, async (d) => {
        await Promise.resolve();
        await bus.publish('order.new.acc', { ...d.event, id: `order-${d.event.id}`, type: 'order.new', cause: d.event.id });
      });
      await bus.consume({ durable: 'broker', filter: 'order.>' }, (d) => {
        orders.push(`${d.seq}:${d.event.cause}`);
      });
      for (let i = 1; i <= 3; i++) bus.publishSync(barSubject(), bar(i));
      await bus.idle();
      expect(orders).toEqual(['1:bar-BTC-USDT-1', '2:bar-BTC-USDT-2', '3:bar-BTC-USDT-3']);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('drains a large backlog through a synchronous handler without recursion', async () => {
    const { bus } = makeBus({ duplicateWindowMs: 0 });
    const n = 100_000;
    for (let i = 1; i <= n; i++) bus.publishSync(barSubject(), bar(i));
    let count = 0;
    let lastSeq = 0;
    await bus.consume({ durable: 'bulk', filter: 'md.>' }, (d) => {
      if (d.seq !== lastSeq + 1) throw new Error(`out of order: ${d.seq} after ${lastSeq}`);
      lastSeq = d.seq;
      count++;
    });
    await bus.idle();
    expect([count, lastSeq]).toEqual([n, n]);
    expect(await collect(bus.replay('system.dlq.>', { kind: 'all' }))).toEqual([]);
  });

  it('produces the same event log on every run of the same inputs', async () => {
    async function run(): Promise<string> {
      const { bus, clock } = makeBus();
      await bus.consume({ durable: 'doubler', filter: 'md.>' }, async (d) => {
        await bus.publish('order.new.acc', { ...d.event, id: `o-${d.event.id}`, type: 'order.new', ts: clock.now() });
      });
      await bus.consume({ durable: 'flaky', filter: 'order.>', maxDeliver: 2 }, (d) => {
        if (d.seq % 3 === 0) throw new Error(`reject ${d.seq}`);
      });
      for (let i = 1; i <= 9; i++) {
        clock.advanceTo(i * 60_000);
        await bus.publish(barSubject(i % 2 ? 'BTC-USDT' : 'ETH-USDT'), bar(i));
        await bus.idle();
      }
      const log: StoredEvent[] = [];
      for (const filter of ['md.>', 'order.>', 'system.>']) log.push(...(await collect(bus.replay(filter, { kind: 'all' }))));
      return JSON.stringify(log);
    }
    const first = await run();
    expect(JSON.parse(first).filter((s: StoredEvent) => s.stream === 'SYSTEM')).toHaveLength(3);
    expect(await run()).toBe(first);
  });

  it('uses an injected dead-letter factory', async () => {
    const { bus } = makeBus({
      deadLetter: (r) => ({ id: `custom-${r.original.seq}`, type: 'system.dlq', v: 1, ts: r.ts, src: r.service, run: 'x', payload: { why: r.message } }),
    });
    await bus.consume({ durable: 'c', filter: 'md.>', maxDeliver: 1 }, () => {
      throw new Error('nope');
    });
    await bus.publish(barSubject(), bar(1));
    await bus.idle();
    const letters = await collect(bus.replay('system.dlq.c', { kind: 'all' }));
    expect(letters.map((l) => [l.event.id, l.event.payload])).toEqual([['custom-1', { why: 'nope' }]]);
  });

  it('rejects idle() when a dead letter cannot be stored, and stops that consumer', async () => {
    const { bus } = makeBus({ deadLetter: () => ({ id: '', type: 'system.dlq', v: 1, ts: 0, src: 's', run: 'x', payload: {} }) });
    const seen: string[] = [];
    await bus.consume({ durable: 'broken', filter: 'md.>', maxDeliver: 1 }, (d) => {
      seen.push(trace(d));
      throw new Error('nope');
    });
    await bus.publish(barSubject(), bar(1));
    await expect(bus.idle()).rejects.toThrow('publish(system.dlq.broken): the event needs a non-empty string id');
    await bus.publish(barSubject(), bar(2));
    await expect(bus.idle()).rejects.toThrow('the event needs a non-empty string id');
    expect(seen).toEqual(['bar-BTC-USDT-1#1']);
  });
});

describe('InMemoryBus replay', () => {
  it('rejects filters across streams, a filter in no stream and a bad start position', () => {
    const { bus } = makeBus();
    expect(() => bus.replay(['md.>', 'order.>'], { kind: 'all' })).toThrow('replay: filters span streams MD and ORDER');
    expect(() => bus.replay('pnl.>', { kind: 'all' })).toThrow('replay: filter "pnl.>" is not within one stream');
    expect(() => bus.replay('md.>', { kind: 'time', ts: Number.NaN })).toThrow('replay: from.ts must be a finite time in ms, got NaN');
    expect(() => bus.replay('md.>', { kind: 'later' } as never)).toThrow("replay: from.kind must be 'all', 'seq' or 'time', got \"later\"");
  });

  it('replays from a storage time with inclusive boundaries on the bus clock', async () => {
    const { bus, clock } = makeBus();
    for (const [i, t] of [1_000, 2_000, 2_000, 3_000].entries()) {
      clock.advanceTo(t);
      await bus.publish(barSubject(), bar(i + 1));
    }
    const seqsFrom = async (ts: number) => (await collect(bus.replay('md.>', { kind: 'time', ts }))).map((s) => s.seq);
    expect(await seqsFrom(0)).toEqual([1, 2, 3, 4]);
    expect(await seqsFrom(2_000)).toEqual([2, 3, 4]);
    expect(await seqsFrom(2_001)).toEqual([4]);
    expect(await seqsFrom(3_001)).toEqual([]);
  });
});

describe('InMemoryBus close', () => {
  it('waits for a running handler, then refuses publish, consume and replay', async () => {
    const { bus } = makeBus();
    let release: () => void = () => undefined;
    const finished: number[] = [];
    await bus.consume({ durable: 'slow', filter: 'md.>' }, async (d) => {
      await new Promise<void>((resolve) => (release = resolve));
      finished.push(d.seq);
    });
    await bus.publish(barSubject(), bar(1));
    await bus.publish(barSubject(), bar(2));
    await Promise.resolve();
    await Promise.resolve();
    const closed = bus.close();
    release();
    await closed;
    expect(finished).toEqual([1]);
    await expect(bus.publish(barSubject(), bar(3))).rejects.toThrow(`publish(${barSubject()}): the bus is closed`);
    await expect(bus.consume({ durable: 'late', filter: 'md.>' }, () => undefined)).rejects.toThrow('consume: the bus is closed');
    expect(() => bus.replay('md.>', { kind: 'all' })).toThrow('replay: the bus is closed');
    await expect(bus.idle()).resolves.toBeUndefined();
    await expect(bus.close()).resolves.toBeUndefined();
  });
});
