/**
 * `npm run bench:bus`: what libs/nats costs on top of the raw @nats-io/jetstream client, measured in
 * one run against a nats-server this script starts (random port, temp store, `sync_interval: always`
 * as in production, so every acknowledged write is fsynced):
 *   (a) publish with ack, pipelined: Publisher.publishMany vs js.publish with msgID, same window;
 *   (b) replay of the whole stream: libs/nats replay vs a raw ordered consumer doing the same work
 *       (decodeEvent: parse + validate); a raw consumer that only JSON.parses is shown for reference,
 *       which prices the validation itself;
 *   (c) one-at-a-time publish round trip, p50/p99, helios and raw samples interleaved.
 * Same messages (realistic md.candle envelopes, unique ids) and counts on both sides. Publish rates
 * are totals over alternating rounds and replay rates medians of rounds in alternating order, so
 * disk, caches and JIT warm-up hit both sides alike. Prints a table and
 * each helios/raw ratio (for latencies: raw ms / helios ms, so > 1 is faster), then one JSON line;
 * `--json` prints only the JSON. Takes ~15 s.
 */
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { createEvent, decodeEvent, eventId, subjects, type Envelope } from '@helios/contracts';
import { ensureTopology, Publisher, replay, type PublishItem } from '@helios/nats';
import { startNatsServer } from '@helios/testing';

const PUBLISH_ROUNDS = 4;
const PER_PUBLISH_ROUND = 4_000;
const IN_FLIGHT = 256;
const REPLAY_ROUNDS = 7;
const ROUND_TRIPS = 1_500;
const WARM_UP = 500;
const GOAL = 0.8;

const jsonOnly = process.argv.includes('--json');
const say = (line = '') => {
  if (!jsonOnly) console.log(line);
};

const MINUTE = 60_000;
const T0 = 1_704_067_200_000;
const SUBJECT = subjects.candle('binance', 'BTC-USDT', '1m');

/** Bar `i` as market-data would publish it; `side` keeps helios and raw ids apart. */
function candle(side: string, i: number): Envelope {
  const openTime = T0 + i * MINUTE;
  const open = 42_000 + (i % 997) * 0.5;
  return createEvent(
    'md.candle',
    {
      venue: 'binance',
      symbol: 'BTC-USDT',
      tf: '1m',
      openTime,
      closeTime: openTime + MINUTE - 1,
      open,
      high: open + 35.25,
      low: open - 20.75,
      close: open + 12.5,
      volume: 153.2871 + (i % 13),
      closed: true,
    },
    { id: eventId('bench', side, 'binance', 'BTC-USDT', '1m', openTime), ts: openTime + MINUTE - 1, src: 'market-data', run: 'live' },
  );
}

const encoder = new TextEncoder();
const encode = (e: Envelope) => encoder.encode(JSON.stringify(e));

/** The usual raw pipeline: keep IN_FLIGHT publishes outstanding, await the oldest. */
async function rawPublishMany(js: JetStreamClient, events: Envelope[]): Promise<PubAck[]> {
  const acks: PubAck[] = [];
  const window: Promise<PubAck>[] = [];
  for (const e of events) {
    window.push(js.publish(SUBJECT, encode(e), { msgID: e.id }));
    if (window.length >= IN_FLIGHT) acks.push(await (window.shift() as Promise<PubAck>));
  }
  for (const p of window) acks.push(await p);
  return acks;
}

/** An ordered consumer over the whole stream; `validate` decodes like libs/nats, else JSON.parse only. */
async function rawReplay(js: JetStreamClient, expected: number, validate: boolean): Promise<void> {
  const consumer = await js.consumers.get('MD', { filter_subjects: 'md.>' });
  const messages = await consumer.consume({ max_messages: 512 });
  let count = 0;
  for await (const m of messages) {
    if (validate) {
      const decoded = decodeEvent(m.data);
      if (!decoded.ok) throw new Error(`bench: stored message ${m.seq} does not decode: ${decoded.message}`);
    } else {
      JSON.parse(m.string());
    }
    if (++count === expected) break;
  }
  await consumer.delete().catch(() => undefined);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<void> {
  const started = performance.now();
  const server = await startNatsServer({ syncAlways: true });
  const nc = await connect({ servers: server.url });
  try {
    const version = nc.info?.version ?? 'unknown';
    await ensureTopology(nc, { replicas: 1 });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const publisher = new Publisher(js);
    const payloadBytes = encode(candle('size', 0)).length;
    let next = 0;
    const batch = (side: string, n: number) => Array.from({ length: n }, () => candle(side, next++));

    // Warm both paths up (JIT, first fsyncs, consumer creation).
    await rawPublishMany(js, batch('raw', WARM_UP));
    await publisher.publishMany(batch('helios', WARM_UP).map((event) => ({ subject: SUBJECT, event })), { maxInFlight: IN_FLIGHT });

    // (a) pipelined publish with ack.
    let rawMs = 0;
    let heliosMs = 0;
    for (let round = 0; round < PUBLISH_ROUNDS; round++) {
      const rawEvents = batch('raw', PER_PUBLISH_ROUND);
      const heliosItems: PublishItem[] = batch('helios', PER_PUBLISH_ROUND).map((event) => ({ subject: SUBJECT, event }));
      let t = performance.now();
      const rawAcks = await rawPublishMany(js, rawEvents);
      rawMs += performance.now() - t;
      t = performance.now();
      const heliosAcks = await publisher.publishMany(heliosItems, { maxInFlight: IN_FLIGHT });
      heliosMs += performance.now() - t;
      if (rawAcks.some((a) => a.duplicate) || heliosAcks.some((a) => a.duplicate)) throw new Error('bench: unexpected duplicate ack');
    }
    const published = PUBLISH_ROUNDS * PER_PUBLISH_ROUND;
    const publishRate = { helios: published / (heliosMs / 1000), raw: published / (rawMs / 1000) };

    // (b) replay of everything stored so far.
    const stored = (await jsm.streams.info('MD')).state.messages;
    const replayRates = { helios: [] as number[], raw: [] as number[], rawParseOnly: [] as number[] };
    const heliosReplay = async () => {
      let count = 0;
      for await (const record of replay(js, jsm, { filter: 'md.>', from: { kind: 'all' } })) {
        if (!record.ok) throw new Error(`bench: stored message ${record.seq} does not decode: ${record.failure.message}`);
        count++;
      }
      if (count !== stored) throw new Error(`bench: replay returned ${count} of ${stored} messages`);
    };
    const timed = async (rates: number[], run: () => Promise<void>) => {
      const t = performance.now();
      await run();
      rates.push(stored / ((performance.now() - t) / 1000));
    };
    for (let round = 0; round < REPLAY_ROUNDS; round++) {
      // Who goes first alternates: the first reader of a round pays for cold caches.
      if (round % 2 === 0) {
        await timed(replayRates.raw, () => rawReplay(js, stored, true));
        await timed(replayRates.helios, heliosReplay);
      } else {
        await timed(replayRates.helios, heliosReplay);
        await timed(replayRates.raw, () => rawReplay(js, stored, true));
      }
      await timed(replayRates.rawParseOnly, () => rawReplay(js, stored, false));
    }
    const replayRate = { helios: median(replayRates.helios), raw: median(replayRates.raw), rawParseOnly: median(replayRates.rawParseOnly) };

    // (c) one publish at a time, awaiting each ack; the sides alternate sample by sample, and which
    // of the two goes first alternates too.
    const samples = { helios: [] as number[], raw: [] as number[] };
    const timeRaw = async () => {
      const e = candle('raw', next++);
      const t = performance.now();
      await js.publish(SUBJECT, encode(e), { msgID: e.id });
      samples.raw.push(performance.now() - t);
    };
    const timeHelios = async () => {
      const e = candle('helios', next++);
      const t = performance.now();
      await publisher.publish(SUBJECT, e);
      samples.helios.push(performance.now() - t);
    };
    for (let i = 0; i < ROUND_TRIPS; i++) {
      if (i % 2 === 0) {
        await timeRaw();
        await timeHelios();
      } else {
        await timeHelios();
        await timeRaw();
      }
    }
    const sorted = { helios: [...samples.helios].sort((a, b) => a - b), raw: [...samples.raw].sort((a, b) => a - b) };
    const roundTrip = {
      helios: { p50: percentile(sorted.helios, 50), p99: percentile(sorted.helios, 99) },
      raw: { p50: percentile(sorted.raw, 50), p99: percentile(sorted.raw, 99) },
    };

    const ratios = {
      publish: publishRate.helios / publishRate.raw,
      replay: replayRate.helios / replayRate.raw,
      roundTripP50: roundTrip.raw.p50 / roundTrip.helios.p50,
      roundTripP99: roundTrip.raw.p99 / roundTrip.helios.p99,
    };
    const durationMs = Math.round(performance.now() - started);

    say(`Helios bus benchmark: nats-server ${version}, file store, sync_interval: always (fsync on every write), 1 replica`);
    say(`messages: md.candle envelopes of ${payloadBytes} B; publish ${fmt(published)} per side (${PUBLISH_ROUNDS} alternating rounds, ${IN_FLIGHT} in flight);`);
    say(`replay ${fmt(stored)} messages x ${REPLAY_ROUNDS} rounds (median); ${fmt(ROUND_TRIPS)} interleaved round trips per side`);
    say();
    const rows: Array<[string, string, string, number]> = [
      ['publish + ack, pipelined (msg/s)', fmt(publishRate.helios), fmt(publishRate.raw), ratios.publish],
      ['replay, ordered, decode + validate each (msg/s)', fmt(replayRate.helios), fmt(replayRate.raw), ratios.replay],
      ['publish round trip p50 (ms) [ratio: raw/helios]', fmt(roundTrip.helios.p50, 3), fmt(roundTrip.raw.p50, 3), ratios.roundTripP50],
      ['publish round trip p99 (ms) [ratio: raw/helios]', fmt(roundTrip.helios.p99, 3), fmt(roundTrip.raw.p99, 3), ratios.roundTripP99],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    say(`${'measure'.padEnd(w)}  ${'helios'.padStart(10)}  ${'raw'.padStart(10)}  ratio  goal >= ${GOAL}`);
    for (const [name, h, r, ratio] of rows) {
      say(`${name.padEnd(w)}  ${h.padStart(10)}  ${r.padStart(10)}  ${ratio.toFixed(2).padStart(5)}  ${ratio >= GOAL ? 'ok' : 'BELOW GOAL'}`);
    }
    say(
      `(reference: a raw ordered consumer that only JSON.parses replays ${fmt(replayRate.rawParseOnly)} msg/s; ` +
        `helios/that = ${(replayRate.helios / replayRate.rawParseOnly).toFixed(2)}, the price of validating every event)`,
    );
    say();
    console.log(
      JSON.stringify({
        bench: 'bus',
        server: version,
        syncAlways: true,
        payloadBytes,
        publish: { messages: published, inFlight: IN_FLIGHT, heliosPerSec: Math.round(publishRate.helios), rawPerSec: Math.round(publishRate.raw), ratio: +ratios.publish.toFixed(3) },
        replay: {
          messages: stored,
          rounds: REPLAY_ROUNDS,
          heliosPerSec: Math.round(replayRate.helios),
          rawPerSec: Math.round(replayRate.raw),
          ratio: +ratios.replay.toFixed(3),
          rawParseOnlyPerSec: Math.round(replayRate.rawParseOnly),
        },
        roundTripMs: {
          samples: ROUND_TRIPS,
          helios: { p50: +roundTrip.helios.p50.toFixed(4), p99: +roundTrip.helios.p99.toFixed(4) },
          raw: { p50: +roundTrip.raw.p50.toFixed(4), p99: +roundTrip.raw.p99.toFixed(4) },
          ratioP50: +ratios.roundTripP50.toFixed(3),
          ratioP99: +ratios.roundTripP99.toFixed(3),
        },
        goal: GOAL,
        durationMs,
      }),
    );
  } finally {
    await nc.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
