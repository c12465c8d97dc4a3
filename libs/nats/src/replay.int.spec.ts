import { startNatsServer } from '@helios/testing';
import { ensureTopology } from './ensure-topology';
import { candle, collect, sleep, openFixture, type NatsFixture } from './nats-fixture.testing';
import { Publisher } from './publisher';
import { replay, type ReplayRecord } from './replay';

jest.setTimeout(30_000);

let fx: NatsFixture;
let publisher: Publisher;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  publisher = new Publisher(fx.js);
});

afterAll(async () => {
  await fx?.stop();
});

beforeEach(async () => {
  await fx.jsm.streams.delete('MD');
  await ensureTopology(fx.nc, { replicas: 1 });
});

const BTC = (i: number) => candle(i, 'BTC-USDT');
const ETH = (i: number) => candle(i, 'ETH-USDT');

/** Publishes BTC 1, ETH 1, BTC 2, ETH 2, ... : BTC at odd and ETH at even sequences. */
async function publishPairs(n: number): Promise<void> {
  await publisher.publishMany(Array.from({ length: n }, (_, i) => [BTC(i + 1), ETH(i + 1)]).flat());
}

const summary = (records: ReplayRecord[]) => records.map((r) => (r.ok ? [r.seq, r.event.id] : [r.seq, r.failure.reason]));

describe('replay on a real server', () => {
  it('reads from a sequence exactly the stored events from there, filtered, in order, with storage times', async () => {
    await publishPairs(4);
    const fromFour = await collect(replay(fx.js, fx.jsm, { filter: 'md.candle.*.ETH-USDT.>', from: { kind: 'seq', seq: 4 } }));
    expect(summary(fromFour)).toEqual([
      [4, ETH(2).event.id],
      [6, ETH(3).event.id],
      [8, ETH(4).event.id],
    ]);
    expect(fromFour.every((r) => r.ok && r.stream === 'MD' && r.subject === ETH(0).subject)).toBe(true);
    expect(fromFour[0].ok && fromFour[0].event).toEqual(ETH(2).event);
    const stored = await fx.jsm.streams.getMessage('MD', { seq: 4 });
    expect(fromFour[0].storedAt).toBe(stored?.time.getTime());
    const all = await collect(replay(fx.js, fx.jsm, { filter: ['md.candle.*.BTC-USDT.>', 'md.candle.*.ETH-USDT.>'], from: { kind: 'all' } }));
    expect(all.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reads from a storage time exactly the events stored at or after it', async () => {
    await publishPairs(2);
    await sleep(20);
    for (let i = 3; i <= 4; i++) {
      await publisher.publish(BTC(i).subject, BTC(i).event);
      await sleep(5);
    }
    const all = await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'all' } }));
    const start = all[4].storedAt;
    expect(all[3].storedAt).toBeLessThan(start);
    const fromTime = await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'time', ts: start } }));
    expect(summary(fromTime)).toEqual([
      [5, BTC(3).event.id],
      [6, BTC(4).event.id],
    ]);
    expect(await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'time', ts: all[5].storedAt + 60_000 } }))).toEqual([]);
  });

  it('reports stored messages it cannot decode, in place, and goes on', async () => {
    await publisher.publish(BTC(1).subject, BTC(1).event);
    await fx.js.publish(BTC(0).subject, '{broken');
    await fx.js.publish(BTC(0).subject, JSON.stringify({ ...BTC(2).event, type: 'md.rumour' }));
    await publisher.publish(BTC(3).subject, BTC(3).event);
    const records = await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'all' } }));
    expect(summary(records)).toEqual([
      [1, BTC(1).event.id],
      [2, 'malformed-json'],
      [3, 'unknown-type'],
      [4, BTC(3).event.id],
    ]);
    const broken = records[1];
    expect(broken.ok ? undefined : [broken.subject, broken.failure.raw]).toEqual([BTC(0).subject, '{broken']);
  });

  it('ends at the last message stored when it was called while publishing goes on', async () => {
    await publishPairs(50);
    const more = Array.from({ length: 300 }, (_, i) => BTC(1_000 + i));
    const iterator = replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'all' }, prefetch: 16 });
    const first = await iterator.next();
    await publisher.publishMany(more.slice(0, 50)); // stored for sure before the rest is read
    const publishing = publisher.publishMany(more.slice(50), { maxInFlight: 8 });
    const rest: number[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value.seq);
    await publishing;
    expect(first.value?.seq).toBe(1);
    expect(rest).toEqual(Array.from({ length: 99 }, (_, i) => i + 2));
    expect((await fx.jsm.streams.info('MD')).state.last_seq).toBe(400);
  });

  it('returns at once when there is nothing to read, and leaves no consumer behind', async () => {
    const started = Date.now();
    expect(await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'all' } }))).toEqual([]);
    await publishPairs(2);
    expect(await collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'seq', seq: 5 } }))).toEqual([]);
    expect(await collect(replay(fx.js, fx.jsm, { filter: 'md.candle.*.SOL-USDT.>', from: { kind: 'all' } }))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1_500);
    await sleep(100);
    expect((await fx.jsm.streams.info('MD')).state.consumer_count).toBe(0);
  });

  it('refuses a bad start or a filter outside the streams, with a clear error', async () => {
    await expect(collect(replay(fx.js, fx.jsm, { filter: 'md.>', from: { kind: 'seq', seq: 0 } }))).rejects.toThrow(
      'replay: from.seq must be an integer >= 1, got 0',
    );
    await expect(collect(replay(fx.js, fx.jsm, { filter: 'nowhere.>', from: { kind: 'all' } }))).rejects.toThrow(
      'replay: no stream (or more than one) stores subjects matching "nowhere.>"',
    );
    await expect(collect(replay(fx.js, fx.jsm, { filter: ['md.>', 'order.>'], from: { kind: 'all' } }))).rejects.toThrow(
      'replay: the filters span several streams',
    );
  });
});
