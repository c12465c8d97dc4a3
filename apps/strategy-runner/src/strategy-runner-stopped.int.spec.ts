import { Kvm, type KV } from '@nats-io/kv';
import { encodeEvent, KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { logLines, spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, consumedThrough, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';
import type { StrategyDefinition } from '@helios/domain-strategy';
import { intentsAlone, syntheticCandles } from '../spec-support/candles-and-intents';

// A strategy the user stopped (`stopped: true`) or removed (key deleted) is not run by anyone, and a
// runner of that one strategy exits 0 (so the node agent leaves it stopped instead of restarting it
// into the same answer); a definition that is wrong or missing is still an error (exit 1).
jest.setTimeout(120_000);

const CANDLES = syntheticCandles(31, 80);
const def = (id: string, extra: Partial<StrategyDefinition> = {}): StrategyDefinition => ({
  id,
  template: 'sma-cross',
  params: { fast: 2, slow: 5 },
  instruments: ['BTC-USDT'],
  timeframe: '1m',
  ...extra,
});

let fx: Fixture;
let kv: KV;
const started: SpawnedService[] = [];

function runner(args: string[]): SpawnedService {
  const child = spawnService('apps/strategy-runner/src/main.ts', [...args, '--nats', fx.url, '--log-level', 'info']);
  started.push(child);
  return child;
}

async function live(instance: string, child: SpawnedService): Promise<void> {
  const beats = collect(fx.nc, subjects.heartbeat('strategy-runner', instance));
  try {
    await waitFor(`strategy-runner/${instance} to be live`, () => {
      if (child.child.exitCode !== null) throw new Error(`strategy-runner exited: ${child.stdout()}${child.stderr()}`);
      return beats.events.some((e) => ((e as HeliosEvent<'system.heartbeat'>).payload.details as { phase?: string }).phase === 'live');
    }, 60_000);
  } finally {
    beats.close();
  }
}

const messages = (child: SpawnedService) => logLines(child.stdout()).map((l) => l['msg']);

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  kv = await new Kvm(fx.js).open(KV_BUCKETS.config);
});

afterAll(async () => {
  for (const child of started) await child.kill();
  await fx?.stop();
});

describe('strategy-runner and strategies the user stopped or removed', () => {
  it('a runner of one strategy starts and exits 0 when the strategy is stopped or removed, and exits 1 when it was never written', async () => {
    await kv.put('strategy.parked', JSON.stringify(def('parked', { stopped: true })));
    const parked = runner(['--strategy', 'parked']);
    expect(await parked.exited).toEqual({ code: 0, signal: null });
    expect(parked.stdout()).toContain('strategy-runner: strategy parked is stopped (KV helios-config strategy.parked stopped: true): nothing to run');

    await kv.put('strategy.gone', JSON.stringify(def('gone')));
    await kv.delete('strategy.gone');
    const gone = runner(['--strategy', 'gone']);
    expect(await gone.exited).toEqual({ code: 0, signal: null });
    expect(gone.stdout()).toContain('strategy-runner: strategy gone was removed (KV helios-config key strategy.gone deleted): nothing to run');

    const never = runner(['--strategy', 'never']);
    expect(await never.exited).toEqual({ code: 1, signal: null });
    expect(never.stderr()).toContain('no valid strategy definition at KV helios-config key strategy.never');
  });

  it('a running runner of one strategy drains and exits 0 when the strategy is stopped, and again when it is removed', async () => {
    await kv.put('strategy.solo', JSON.stringify(def('solo')));
    const first = runner(['--strategy', 'solo']);
    await live('solo', first);
    await kv.put('strategy.solo', JSON.stringify(def('solo', { stopped: true })));
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(messages(first)).toContain('strategy stopped (stopped: true): stopping the runner');

    await kv.put('strategy.solo', JSON.stringify(def('solo', { stopped: false })));
    const second = runner(['--strategy', 'solo']);
    await live('solo', second);
    await kv.delete('strategy.solo');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(messages(second)).toContain('strategy removed: stopping the runner');
  });

  it('a runner of every strategy (--all) leaves a stopped one out and the others trade as alone', async () => {
    await kv.put('strategy.on', JSON.stringify(def('on')));
    await kv.put('strategy.off', JSON.stringify(def('off', { stopped: true })));
    const all = runner(['--all', '--instance', 'all']);
    await live('all', all);
    let seq = 0;
    for (const c of CANDLES) seq = (await fx.publisher.publish(subjects.candle('binance', 'BTC-USDT', '1m'), c)).seq;
    await consumedThrough(fx, 'MD', 'strategy-runner-all-MD', seq);
    const on = (await readStream(fx, subjects.intent('on'))).map((m) => encodeEvent(m.event));
    expect(on.length).toBeGreaterThan(2);
    expect(on).toEqual(intentsAlone(def('on'), CANDLES).map((e) => encodeEvent(e)));
    expect(await readStream(fx, subjects.intent('off'))).toEqual([]);
  });
});
