import { decodeEvent, OBJECT_STORES } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { Objm } from '@nats-io/obj';
import { openFixture, type NatsFixture } from './nats-fixture.testing';
import { replay } from './replay';
import { RunStore } from './run-store';

jest.setTimeout(60_000);

let fx: NatsFixture;
let clock = 1_700_000_000_000;
const now = () => clock;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});
afterAll(async () => {
  await fx?.stop();
});

async function lifecycleSubjects(runId: string): Promise<string[]> {
  const out: string[] = [];
  for await (const r of replay(fx.js, fx.jsm, { filter: `run.${runId}.>`, from: { kind: 'all' }, stream: 'RUNS' })) out.push(r.subject);
  return out;
}

it('records a completed run: running then completed events, the result in the artifacts store, and reads it back', async () => {
  const store = await RunStore.open(fx.nc, { src: 'test', now });
  const result = { finalEquity: 10_500.5, trades: [{ entryTs: 1, exitTs: 2, pnl: 500.5 }], equityCurve: [{ ts: 1, equity: 10_000 }] };
  clock = 1_700_000_000_000;
  const { runId, value } = await store.record(
    { runId: 'bt-one', kind: 'backtest', strategy: 'sma-cross', dataFile: 'goog.csv', params: { fast: 5, slow: 20 }, settings: { cash: 10_000 } },
    async (id) => {
      expect(id).toBe('bt-one');
      clock += 1234;
      return result;
    },
    (r) => ({ result: r, metrics: { totalReturnPct: 5.005, sharpe: null, 'not a key': 1, tradeCount: 1 }, params: { fast: 5, slow: 20, signal: 9 } }),
  );
  expect(runId).toBe('bt-one');
  expect(value).toBe(result);
  expect(await lifecycleSubjects('bt-one')).toEqual(['run.bt-one.running', 'run.bt-one.completed']);

  const read = await (await RunStore.open(await fx.connect(), { src: 'other' })).get('bt-one');
  expect(read).toEqual({
    runId: 'bt-one',
    kind: 'backtest',
    status: 'completed',
    strategy: 'sma-cross',
    dataFile: 'goog.csv',
    // The finish's full parameter set replaces the given ones.
    params: { fast: 5, slow: 20, signal: 9 },
    settings: { cash: 10_000 },
    startedAt: 1_700_000_000_000,
    finishedAt: 1_700_000_001_234,
    // null and a non-identifier key cannot travel in a lifecycle event's metrics.
    metrics: { totalReturnPct: 5.005, tradeCount: 1 },
    artifact: 'runs/bt-one/result.json',
  });
  expect(await store.result(read ?? {})).toEqual(result);
  const os = await new Objm(fx.js).open(OBJECT_STORES.artifacts);
  expect((await os.info('runs/bt-one/result.json'))?.size).toBe(JSON.stringify(result).length);
});

it('records a failing run as failed with its error, and rethrows it', async () => {
  const store = await RunStore.open(fx.nc, { src: 'test', now });
  clock = 1_700_000_100_000;
  const failure = await store
    .record({ runId: 'bt-broken', kind: 'sweep', strategy: 'x' }, async () => {
      throw new Error('parameter fast must be an integer in [1, 1000], got 0');
    }, () => ({ result: null }))
    .catch((e: unknown) => e);
  expect((failure as Error).message).toBe('parameter fast must be an integer in [1, 1000], got 0');
  const run = await store.get('bt-broken');
  expect(run).toMatchObject({ status: 'failed', kind: 'sweep', error: 'parameter fast must be an integer in [1, 1000], got 0', finishedAt: 1_700_000_100_000 });
  expect(run?.artifact).toBeUndefined();
  expect(await store.result(run ?? {})).toBeUndefined();
});

it('lists every run newest first, including one still running; an unknown or malformed id is undefined', async () => {
  const store = await RunStore.open(fx.nc, { src: 'test', now });
  clock = 1_700_000_200_000;
  const open = await store.start({ kind: 'replay', strategy: 'macd-rsi' });
  expect(open.runId).toMatch(/^replay-20231114T\d{6}-[0-9a-f]{6}$/);
  const runs = await store.list();
  expect(runs.map((r) => [r.runId, r.status])).toEqual([
    [open.runId, 'running'],
    ['bt-broken', 'failed'],
    ['bt-one', 'completed'],
  ]);
  expect(await store.get('never-ran')).toBeUndefined();
  expect(await store.get('../etc')).toBeUndefined();
});

it('writes valid run.lifecycle events with deterministic ids (a re-published event is de-duplicated)', async () => {
  const store = await RunStore.open(fx.nc, { src: 'test', now });
  await store.start({ runId: 'bt-dup', kind: 'backtest' });
  await store.start({ runId: 'bt-dup', kind: 'backtest' });
  const msgs: unknown[] = [];
  for await (const r of replay(fx.js, fx.jsm, { filter: 'run.bt-dup.>', from: { kind: 'all' }, stream: 'RUNS' })) {
    msgs.push(r.ok ? r.event : r.failure);
  }
  expect(msgs).toHaveLength(1);
  const m = await fx.jsm.streams.getMessage('RUNS', { last_by_subj: 'run.bt-dup.running' });
  const decoded = decodeEvent(m?.data ?? new Uint8Array());
  expect(decoded.ok).toBe(true);
  expect(decoded.ok && decoded.event).toMatchObject({ type: 'run.lifecycle', src: 'test', run: 'bt-dup', payload: { runId: 'bt-dup', status: 'running' } });
});

it('refuses a bad kind or run id with a clear error', async () => {
  const store = await RunStore.open(fx.nc, { src: 'test', now });
  await expect(store.start({ kind: 'live' as never })).rejects.toThrow('run store: unknown run kind "live" (kinds: backtest, sweep, replay, walk-forward, simulation)');
  await expect(store.start({ runId: 'a.b', kind: 'backtest' })).rejects.toThrow('run store: run id "a.b" must be letters, digits, - and _ (at most 64)');
});
