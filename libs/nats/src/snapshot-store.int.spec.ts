import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { SnapshotRegressionError, SnapshotStore, type Snapshot } from './snapshot-store';

jest.setTimeout(30_000);

interface Book {
  positions: Record<string, number>;
  cash: number;
}

let server: NatsServerHandle;
let ncA: NatsConnection;
let ncB: NatsConnection;
let kvA: KV;
let kvB: KV;

beforeAll(async () => {
  server = await startNatsServer();
  ncA = await connect({ servers: server.url });
  ncB = await connect({ servers: server.url });
  // Keep history so the test can read back every snapshot that was ever accepted.
  kvA = await new Kvm(ncA).create('snapshot-test', { history: 64 });
  kvB = await new Kvm(ncB).open('snapshot-test');
});

afterAll(async () => {
  await ncA?.close();
  await ncB?.close();
  await server?.stop();
});

const book = (cash: number): Book => ({ positions: { 'BTC-USDT': 0.5, 'ETH-USDT': -2 }, cash });

it('loads exactly what was saved, with its revision; a key never saved loads as null', async () => {
  const store = new SnapshotStore<Book>(kvA);
  expect(await store.load('portfolio.never')).toBeNull();

  const snap: Snapshot<Book> = { state: book(1000.25), covered: { ORDER: 41, MD: 9001 }, version: 3 };
  const revision = await store.save('portfolio.main', snap);
  const loaded = await new SnapshotStore<Book>(kvB).load('portfolio.main');
  expect(loaded).toEqual({ ...snap, revision });
});

it('accepts covered sequences that stay or move forward, refuses any that go backwards or disappear', async () => {
  const store = new SnapshotStore<Book>(kvA);
  const key = 'risk.main';
  await store.save(key, { state: book(1), covered: { ORDER: 10, MD: 100 }, version: 1 });
  const same = await store.save(key, { state: book(1), covered: { ORDER: 10, MD: 100 }, version: 1 });
  const ahead = await store.save(key, { state: book(2), covered: { ORDER: 12, MD: 100, PNL: 1 }, version: 1 });
  expect(ahead).toBeGreaterThan(same);

  const back = await store.save(key, { state: book(9), covered: { ORDER: 12, MD: 99, PNL: 1 }, version: 1 }).catch((e: unknown) => e);
  expect(back).toBeInstanceOf(SnapshotRegressionError);
  expect(back).toMatchObject({ key, stream: 'MD', storedSeq: 100, newSeq: 99 });
  expect((back as Error).message).toBe('snapshot risk.main: refused, covered[MD] would go backwards from 100 to 99');

  const dropped = await store.save(key, { state: book(9), covered: { ORDER: 20, MD: 200 }, version: 1 }).catch((e: unknown) => e);
  expect(dropped).toMatchObject({ stream: 'PNL', storedSeq: 1, newSeq: undefined });

  expect(await store.load(key)).toEqual({ state: book(2), covered: { ORDER: 12, MD: 100, PNL: 1 }, version: 1, revision: ahead });
});

it('an instance that fell behind cannot overwrite the snapshot of one that is ahead', async () => {
  const a = new SnapshotStore<Book>(kvA);
  const b = new SnapshotStore<Book>(kvB);
  await a.save('order-engine', { state: book(10), covered: { ORDER: 10 }, version: 1 });
  const bRev = await b.save('order-engine', { state: book(20), covered: { ORDER: 20 }, version: 1 });
  await expect(a.save('order-engine', { state: book(15), covered: { ORDER: 15 }, version: 1 })).rejects.toThrow(
    'covered[ORDER] would go backwards from 20 to 15',
  );
  expect(await a.load('order-engine')).toMatchObject({ covered: { ORDER: 20 }, revision: bRev });
});

it('two writers racing on one key never move the stored covered sequence backwards', async () => {
  const key = 'strategy.race';
  const rounds = 30;
  const accepted: number[] = [];
  const refused: { newSeq: number; storedSeq: number }[] = [];
  const writer = async (kv: KV, offset: number) => {
    const store = new SnapshotStore<Book>(kv);
    for (let i = 0; i < rounds; i++) {
      // The writers advance at different speeds, so they keep overtaking each other.
      const seq = offset === 0 ? i * 3 : i * 2 + 7;
      try {
        await store.save(key, { state: book(seq), covered: { STRATEGY: seq }, version: 1 });
        accepted.push(seq);
      } catch (err) {
        if (!(err instanceof SnapshotRegressionError)) throw err;
        refused.push({ newSeq: err.newSeq as number, storedSeq: err.storedSeq });
      }
    }
  };
  await Promise.all([writer(kvA, 0), writer(kvB, 1)]);

  expect(accepted.length + refused.length).toBe(2 * rounds);
  expect(refused.length).toBeGreaterThan(0);
  for (const r of refused) expect(r.newSeq).toBeLessThan(r.storedSeq);

  const history: number[] = [];
  for await (const e of await kvA.history({ key })) history.push(e.json<Snapshot<Book>>().covered.STRATEGY);
  expect(history).toHaveLength(accepted.length);
  expect(history.every((s, i) => i === 0 || s >= history[i - 1])).toBe(true);
  const best = Math.max(...accepted);
  expect(await new SnapshotStore<Book>(kvA).load(key)).toMatchObject({ covered: { STRATEGY: best }, state: book(best) });
});

/** The bucket, counting the reads of each key: the point of the test is what reaches the server. */
function countingReads(kv: KV): { kv: KV; reads: string[] } {
  const reads: string[] = [];
  const proxy = new Proxy(kv, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === 'get') return (key: string, ...rest: unknown[]) => (reads.push(key), (value as (...a: unknown[]) => unknown).call(target, key, ...rest));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { kv: proxy, reads };
}

it("a store that wrote or loaded the key last saves with one write, reading the stored snapshot only after somebody else wrote", async () => {
  const key = 'portfolio.reads';
  const { kv, reads } = countingReads(kvA);
  const store = new SnapshotStore<Book>(kv);
  const first = await store.save(key, { state: book(1), covered: { MD: 1 }, version: 1 });
  expect(reads).toEqual([key]); // nothing known yet: read, then create
  const second = await store.save(key, { state: book(2), covered: { MD: 2 }, version: 1 });
  const third = await store.save(key, { state: book(3), covered: { MD: 3 }, version: 1 });
  expect(reads).toEqual([key]);
  expect([second, third]).toEqual([first + 1, first + 2]);
  // Refused from what it remembers, without asking the server.
  await expect(store.save(key, { state: book(2), covered: { MD: 2 }, version: 1 })).rejects.toThrow('covered[MD] would go backwards from 3 to 2');
  expect(reads).toEqual([key]);

  // Another instance writes: the remembered revision is stale, the write conflicts, the store reads.
  const other = await new SnapshotStore<Book>(kvB).save(key, { state: book(9), covered: { MD: 9 }, version: 1 });
  await expect(store.save(key, { state: book(5), covered: { MD: 5 }, version: 1 })).rejects.toThrow('covered[MD] would go backwards from 9 to 5');
  expect(reads).toEqual([key, key]);
  const after = await store.save(key, { state: book(10), covered: { MD: 10 }, version: 1 });
  expect(after).toBe(other + 1);
  expect(reads).toEqual([key, key]);

  // A fresh store that loads the key knows its revision too.
  const loader = countingReads(kvB);
  const fresh = new SnapshotStore<Book>(loader.kv);
  expect(await fresh.load(key)).toEqual({ state: book(10), covered: { MD: 10 }, version: 1, revision: after });
  await fresh.save(key, { state: book(11), covered: { MD: 11 }, version: 1 });
  expect(loader.reads).toEqual([key]);
  expect(await store.load(key)).toMatchObject({ state: book(11), covered: { MD: 11 } });
});

it('encode takes the state as it is when called; later changes to the object are not stored', async () => {
  const store = new SnapshotStore<Book>(kvA);
  const state = book(100);
  const encoded = store.encode('portfolio.copy', { state, covered: { MD: 7 }, version: 2 });
  state.cash = 1;
  state.positions['BTC-USDT'] = 99;
  expect(JSON.parse(new TextDecoder().decode(encoded.data))).toEqual({ state: book(100), covered: { MD: 7 }, version: 2 });
  const revision = await store.saveEncoded('portfolio.copy', encoded);
  expect(await new SnapshotStore<Book>(kvB).load('portfolio.copy')).toEqual({ state: book(100), covered: { MD: 7 }, version: 2, revision });
  expect(() => store.encode('portfolio.copy', { state, covered: { MD: -1 }, version: 2 })).toThrow('snapshot portfolio.copy (save): covered[MD] must be an integer >= 0, got -1');
});

it('rejects malformed snapshots with the key and the offending field', async () => {
  const store = new SnapshotStore<Book>(kvA);
  await expect(store.save('bad', { state: book(1), covered: { ORDER: -1 }, version: 1 })).rejects.toThrow(
    'snapshot bad (save): covered[ORDER] must be an integer >= 0, got -1',
  );
  await expect(store.save('bad', { state: book(1), covered: { ORDER: 1.5 }, version: 1 })).rejects.toThrow('covered[ORDER]');
  await expect(store.save('bad', { state: book(1), covered: {}, version: 1.1 })).rejects.toThrow(
    'snapshot bad (save): version must be an integer >= 0, got 1.1',
  );
  await expect(store.save('bad', { state: undefined as unknown as Book, covered: {}, version: 1 })).rejects.toThrow(
    'snapshot bad (save): state is missing',
  );
  expect(await store.load('bad')).toBeNull();
});

it('runs the state parser on load and reports a stored snapshot that fails it', async () => {
  await kvA.put('legacy', JSON.stringify({ state: { cash: 'lots' }, covered: { ORDER: 1 }, version: 0 }));
  const parse = (raw: unknown): Book => {
    const cash = (raw as { cash?: unknown }).cash;
    if (typeof cash !== 'number') throw new Error(`state.cash must be a number, got ${JSON.stringify(cash)}`);
    return raw as Book;
  };
  const store = new SnapshotStore<Book>(kvA, parse);
  await expect(store.load('legacy')).rejects.toThrow(/^KV snapshot-test\/legacy revision \d+: state.cash must be a number, got "lots"$/);
  await kvA.put('legacy-broken', JSON.stringify({ state: {}, covered: { ORDER: 'x' }, version: 0 }));
  await expect(store.load('legacy-broken')).rejects.toThrow('snapshot legacy-broken (stored): covered[ORDER] must be an integer >= 0, got x');
});
