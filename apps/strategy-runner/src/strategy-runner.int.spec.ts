import { Kvm, type KV } from '@nats-io/kv';
import { encodeEvent, KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { logLines, spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, consumedThrough, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';
import type { StrategyDefinition } from '@helios/domain-strategy';
import { intentsAlone, syntheticCandles } from '../spec-support/candles-and-intents';

jest.setTimeout(40_000);

const CANDLES = syntheticCandles(11, 300);
/** Bar k's open time. */
const openTime = (k: number) => CANDLES[k].payload.openTime;

const smaCross = (id: string, fast: number, slow: number, extra: Partial<StrategyDefinition> = {}): StrategyDefinition => ({
  id,
  template: 'sma-cross',
  params: { fast, slow },
  instruments: ['BTC-USDT'],
  timeframe: '1m',
  ...extra,
});

/** The intents one strategy decides alone over the candles [from, to) from a fresh start, with the runner's ids. */
const reference = (def: StrategyDefinition, from: number, to: number) => intentsAlone(def, CANDLES.slice(from, to));

let fx: Fixture;
let kv: KV;
let runner: SpawnedService;
let fed = 0;

async function feedTo(n: number): Promise<void> {
  let seq = 0;
  for (; fed < n; fed++) seq = (await fx.publisher.publish(subjects.candle('binance', 'BTC-USDT', '1m'), CANDLES[fed])).seq;
  await consumedThrough(fx, 'MD', 'strategy-runner-it-MD', seq);
}

/** Puts (or deletes) a definition and waits until the runner has applied it. */
async function setDefinition(id: string, def: StrategyDefinition | null): Promise<void> {
  const before = logLines(runner.stdout()).filter((l) => l['msg'] === 'strategies reconfigured' && l['strategyId'] === id).length;
  if (def === null) await kv.delete(`strategy.${id}`);
  else await kv.put(`strategy.${id}`, JSON.stringify(def));
  const applied = await waitFor(`the runner to apply strategy.${id}`, () => {
    if (runner.child.exitCode !== null) throw new Error(`strategy-runner exited: ${runner.stderr()}`);
    return logLines(runner.stdout()).filter((l) => l['msg'] === 'strategies reconfigured' && l['strategyId'] === id)[before];
  });
  expect(applied['ok']).toBe(true);
}

const intentsOf = async (id: string) => (await readStream(fx, subjects.intent(id))).map((m) => m.event);

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  kv = await new Kvm(fx.js).open(KV_BUCKETS.config);
  await kv.put('strategy.alpha', JSON.stringify(smaCross('alpha', 5, 20)));
  const beats = collect(fx.nc, subjects.heartbeat('strategy-runner', 'it'));
  runner = spawnService('apps/strategy-runner/src/main.ts', ['--all', '--nats', fx.url, '--instance', 'it', '--log-level', 'info']);
  await waitFor(
    'strategy-runner to be live',
    () => {
      if (runner.child.exitCode !== null) throw new Error(`strategy-runner exited: ${runner.stderr()}`);
      return beats.events.some((e) => ((e as HeliosEvent<'system.heartbeat'>).payload.details as { phase?: string }).phase === 'live');
    },
    20_000,
  );
  beats.close();
});

afterAll(async () => {
  await runner?.kill();
  await fx?.stop();
});

describe('strategy-runner --all with strategies added, reconfigured, removed and killed at run time', () => {
  it('reads its definitions through one watcher, leaving no consumer behind on the configuration bucket', async () => {
    // nats.js kv.keys() would leave a second one for 5 minutes at every start.
    const info = await fx.jsm.streams.info(`KV_${KV_BUCKETS.config}`);
    expect(info.state.consumer_count).toBe(1);
  });

  it('changes only the strategy concerned; the other\'s intents are byte-identical to a run without the changes', async () => {
    await feedTo(60);
    await setDefinition('beta', smaCross('beta', 3, 10));
    await feedTo(120);
    const betaAdded = await intentsOf('beta');
    expect(betaAdded.length).toBeGreaterThan(0);
    // Added at bar 60: it starts fresh there, so its intents are those of a run from bar 60.
    expect(betaAdded.map((e) => encodeEvent(e))).toEqual(reference(smaCross('beta', 3, 10), 60, 120).map((e) => encodeEvent(e)));

    await setDefinition('beta', smaCross('beta', 4, 12));
    await feedTo(180);
    const betaChanged = (await intentsOf('beta')).slice(betaAdded.length);
    expect(betaChanged.length).toBeGreaterThan(0);
    expect(betaChanged.map((e) => encodeEvent(e))).toEqual(reference(smaCross('beta', 4, 12), 120, 180).map((e) => encodeEvent(e)));

    await setDefinition('beta', null);
    await feedTo(240);
    const betaAll = await intentsOf('beta');
    expect(betaAll.length).toBe(betaAdded.length + betaChanged.length);
    expect(Math.max(...betaAll.map((e) => (e as HeliosEvent<'strategy.intent'>).payload.barTime))).toBeLessThan(openTime(180));

    const alpha = await intentsOf('alpha');
    expect(alpha.length).toBeGreaterThan(2);
    expect(alpha.map((e) => encodeEvent(e))).toEqual(reference(smaCross('alpha', 5, 20), 0, 240).map((e) => encodeEvent(e)));
  });

  it('the kill switch publishes one flat target at once, then the strategy emits nothing more', async () => {
    const before = await intentsOf('alpha');
    await setDefinition('alpha', smaCross('alpha', 5, 20, { killSwitch: true }));
    const flat = await waitFor('the flat target', async () => (await intentsOf('alpha')).slice(before.length)[0]);
    expect((flat as HeliosEvent<'strategy.intent'>).payload).toEqual({
      strategyId: 'alpha',
      targets: [{ instrument: 'BTC-USDT', weight: 0, reason: 'kill switch' }],
      barTime: openTime(239),
    });
    await feedTo(300);
    // Without the switch alpha would have traded in these bars.
    expect(reference(smaCross('alpha', 5, 20), 0, 300).length).toBeGreaterThan(before.length);
    expect(await intentsOf('alpha')).toEqual([...before, flat]);
  });
});
