import { Kvm } from '@nats-io/kv';
import { createEvent, derivedId, encodeEvent, KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { getJson } from '@helios/nats';
import { startNatsServer } from '@helios/testing';
import { candle, collectEvents, marketOrder, openFixture, readStream, sendCommand, sleep, waitFor, type NatsFixture } from '../../spec-support/nats-fixture';
import { foldToy, toyService, TOY_DEFAULTS, type ToyConfig, type ToyState } from '../../spec-support/toy-decider';
import { createService, type ServiceHandle } from './create-service';
import type { ServiceOptions } from './service-options';

jest.setTimeout(30_000);

let fx: NatsFixture;
const running: Array<ServiceHandle<ToyState, ToyConfig>> = [];

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop().catch(() => undefined)));
  await fx?.stop();
});

/** A toy service reading the candles and orders of one symbol, so tests sharing the server do not mix. */
async function startToy(name: string, symbol: string, over: Partial<ServiceOptions<ToyState, ToyConfig>> = {}): Promise<ServiceHandle<ToyState, ToyConfig>> {
  const service = await createService(
    toyService(fx.url, name, symbol, {
      inputs: [{ filter: subjects.candle('binance', symbol, '1m') }, { filter: subjects.order('new', `acct-${symbol}`) }],
      consumer: { ackWaitMs: 2_000 },
      ...over,
    }),
  );
  running.push(service);
  return service;
}

const outputSubject = (symbol: string) => subjects.indicator('toy', 1, symbol, '1m');

async function outputsOf(symbol: string): Promise<HeliosEvent[]> {
  return (await readStream(fx, outputSubject(symbol))).map((m) => m.event);
}

async function publishAll(events: HeliosEvent[]): Promise<void> {
  for (const e of events) {
    const subject = e.type === 'md.candle' ? subjects.candle('binance', e.payload.symbol, '1m') : subjects.order('new', (e as HeliosEvent<'order.new'>).payload.account);
    await fx.publisher.publish(subject, e);
  }
}

async function consumerState(stream: string, durable: string) {
  const info = await fx.jsm.consumers.info(stream, durable);
  return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered };
}

describe('the service shell around a toy decider', () => {
  it('applies candles and orders one at a time, publishes outputs with deterministic ids and acks every input', async () => {
    const symbol = 'ONE-USDT';
    const svc = await startToy('toy-one', symbol);
    expect(svc.durables.map((d) => [d.stream, d.durable])).toEqual([
      ['MD', 'toy-one-main-MD'],
      ['ORDER', 'toy-one-main-ORDER'],
    ]);
    const inputs: HeliosEvent[] = [];
    for (let i = 0; i < 20; i++) {
      inputs.push(candle(i, { symbol }));
      if (i % 2 === 0) inputs.push(marketOrder(i, { account: `acct-${symbol}`, instrument: symbol, qty: i + 1, ts: candle(i).ts }));
    }
    await publishAll(inputs);

    const outputs = await waitFor('30 outputs', async () => {
      const out = await outputsOf(symbol);
      return out.length >= 30 ? out : undefined;
    });
    expect(outputs).toHaveLength(30);
    // One queue: every input saw the state left by the previous one, so the counts are 1..30, once each.
    const counts = outputs.map((o) => (o as HeliosEvent<'indicator.value'>).payload.values['count']);
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(outputs.map((o) => o.id))).toEqual(new Set(inputs.map((e) => derivedId(e.id, 'indicator.value', 0))));
    // Whatever the interleaving of the two streams was, folding the inputs in that order in-process gives the same events.
    const byId = new Map(inputs.map((e) => [e.id, e]));
    const processedOrder = outputs.map((o) => byId.get(o.cause as string) as HeliosEvent);
    expect(outputs).toEqual(foldToy(processedOrder).outputs);
    expect(svc.state).toEqual(foldToy(processedOrder).state);

    await waitFor('every input acked', async () => {
      const [md, order] = await Promise.all([consumerState('MD', 'toy-one-main-MD'), consumerState('ORDER', 'toy-one-main-ORDER')]);
      return md.pending + md.ackPending + order.pending + order.ackPending === 0 || undefined;
    });
    expect(svc.stats).toMatchObject({ eventsIn: 30, eventsOut: 30, duplicates: 0, deadLetters: 0 });

    // A new instance finds both streams' history: folded into its state, not published again.
    const replica = await startToy('toy-one', symbol, { instance: 'replica' });
    expect(replica.stats).toMatchObject({ replayed: 30, eventsIn: 0, eventsOut: 0 });
    expect(replica.state).toEqual(svc.state);
    expect(await outputsOf(symbol)).toHaveLength(30);
    expect((await fx.jsm.consumers.info('MD', 'toy-one-replica-MD')).num_pending).toBe(0);
  });

  describe('bad input on a consumed subject goes to system.dlq.<service> with the reason, and the next message is processed', () => {
    const symbol = 'BAD-USDT';
    const name = 'toy-bad';
    const subject = subjects.candle('binance', symbol, '1m');
    let svc: ServiceHandle<ToyState, ToyConfig>;
    let bar = 0;

    beforeAll(async () => {
      svc = await startToy(name, symbol, { maxEventBytes: 4_096 });
    });

    /** Publishes the bad bytes, then a good candle; returns the dead letter and checks the good one was applied. */
    async function sendBadThenGood(bad: string | Uint8Array) {
      const ack = await fx.js.publish(subject, bad);
      const good = candle(bar++, { symbol });
      await fx.publisher.publish(subject, good);
      const letter = await waitFor(`the dead letter of #${ack.seq}`, async () =>
        (await readStream(fx, subjects.dlq(name))).map((m) => m.event as HeliosEvent<'system.dlq'>).find((e) => e.payload.originalSeq === ack.seq),
      );
      await waitFor('the next good candle applied', async () => (await outputsOf(symbol)).some((o) => o.cause === good.id) || undefined);
      expect(svc.phase).toBe('live');
      expect(letter.payload.originalSubject).toBe(subject);
      return letter.payload;
    }

    const validCandleJson = () => JSON.parse(JSON.stringify(candle(1000 + bar, { symbol }))) as Record<string, unknown> & { payload: Record<string, unknown> };

    it('malformed JSON -> malformed-json', async () => {
      const letter = await sendBadThenGood('{"id": "x", "type": ');
      expect(letter.reason).toBe('malformed-json');
      expect(letter.message).toMatch(/not JSON/);
      expect(letter.raw).toBe('{"id": "x", "type": ');
    });

    it('a schema violation -> invalid-payload naming the field', async () => {
      const e = validCandleJson();
      delete e.payload['close'];
      const letter = await sendBadThenGood(JSON.stringify(e));
      expect(letter.reason).toBe('invalid-payload');
      expect(letter.errors.map((x) => x.path)).toContain('/payload/close');
    });

    it('an unknown event type -> unknown-type', async () => {
      const letter = await sendBadThenGood(JSON.stringify({ ...validCandleJson(), type: 'md.weather' }));
      expect(letter.reason).toBe('unknown-type');
      expect(letter.message).toMatch(/md\.weather/);
    });

    it('a newer version than the reader knows -> unsupported-version', async () => {
      const letter = await sendBadThenGood(JSON.stringify({ ...validCandleJson(), v: 3 }));
      expect(letter.reason).toBe('unsupported-version');
      expect(letter.message).toMatch(/v3 is newer/);
    });

    it('an oversized message -> oversized', async () => {
      const e = validCandleJson();
      const letter = await sendBadThenGood(JSON.stringify({ ...e, corr: 'c'.repeat(100), payload: { ...e.payload, pad: 'x'.repeat(5_000) } }));
      expect(letter.reason).toBe('oversized');
      expect(letter.message).toMatch(/over the 4096-byte limit/);
      expect(letter.rawTruncated).toBe(false);
    });

    it('an input the decider throws on -> handler-error, state unchanged', async () => {
      const before = svc.state;
      const poison = candle(2000, { symbol: 'BOOM-USDT' });
      // Published on this service's subject: the event is valid, the decider fails on it.
      const poisonOnOurSubject = { ...poison, payload: { ...poison.payload } };
      const ack = await fx.js.publish(subject, encodeEvent(poisonOnOurSubject));
      const letter = await waitFor('the dead letter of the poison input', async () =>
        (await readStream(fx, subjects.dlq(name))).map((m) => m.event as HeliosEvent<'system.dlq'>).find((e) => e.payload.originalSeq === ack.seq),
      );
      expect(letter.payload.reason).toBe('handler-error');
      expect(letter.payload.message).toMatch(/decide threw: cannot handle BOOM-USDT/);
      expect(svc.state).toEqual(before);
      await sleep(50);
      const good = candle(bar++, { symbol });
      await fx.publisher.publish(subject, good);
      await waitFor('the next good candle applied', async () => (await outputsOf(symbol)).some((o) => o.cause === good.id) || undefined);
    });

    it('a valid event of another type on the subject -> handler-error', async () => {
      const tick = { id: 'tick-1', type: 'md.tick', v: 1, ts: 1, src: 't', run: 'paper', payload: { venue: 'binance', symbol, price: 1, size: 1 } };
      const letter = await sendBadThenGood(JSON.stringify(tick));
      expect(letter.reason).toBe('handler-error');
      expect(letter.message).toMatch(/md\.tick does not belong on subject/);
      expect(svc.stats.deadLetters).toBe(7);
      const metrics = await (await fetch(`http://127.0.0.1:${svc.httpPort}/metrics`)).text();
      for (const reason of ['malformed-json', 'invalid-payload', 'unknown-type', 'unsupported-version', 'oversized']) {
        expect(metrics).toContain(`helios_dead_letters_total{reason="${reason}",service="${name}",instance="main"} 1`);
      }
      expect(metrics).toContain(`helios_dead_letters_total{reason="handler-error",service="${name}",instance="main"} 2`);
    });
  });

  it('heartbeats with plausible figures every interval, and serves /healthz and /metrics', async () => {
    const symbol = 'HB-USDT';
    const started = Date.now();
    const beats = collectEvents(fx.nc, subjects.heartbeat('toy-hb', 'main'));
    try {
      const svc = await startToy('toy-hb', symbol, { pnl: (s) => s.sum - 1000 });
      const inputs = Array.from({ length: 50 }, (_, i) => candle(i, { symbol }));
      await publishAll(inputs);
      await waitFor('50 outputs', async () => ((await outputsOf(symbol)).length === 50 ? true : undefined));
      const busy = await waitFor('a heartbeat that saw the traffic', () =>
        beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).find((p) => p.msgsInPerSec > 0),
      );
      expect(busy).toMatchObject({ service: 'toy-hb', instance: 'main', status: 'healthy' });
      expect(busy.msgsOutPerSec).toBeGreaterThan(0);
      expect(busy.latencyMsP50).toBeGreaterThan(0);
      expect(busy.latencyMsP99).toBeGreaterThanOrEqual(busy.latencyMsP50 as number);
      expect(busy.latencyMsP99).toBeLessThan(1_000);
      expect(busy.startedAt).toBeGreaterThanOrEqual(started - 1);
      expect(busy.startedAt).toBeLessThanOrEqual(Date.now());
      expect(busy.details).toMatchObject({ phase: 'live', httpPort: svc.httpPort, connected: true, config: TOY_DEFAULTS });
      const settled = await waitFor('a heartbeat after the burst', () =>
        beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).find((p) => (p.details as { eventsIn: number }).eventsIn === 50 && p.lagMsgs === 0),
      );
      expect(settled.pnl).toBe(foldToy(inputs).state.sum - 1000);
      const seconds = beats.events.map((e) => e.ts);
      expect(seconds.every((t, i) => i === 0 || t >= seconds[i - 1])).toBe(true);

      const health = await fetch(`http://127.0.0.1:${svc.httpPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ service: 'toy-hb', instance: 'main', phase: 'live', connected: true, eventsIn: 50 });

      const metrics = await fetch(`http://127.0.0.1:${svc.httpPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toContain('helios_events_in_total{stream="MD",service="toy-hb",instance="main"} 50');
      expect(text).toContain('helios_events_out_total{service="toy-hb",instance="main"} 50');
      expect(text).toContain('helios_handling_seconds_count{service="toy-hb",instance="main"} 50');
      expect(text).toMatch(/helios_consumer_lag\{stream="MD",service="toy-hb",instance="main"\} 0/);
      expect(text).toContain('helios_service_up{service="toy-hb",instance="main"} 1');
    } finally {
      beats.close();
    }
  });

  it('obeys pause, resume, reconfigure (refusing an invalid config) and stop commands', async () => {
    const symbol = 'CMD-USDT';
    const name = 'toy-cmd';
    const beats = collectEvents(fx.nc, subjects.heartbeat(name, 'main'));
    const lastBeat = () => (beats.events.at(-1) as HeliosEvent<'system.heartbeat'> | undefined)?.payload;
    let stopCommands = 0;
    try {
      const svc = await startToy(name, symbol, { onStopCommand: () => stopCommands++ });
      const health = async () => (await fetch(`http://127.0.0.1:${svc.httpPort}/healthz`)).status;
      await publishAll([candle(0, { symbol })]);
      await waitFor('first output', async () => ((await outputsOf(symbol)).length === 1 ? true : undefined));

      await sendCommand(fx, name, 'main', 'pause', 1);
      await waitFor('a paused heartbeat', () => lastBeat()?.status === 'paused');
      expect(await health()).toBe(503);
      await publishAll([1, 2, 3].map((i) => candle(i, { symbol })));
      await waitFor('the paused consumer to have 3 pending', async () => (await consumerState('MD', `${name}-main-MD`)).pending === 3 || undefined);
      await sleep(300);
      expect(await outputsOf(symbol)).toHaveLength(1);

      // Addressed to every instance of the service.
      const all = subjects.cmd(name, '_all');
      await fx.publisher.publish(all, createEvent('system.cmd', { service: name, command: 'resume' }, { id: 'resume-all', ts: 1, src: 'test', run: 'live' }));
      await waitFor('the 3 paused candles applied', async () => ((await outputsOf(symbol)).length === 4 ? true : undefined));
      await waitFor('a healthy heartbeat', () => lastBeat()?.status === 'healthy');
      expect(await health()).toBe(200);

      await sendCommand(fx, name, 'main', 'reconfigure', 2, { factor: -1 });
      const refused = await waitFor('an error heartbeat', () => beats.events.map((e) => (e as HeliosEvent<'system.heartbeat'>).payload).find((p) => p.status === 'error'));
      expect((refused.details as { lastError: { message: string } }).lastError.message).toMatch(/reconfigure refused, configuration unchanged: .*\/factor: must be >= 0/);
      expect(svc.config).toEqual(TOY_DEFAULTS);

      await sendCommand(fx, name, 'main', 'reconfigure', 3, { factor: 2 });
      await waitFor('the new config', () => svc.config.factor === 2);
      const before = svc.state;
      await publishAll([candle(4, { symbol, close: 50 })]);
      await waitFor('the output of the reconfigured decider', async () => ((await outputsOf(symbol)).length === 5 ? true : undefined));
      expect(svc.state).toEqual({ count: before.count + 1, sum: before.sum + 100 });

      await sendCommand(fx, name, 'main', 'stop', 4);
      await svc.stopped;
      await waitFor('the stop-command callback', () => stopCommands === 1);
      expect(svc.phase).toBe('stopped');
      expect(lastBeat()?.status).toBe('stopped');
      await expect(fetch(`http://127.0.0.1:${svc.httpPort}/healthz`)).rejects.toThrow();
      expect(await consumerState('MD', `${name}-main-MD`)).toMatchObject({ pending: 0, ackPending: 0 });
    } finally {
      beats.close();
    }
  });

  it('reads its configuration from KV helios-config when none is given, and refuses to start on an invalid one', async () => {
    const kv = await new Kvm(fx.js).open(KV_BUCKETS.config);
    await kv.put('service.toy-kv', JSON.stringify({ factor: 3 }));
    const svc = await startToy('toy-kv', 'KV-USDT');
    expect(svc.config).toEqual({ factor: 3, snapshots: true });
    await svc.stop();

    await kv.put('service.toy-kv', JSON.stringify({ factor: 'three' }));
    await expect(startToy('toy-kv', 'KV-USDT', { httpPort: svc.httpPort })).rejects.toThrow(/^toy-kv configuration: invalid configuration: \/factor: /);
    // It cleaned up after itself: the port is free again.
    const again = await startToy('toy-kv', 'KV-USDT', { httpPort: svc.httpPort, config: { factor: 4 } });
    expect([again.httpPort, again.config.factor]).toEqual([svc.httpPort, 4]);
  });

  it('stops cleanly when aborted before it is live, without creating its consumers', async () => {
    const abort = new AbortController();
    const starting = startToy('toy-abort', 'ABORT-USDT', { abortSignal: abort.signal });
    abort.abort();
    const svc = await starting;
    await svc.stopped;
    expect(svc.phase).toBe('stopped');
    await expect(fx.jsm.consumers.info('MD', 'toy-abort-main-MD')).rejects.toThrow(/consumer not found/);
  });

  it('snapshots every N inputs, but not more often than snapshotMinIntervalMs; the stop still saves the last one', async () => {
    const symbol = 'RARE-USDT';
    const svc = await startToy('toy-rare', symbol, { snapshotEvery: 5, snapshotMinIntervalMs: 60_000 });
    await publishAll(Array.from({ length: 30 }, (_, i) => candle(i, { symbol })));
    await waitFor('30 outputs', async () => ((await outputsOf(symbol)).length === 30 ? true : undefined));
    // The first snapshot after 5 inputs is written while the next inputs are handled: poll for it.
    await waitFor('the first snapshot', async () => (svc.stats.snapshots === 1 ? true : undefined));
    await sleep(300);
    // 30 inputs at every 5 would be 6 snapshots; within a minute only the first is taken.
    expect(svc.stats.snapshots).toBe(1);
    await svc.stop();
    expect(svc.stats.snapshots).toBe(2);
    const kv = await new Kvm(fx.js).open(KV_BUCKETS.snapshots);
    const snap = await getJson<{ state: ToyState; covered: Record<string, number> }>(kv, 'toy-rare.main');
    expect(snap?.value.state).toEqual(foldToy(Array.from({ length: 30 }, (_, i) => candle(i, { symbol }))).state);
  });

  it('snapshot + tail replay rebuilds the same state as a full replay, and publishes the tail outputs once', async () => {
    const symbol = 'SNAP-USDT';
    const first = await startToy('toy-snap', symbol, { snapshotEvery: 10 });
    const inputs = Array.from({ length: 50 }, (_, i) => candle(i, { symbol }));
    await publishAll(inputs.slice(0, 35));
    await waitFor('35 outputs', async () => ((await outputsOf(symbol)).length === 35 ? true : undefined));
    await first.stop();
    const seqOf35th = (await readStream(fx, subjects.candle('binance', symbol, '1m')))[34].seq;
    // Stopping saved a last snapshot covering exactly what was applied.
    const kv = await new Kvm(fx.js).open(KV_BUCKETS.snapshots);
    const snap = await getJson<{ state: ToyState; covered: Record<string, number> }>(kv, 'toy-snap.main');
    // ORDER holds no order of this symbol: the start-up replay covered it to its end.
    expect(snap?.value.covered).toEqual({ MD: seqOf35th, ORDER: (await fx.jsm.streams.info('ORDER')).state.last_seq });
    expect(snap?.value.state).toEqual(foldToy(inputs.slice(0, 35)).state);

    // 15 more arrive while it is down: its restart replays them after the snapshot.
    await publishAll(inputs.slice(35));
    const restarted = await startToy('toy-snap', symbol, { snapshotEvery: 10 });
    expect(restarted.stats.replayed).toBe(15);
    const full = await startToy('toy-snap-full', symbol, { config: { snapshots: false } });
    expect(full.stats.replayed).toBe(50);

    const reference = foldToy(inputs);
    expect(restarted.state).toEqual(reference.state);
    expect(full.state).toEqual(reference.state);
    expect(restarted.covered['MD'].covered).toBeGreaterThanOrEqual(seqOf35th + 15);

    const outputs = await waitFor('50 outputs', async () => {
      const out = await outputsOf(symbol);
      return out.length >= 50 ? out : undefined;
    });
    await sleep(200);
    expect(await outputsOf(symbol)).toEqual(reference.outputs);
    expect(outputs).toHaveLength(50);
  });
});
