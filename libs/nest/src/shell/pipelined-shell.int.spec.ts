import { Kvm } from '@nats-io/kv';
import { derivedId, exampleEvent, KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { getJson } from '@helios/nats';
import { startNatsServer } from '@helios/testing';
import { candle, openFixture, readStream, sendCommand, waitFor, type NatsFixture } from '../../spec-support/nats-fixture';
import { createToyDecider, foldToy, toyService, type ToyConfig, type ToyState } from '../../spec-support/toy-decider';
import { spawnService, type SpawnedService } from '../launch/spawn-service';
import { createService, type ServiceHandle } from './create-service';
import type { ServiceDecider } from './service-decider';

// The shell decides input n + 1 while the outputs of input n are still on their way (ADR 0012):
// these tests check that acks still never pass an input whose outputs might be missing.
jest.setTimeout(90_000);

let fx: NatsFixture;
const processes: SpawnedService[] = [];
const services: Array<ServiceHandle<ToyState, ToyConfig>> = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer({ syncAlways: true }));
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await Promise.all(services.map((s) => s.stop().catch(() => undefined)));
  await fx?.stop();
});

const candlesOf = (symbol: string, n: number) => Array.from({ length: n }, (_, i) => candle(i, { symbol }));
const publishCandles = (events: HeliosEvent<'md.candle'>[]) =>
  fx.publisher.publishMany(events.map((e) => ({ subject: subjects.candle('binance', e.payload.symbol, '1m'), event: e })));

describe('the pipelined shell', () => {
  it('SIGKILLed with a burst of inputs in flight (outputs stored, inputs not acked): after a restart every output is stored exactly once', async () => {
    const inputs = candlesOf('BTC-USDT', 400);
    const first = spawnService('libs/nest/spec-support/toy-service-main.ts', ['--nats', fx.url, '--instance', 'burst', '--snapshot-every', '50'], {
      env: { HELIOS_TEST_CRASH_AFTER_PUBLISH: '150' },
    });
    processes.push(first);
    await waitFor('the toy consumer', () => fx.jsm.consumers.info('MD', 'toy-burst-MD').then(() => true, () => undefined), 30_000);
    await publishCandles(inputs);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const outputSubject = subjects.indicator('toy', 1, 'BTC-USDT', '1m');
    const reference = foldToy(inputs).outputs;
    const atCrash = (await readStream(fx, outputSubject)).map((m) => m.event);
    // At least the 150th input's outputs, in input order, each with the payload of an uninterrupted run.
    expect(atCrash.length).toBeGreaterThanOrEqual(150);
    expect(atCrash).toEqual(reference.slice(0, atCrash.length));
    const seqOf150th = (await readStream(fx, subjects.candle('binance', 'BTC-USDT', '1m')))[149].seq;
    expect((await fx.jsm.consumers.info('MD', 'toy-burst-MD')).ack_floor.stream_seq).toBeLessThan(seqOf150th);

    const second = spawnService('libs/nest/spec-support/toy-service-main.ts', ['--nats', fx.url, '--instance', 'burst', '--snapshot-every', '50']);
    processes.push(second);
    await waitFor(
      'every input acked',
      async () => {
        const info = await fx.jsm.consumers.info('MD', 'toy-burst-MD');
        return info.ack_floor.stream_seq >= seqOf150th + 250 && info.num_pending + info.num_ack_pending === 0 ? true : undefined;
      },
      60_000,
    );
    const outputs = (await readStream(fx, outputSubject)).map((m) => m.event);
    expect(outputs.map((o) => o.id)).toEqual(inputs.map((e) => derivedId(e.id, 'indicator.value', 0)));
    expect(outputs).toEqual(reference);
    expect(await readStream(fx, subjects.dlq('toy'))).toEqual([]);
    await sendCommand(fx, 'toy', 'burst', 'stop', 1);
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('an output no retry can store (no stream captures it) is dead-lettered whole; its input stays applied and later inputs go on', async () => {
    const symbol = 'LOST-USDT';
    const lostBar = 30;
    // The toy decider, plus an ml.advice output for one candle; the ML stream is deleted below.
    const withAdvice = (config: ToyConfig): ServiceDecider<ToyState> => {
      const toy = createToyDecider(config);
      return {
        ...toy,
        decide: (state, input) => {
          const out = toy.decide(state, input);
          if (input.type !== 'md.candle' || input.ts !== candle(lostBar).ts) return out;
          const advice = exampleEvent('ml.advice');
          return [...out, { ...advice, id: derivedId(input.id, 'ml.advice', 1), ts: input.ts, cause: input.id, payload: { ...advice.payload, symbol } }];
        },
      };
    };
    await fx.jsm.streams.delete('ML');
    const svc = await createService(toyService(fx.url, 'toy-lost', symbol, { decider: withAdvice, snapshotEvery: 10, heartbeatMs: 200 }));
    services.push(svc);
    const inputs = candlesOf(symbol, 60);
    await publishCandles(inputs);

    const reference = foldToy(inputs);
    await waitFor('every input acked', async () => {
      const info = await fx.jsm.consumers.info('MD', 'toy-lost-main-MD');
      return info.num_pending + info.num_ack_pending === 0 && info.ack_floor.stream_seq > 0 ? true : undefined;
    }, 30_000);
    const letters = (await readStream(fx, subjects.dlq('toy-lost'))).map((m) => m.event as HeliosEvent<'system.dlq'>);
    expect(letters.map((l) => [l.cause, l.payload.reason, l.payload.originalSubject])).toEqual([[inputs[lostBar].id, 'handler-error', subjects.mlAdvice('gbm-trend', symbol)]]);
    expect(letters[0].payload.message).toMatch(/cannot be stored on ml\.advice\.gbm-trend\.LOST-USDT: .*no JetStream stream captures this subject/);
    expect(JSON.parse(letters[0].payload.raw)).toMatchObject({ id: derivedId(inputs[lostBar].id, 'ml.advice', 1), type: 'ml.advice' });
    expect(svc.state).toEqual(reference.state);
    expect(svc.phase).toBe('live');
    const outputs = (await readStream(fx, subjects.indicator('toy', 1, symbol, '1m'))).map((m) => m.event);
    expect(outputs).toEqual(reference.outputs);
  });

  it('a restart from a snapshot far behind the consumer\'s ack floor replays every input after the snapshot, none skipped as applied', async () => {
    const symbol = 'STALE-USDT';
    // Snapshots (and so ack-floor reads) every 3 inputs, also during the start-up replay.
    const start = () => createService(toyService(fx.url, 'toy-stale', symbol, { snapshotEvery: 3, heartbeatMs: 200 }));
    const first = await start();
    services.push(first);
    const inputs = candlesOf(symbol, 20);
    await publishCandles(inputs);
    const stored = await readStream(fx, subjects.candle('binance', symbol, '1m'));
    await waitFor('all 20 acked', async () => {
      const info = await fx.jsm.consumers.info('MD', 'toy-stale-main-MD');
      return info.ack_floor.stream_seq === stored[19].seq && info.num_ack_pending === 0 ? true : undefined;
    }, 30_000);
    await first.stop();

    // As after a crash whose last snapshots failed: the snapshot covers 5 inputs, the consumer acked all 20.
    const kv = await new Kvm(fx.js).open(KV_BUCKETS.snapshots);
    const last = await getJson<{ covered: Record<string, number> }>(kv, 'toy-stale.main');
    await kv.delete('toy-stale.main');
    await kv.put('toy-stale.main', JSON.stringify({ state: foldToy(inputs.slice(0, 5)).state, covered: { ...last?.value.covered, MD: stored[4].seq }, version: 1 }));

    const second = await start();
    services.push(second);
    expect(second.stats.replayed).toBe(15);
    expect(second.state).toEqual(foldToy(inputs).state);
  });
});
