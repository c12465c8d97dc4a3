import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { percentile } from './latency-stats';

const STREAM = 'BENCH_RTT';
const SUBJECT = 'bench.rtt';

/** Runs `measure` with a scratch stream on `subject` (same file store and fsync as the pipeline's), deleted afterwards. */
async function withScratchStream<T>(nc: NatsConnection, name: string, subject: string, measure: (js: JetStreamClient, payload: Uint8Array, subject: string) => Promise<T>): Promise<T> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name, subjects: [subject] });
  try {
    return await measure(jetstream(nc), new TextEncoder().encode(JSON.stringify({ bench: name, pad: 'x'.repeat(300) })), subject);
  } finally {
    await jsm.streams.delete(name);
  }
}

/**
 * The raw JetStream publish-ack round trip on the benchmark's server: one message at a time, each
 * awaited, to a scratch stream on the same file store (same fsync), deleted afterwards. This is the
 * floor every hop of the pipeline pays at least once.
 */
export async function measureAckRoundTrip(nc: NatsConnection, samples = 1_000, warmUp = 200): Promise<{ p50Ms: number; p99Ms: number; samples: number }> {
  return withScratchStream(nc, STREAM, SUBJECT, async (js, payload, subject) => {
    const rtts: number[] = [];
    for (let i = 0; i < warmUp + samples; i++) {
      const t = performance.now();
      await js.publish(subject, payload, { msgID: `rtt-${i}` });
      if (i >= warmUp) rtts.push(performance.now() - t);
    }
    return { p50Ms: percentile(rtts, 50), p99Ms: percentile(rtts, 99), samples };
  });
}

/**
 * What the server's disk takes: `count` publishes with up to `window` acks outstanding (the service
 * shell's output window is 256), to a scratch stream on the same store, in messages per second.
 * With fsync on every write this is the ceiling of all the pipeline's writes together.
 */
export async function measurePublishCapacity(nc: NatsConnection, count = 5_000, window = 256): Promise<{ msgsPerSec: number; count: number; window: number }> {
  return withScratchStream(nc, `${STREAM}_CAP`, `${SUBJECT}.cap`, async (js, payload, subject) => {
    const inFlight = new Set<Promise<unknown>>();
    const t = performance.now();
    for (let i = 0; i < count; i++) {
      const p: Promise<unknown> = js.publish(subject, payload, { msgID: `cap-${i}` }).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return { msgsPerSec: (count * 1000) / (performance.now() - t), count, window };
  });
}

/**
 * The publish-ack latency at the feed's own rate with nothing else on the server: `rate` publishes a
 * second for `ms`, each timed to its PubAck, to a scratch stream on the same store. Set against the
 * candles' own publish-acks during the run, it separates what the disk costs at that rate from what
 * the pipeline's load adds.
 */
export async function measureAckAtRate(nc: NatsConnection, rate: number, ms = 3_000): Promise<{ rate: number; p50Ms: number; p99Ms: number; samples: number }> {
  return withScratchStream(nc, `${STREAM}_RATE`, `${SUBJECT}.rate`, async (js, payload, subject) => {
    const latencies: number[] = [];
    const acks: Array<Promise<void>> = [];
    const t0 = performance.now();
    let sent = 0;
    for (let now = t0; now < t0 + ms; now = performance.now()) {
      const due = Math.floor(((now - t0) * rate) / 1000);
      while (sent < due) {
        const at = performance.now();
        acks.push(js.publish(subject, payload, { msgID: `rate-${sent}` }).then(() => void latencies.push(performance.now() - at)));
        sent++;
      }
      await new Promise<void>((r) => setTimeout(r, 1));
    }
    await Promise.all(acks);
    return { rate, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), samples: latencies.length };
  });
}
