import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { casUpdate, CasRetriesExhaustedError, getJson, isCasConflict, putJson, updateJson } from './kv-cas';

jest.setTimeout(30_000);

let server: NatsServerHandle;
let ncA: NatsConnection;
let ncB: NatsConnection;
let kvA: KV;
let kvB: KV;

beforeAll(async () => {
  server = await startNatsServer();
  ncA = await connect({ servers: server.url });
  ncB = await connect({ servers: server.url });
  kvA = await new Kvm(ncA).create('cas-test');
  kvB = await new Kvm(ncB).open('cas-test');
});

afterAll(async () => {
  await ncA?.close();
  await ncB?.close();
  await server?.stop();
});

/** The same bucket, but every read is followed by `afterRead` (e.g. another writer sneaking in). */
function withInterleavedWrite(kv: KV, afterRead: () => Promise<void>): KV {
  return new Proxy(kv, {
    get(target, prop, receiver) {
      if (prop !== 'get') return Reflect.get(target, prop, receiver);
      return async (key: string) => {
        const entry = await target.get(key);
        await afterRead();
        return entry;
      };
    },
  });
}

it('two concurrent writers incrementing one counter N times each end at exactly 2N, each value seen once', async () => {
  const n = 100;
  const increment = (c: number | null) => (c ?? 0) + 1;
  const run = async (kv: KV) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i++) seen.push((await casUpdate(kv, 'counter', increment, { retries: 100 })).value);
    return seen;
  };
  const [a, b] = await Promise.all([run(kvA), run(kvB)]);

  expect(await getJson<number>(kvA, 'counter')).toMatchObject({ value: 2 * n });
  // Every increment produced a distinct value: no two writers ever applied fn to the same revision.
  const all = [...a, ...b].sort((x, y) => x - y);
  expect(all).toEqual(Array.from({ length: 2 * n }, (_, i) => i + 1));
  // Each writer saw its own values strictly increase.
  for (const seq of [a, b]) expect(seq.every((v, i) => i === 0 || v > seq[i - 1])).toBe(true);
});

it('refuses an update carrying a stale revision and keeps the newer value', async () => {
  const r1 = await putJson(kvA, 'stale', { v: 1 });
  const r2 = await updateJson(kvA, 'stale', { v: 2 }, r1);
  expect(r2).toBeGreaterThan(r1);

  const refused = await updateJson(kvB, 'stale', { v: 'late' }, r1).catch((err: unknown) => err);
  expect(isCasConflict(refused)).toBe(true);
  expect(await getJson(kvA, 'stale')).toEqual({ value: { v: 2 }, revision: r2 });
});

it('re-reads and re-applies fn when another writer wrote between its read and its write', async () => {
  await putJson(kvA, 'race', 10);
  let interfered = false;
  const racy = withInterleavedWrite(kvA, async () => {
    if (interfered) return;
    interfered = true;
    await putJson(kvB, 'race', 100);
  });
  const inputs: (number | null)[] = [];
  const result = await casUpdate<number>(racy, 'race', (c) => {
    inputs.push(c);
    return (c ?? 0) + 1;
  });
  expect(inputs).toEqual([10, 100]);
  expect(result.value).toBe(101);
  expect(await getJson(kvA, 'race')).toEqual({ value: 101, revision: result.revision });
});

it('gives up with CasRetriesExhaustedError when every attempt conflicts', async () => {
  await putJson(kvA, 'hot', 0);
  let other = 1000;
  const alwaysRaced = withInterleavedWrite(kvA, async () => {
    await putJson(kvB, 'hot', ++other);
  });
  const err = await casUpdate<number>(alwaysRaced, 'hot', (c) => (c ?? 0) + 1, { retries: 2 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CasRetriesExhaustedError);
  expect((err as Error).message).toBe('KV cas-test/hot: compare-and-set still conflicting after 3 attempts');
  expect((await getJson(kvA, 'hot'))?.value).toBe(1003);
});

it('treats a missing or deleted key as null and writes nothing when fn refuses', async () => {
  expect(await getJson(kvA, 'absent')).toBeNull();
  const created = await casUpdate<string[]>(kvA, 'list', (c) => [...(c ?? []), 'a']);
  expect(created.value).toEqual(['a']);

  await kvA.delete('list');
  expect(await getJson(kvA, 'list')).toBeNull();
  const recreated = await casUpdate<string[]>(kvA, 'list', (c) => [...(c ?? []), 'b']);
  expect(recreated.value).toEqual(['b']);

  const refusal = new Error('no');
  await expect(casUpdate<string[]>(kvA, 'list', () => {
    throw refusal;
  })).rejects.toBe(refusal);
  expect(await getJson(kvA, 'list')).toEqual({ value: ['b'], revision: recreated.revision });
});

it('names the bucket, key and revision when a stored value does not parse', async () => {
  const rev = await kvA.put('garbled', 'not json {');
  await expect(getJson(kvA, 'garbled')).rejects.toThrow(new RegExp(`^KV cas-test/garbled revision ${rev}: value is not JSON`));
  const rev2 = await putJson(kvA, 'typed', { qty: 'ten' });
  const parse = (raw: unknown) => {
    if (typeof (raw as { qty?: unknown }).qty !== 'number') throw new Error('qty must be a number');
    return raw as { qty: number };
  };
  await expect(getJson(kvA, 'typed', parse)).rejects.toThrow(`KV cas-test/typed revision ${rev2}: qty must be a number`);
});
