import { Kvm } from '@nats-io/kv';
import { encodeEvent, KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { spawnService, type SpawnedService } from '@helios/nest';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, readStream, waitFor, type Fixture } from '@helios/testing-services';
import type { StrategyDefinition } from '@helios/domain-strategy';
import { intentsAlone, syntheticCandles } from '../spec-support/candles-and-intents';

// A restart waits for the killed incarnation's unacked inputs to come back after their ack wait (10 s).
jest.setTimeout(120_000);

const BARS = 120;
const KILL_AFTER = 45;
const CANDLES = syntheticCandles(23, BARS);
// Fast windows: a candle folded twice or skipped changes a target within a few bars.
const DEF: StrategyDefinition = { id: 'restart', template: 'sma-cross', params: { fast: 2, slow: 5 }, instruments: ['BTC-USDT'], timeframe: '1m' };
const DURABLE = 'strategy-runner-restart-MD';

/** The intents of an uninterrupted run over every candle. */
const reference = () => intentsAlone(DEF, CANDLES);

let fx: Fixture;
let runner: SpawnedService | undefined;

async function startRunner(): Promise<SpawnedService> {
  const beats = collect(fx.nc, subjects.heartbeat('strategy-runner', 'restart'));
  // Maintenance (ack-floor reads, and snapshots for deciders that have them) every 5 inputs, also during the start-up replay.
  const child = spawnService('apps/strategy-runner/src/main.ts', ['--strategy', 'restart', '--nats', fx.url, '--snapshot-every', '5', '--log-level', 'warn']);
  try {
    await waitFor(
      'the strategy-runner to be live',
      () => {
        if (child.child.exitCode !== null) throw new Error(`strategy-runner exited: ${child.stderr()}`);
        return beats.events.some((e) => ((e as HeliosEvent<'system.heartbeat'>).payload.details as { phase?: string }).phase === 'live');
      },
      60_000,
    );
  } finally {
    beats.close();
  }
  return child;
}

const publishCandles = async (from: number, to: number): Promise<number> => {
  let seq = 0;
  for (const c of CANDLES.slice(from, to)) seq = (await fx.publisher.publish(subjects.candle('binance', 'BTC-USDT', '1m'), c)).seq;
  return seq;
};

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
  await (await new Kvm(fx.js).open(KV_BUCKETS.config)).put('strategy.restart', JSON.stringify(DEF));
});

afterAll(async () => {
  await runner?.kill();
  await fx?.stop();
});

describe('strategy-runner SIGKILLed mid-stream and restarted', () => {
  it('folds every candle exactly once across the restart: its intents are byte-identical to an uninterrupted run', async () => {
    const expected = reference();
    expect(expected.length).toBeGreaterThan(10);
    runner = await startRunner();

    // The first incarnation is killed while candles are still arriving and being handled.
    const feeding = publishCandles(0, 80);
    await waitFor(`the runner to ack ${KILL_AFTER} candles`, async () => {
      const info = await fx.jsm.consumers.info('MD', DURABLE).catch(() => undefined);
      return info !== undefined && info.ack_floor.stream_seq >= KILL_AFTER;
    });
    await runner.kill('SIGKILL');
    await feeding;
    const ackFloorAtKill = (await fx.jsm.consumers.info('MD', DURABLE)).ack_floor.stream_seq;
    // The restart's replay runs past several maintenance points below the ack floor its predecessor left.
    expect(ackFloorAtKill).toBeGreaterThanOrEqual(KILL_AFTER);

    runner = await startRunner();
    const last = await publishCandles(80, BARS);
    await waitFor(
      'the restarted runner to ack every candle',
      async () => {
        const info = await fx.jsm.consumers.info('MD', DURABLE);
        return info.ack_floor.stream_seq >= last && info.num_pending === 0 && info.num_ack_pending === 0;
      },
      60_000,
    );

    const intents = (await readStream(fx, subjects.intent('restart'))).map((m) => m.event);
    // The encoded bytes, as text so that a difference reads as JSON.
    const text = (e: HeliosEvent) => new TextDecoder().decode(encodeEvent(e));
    expect(intents.map(text)).toEqual(expected.map(text));
  });
});
