import pino from 'pino';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS } from '@helios/contracts';
import { OhlcvCsvError } from '@helios/domain-market-data';
import { describeError, natsConnectTarget, Publisher, redactNatsUrl } from '@helios/nats';
import { csvAdapter } from './adapters/csv-adapter';
import type { MarketDataAdapter } from './adapters/market-data-adapter';
import { syntheticAdapter } from './adapters/synthetic-adapter';
import { ReleaseGate } from './adapters/release-gate';
import { SeriesReplayAdapter } from './adapters/series-replay-adapter';
import { feedUsage, FeedUsageError, parseFeedArgs, type FeedSource } from './feed-args';
import { CandleEvents } from './feed/candle-events';
import { CandleFeed } from './feed/candle-feed';
import { readResumePoints } from './feed/resume-point';
import { FeedStatus, type FeedPhase } from './status/feed-status';

export const SERVICE = 'market-data';

export interface FeedIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stderr: (text: string) => void;
  stdout: (text: string) => void;
  exit: (code: number) => void;
}

export function adapterFor(source: FeedSource): MarketDataAdapter {
  return source.kind === 'csv' ? csvAdapter(source) : syntheticAdapter(source);
}

/**
 * The market-data process. It is a source, not a consumer, so it does not run on the decider shell:
 * it publishes straight through `Publisher` (ids from the natural key, so a restart that repeats a
 * bar is de-duplicated by the stream) and carries its own heartbeat / command / health helper.
 * Exit codes: 2 bad flag, 1 cannot start (unreadable or bad CSV: the message names the line),
 * 0 after SIGTERM / SIGINT / `stop` (or the last bar with --exit-when-done).
 */
export async function runMarketData(io: FeedIo): Promise<void> {
  let args;
  try {
    args = parseFeedArgs(io.argv, io.env);
  } catch (err) {
    if (!(err instanceof FeedUsageError)) throw err;
    io.stderr(`${SERVICE}: ${err.message}\n\n${feedUsage()}`);
    return io.exit(2);
  }
  if (args.help) {
    io.stdout(feedUsage());
    return io.exit(0);
  }
  const logger = pino({ level: args.logLevel, base: { service: SERVICE, instance: args.instance, pid: process.pid } });

  let adapter: MarketDataAdapter;
  try {
    adapter = adapterFor(args.source);
  } catch (err) {
    io.stderr(`${SERVICE}: ${err instanceof OhlcvCsvError ? `bad CSV: ${err.message}` : describeError(err)}\n`);
    return io.exit(1);
  }

  let phase: FeedPhase = 'starting';
  let status: FeedStatus | undefined;
  let stopping: Promise<void> | undefined;
  let nc;
  try {
    nc = await connect({ ...natsConnectTarget(args.natsUrl), name: `${SERVICE}-${args.instance}`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  } catch (err) {
    io.stderr(`${SERVICE}: cannot connect to ${redactNatsUrl(args.natsUrl)}: ${describeError(err)}\n`);
    return io.exit(1);
  }
  const conn = nc;
  const js = jetstream(conn);
  const publisher = new Publisher(js, { onRetry: (r) => logger.warn({ subject: r.subject, attempt: r.attempt, err: describeError(r.error) }, 'publish retry') });
  const events = new CandleEvents({ src: SERVICE, run: args.run });
  const feed = new CandleFeed(publisher, events);

  const stop = (code: number): Promise<void> => {
    stopping ??= (async () => {
      phase = 'stopping';
      adapter.stop();
      feed.resume();
      phase = 'stopped';
      await status?.stop().catch(() => undefined);
      await conn.drain().catch(() => undefined);
      logger.info({ counters: feed.counters }, 'stopped');
      logger.flush?.();
      io.exit(code);
    })();
    return stopping;
  };
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  try {
    const healthKv = await new Kvm(js).open(KV_BUCKETS.health).catch(() => undefined);
    status = new FeedStatus({
      service: SERVICE,
      instance: args.instance,
      run: args.run,
      nc: conn,
      publisher,
      healthKv,
      httpPort: args.httpPort,
      logger,
      read: () => ({ phase, paused: feed.paused, eventsOut: feed.counters.stored, details: { source: adapter.description, ...feed.counters } }),
      onCommand: (command) => {
        if (command === 'pause') feed.pause();
        else if (command === 'resume') feed.resume();
        else void stop(0);
      },
    });
    await status.start();
    if (args.releaseKey !== undefined) await followRelease(js, args.releaseKey, adapter, logger);
    const resumeAfter = await readResumePoints(await jetstreamManager(conn), adapter.series);
    for (const key of adapter.series) {
      const last = resumeAfter.get(`${key.venue}.${key.symbol}.${key.tf}`);
      if (last !== undefined) events.prime(key, last);
    }
    logger.info({ source: adapter.description, resumeAfter: Object.fromEntries(resumeAfter), httpPort: status.httpPort }, 'feeding');
    phase = 'feeding';
    await adapter.start(feed.emit, resumeAfter);
  } catch (err) {
    if (stopping) return;
    io.stderr(`${SERVICE}: ${describeError(err)}\n`);
    logger.error({ err: describeError(err) }, 'feed failed');
    await stop(1);
    return;
  }
  if (stopping) return;
  phase = 'done';
  logger.info({ counters: feed.counters }, 'source exhausted');
  void status.beat();
  if (args.exitWhenDone) await stop(0);
}

/** `--release-key`: the adapter waits for each bar's release; the horizon is watched in KV helios-config. */
async function followRelease(js: ReturnType<typeof jetstream>, key: string, adapter: MarketDataAdapter, logger: pino.Logger): Promise<void> {
  if (!(adapter instanceof SeriesReplayAdapter)) throw new Error(`--release-key: ${adapter.description} cannot be stepped`);
  const gate = new ReleaseGate();
  adapter.release = gate;
  const watch = await (await new Kvm(js).open(KV_BUCKETS.config)).watch({ key });
  void (async () => {
    for await (const entry of watch) {
      const horizon = entry.operation === 'PUT' ? Number(entry.string()) : NaN;
      if (Number.isFinite(horizon)) gate.release(horizon);
      else if (entry.operation === 'PUT') logger.warn({ key, value: entry.string() }, 'release horizon is not a number: ignored');
    }
  })();
}
