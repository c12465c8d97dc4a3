import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, type HeliosEvent } from '@helios/contracts';
import { MARKET_DATA_SRC, SeriesCandles, type BacktestResult } from '@helios/kernel';
import { feedDurable, LockstepFeed } from './lockstep-feed';
import { configKv, ReplayControl, type ReplayStatus } from './replay-control';
import type { ReplayPlan } from './replay-plan';
import { exitReport, type RunningServices } from '../bench/service-processes';
import { REPLAY_INSTANCE, startReplayServices } from './replay-services';
import { REPLAY_STAGES, routeOf, type ReplayStage } from './replay-stages';
import { RunMirror } from './run-mirror';

export interface ReplayRunOptions {
  nc: NatsConnection;
  natsUrl: string;
  runId: string;
  plan: ReplayPlan;
  progress(line: string): void;
  /** Set on Ctrl-C: the replay stops between two deliveries. */
  stopped(): boolean;
}

export interface ReplayRunResult {
  result: BacktestResult;
  /** Scopes used, the last one holding the events the result is built from. */
  scopes: string[];
  seeks: Array<{ from: number; to: number }>;
}

/** One run scope: its services and its feed. */
interface ScopeRun {
  scope: string;
  services: RunningServices;
  feed: LockstepFeed;
  mirror: RunMirror;
}

/**
 * `helios replay --distributed`: feeds the bars of a backtest one at a time to the real services
 * and delivers every event to them in `runBacktest`'s order (docs/adr/0016-distributed-replay.md).
 */
export async function runDistributedReplay(o: ReplayRunOptions): Promise<ReplayRunResult> {
  const { nc, plan, runId } = o;
  const n = plan.settings.series.length;
  const jsm = await jetstreamManager(nc);
  const control = await ReplayControl.open(nc, runId);
  const scopes: string[] = [];
  const seeks: Array<{ from: number; to: number }> = [];
  let position = 0;
  let state: ReplayStatus['state'] = 'starting';
  let current: ScopeRun | undefined;
  const report = (extra: Partial<ReplayStatus> = {}) =>
    control.report({ state, position, bars: n, scope: current?.scope ?? runId, seeks, updatedAt: Date.now(), ...extra });
  const candles = new SeriesCandles(
    { venue: plan.settings.venue, symbol: plan.settings.symbol, tf: plan.settings.tf, src: MARKET_DATA_SRC, run: plan.settings.runId },
    plan.settings.series,
    plan.closeTimes,
  );
  try {
    await report();
    current = await openScope(o, jsm, runId);
    scopes.push(runId);
    state = 'running';
    await report();
    const started = performance.now();
    let lastReport = 0;
    while (position < n) {
      if (o.stopped()) throw new Error('interrupted');
      const dead = current.services.dead();
      if (dead) throw new Error(exitReport(dead));
      const command = control.take();
      if (command?.cmd === 'pause') {
        state = 'paused';
        await report();
      } else if (command?.cmd === 'resume') {
        state = 'running';
        await report();
      } else if (command?.cmd === 'seek') {
        const to = seekTarget(command, plan);
        seeks.push({ from: position, to });
        o.progress(`seek: bar ${position} -> ${to}${to < position ? ' (backward: a fresh scope)' : ''}`);
        if (to < position) {
          await closeScope(current, jsm, nc, plan);
          const scope = `${runId}-s${seeks.length}`;
          current = undefined;
          current = await openScope(o, jsm, scope);
          scopes.push(scope);
        }
        position = to;
        await report();
        continue;
      }
      if (state === 'paused') {
        await Promise.race([control.next(), new Promise((r) => setTimeout(r, 500))]);
        continue;
      }
      await feedBar(current, candles, position);
      position++;
      if (performance.now() - lastReport > 200 || position === n) {
        lastReport = performance.now();
        await report();
        o.progress(`bar ${position}/${n}`);
      }
    }
    const elapsedMs = performance.now() - started;
    state = 'done';
    await report();
    return { result: current.mirror.result(elapsedMs), scopes, seeks };
  } catch (err) {
    state = 'failed';
    await report({ error: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    if (current !== undefined) await closeScope(current, jsm, nc, plan);
    await control.close();
  }

  async function openScope(opts: ReplayRunOptions, jsmOf: JetStreamManager, scope: string): Promise<ScopeRun> {
    const kv = await configKv(opts.nc);
    for (const [key, value] of Object.entries(plan.kvEntries)) await kv.put(`bt.${scope}.${key}`, JSON.stringify(value));
    opts.progress(`starting the services in scope bt.${scope}.`);
    const services = await startReplayServices(opts.nc, opts.natsUrl, scope, plan.settings.strategy.id);
    const feed = new LockstepFeed(opts.nc, jetstream(opts.nc), jsmOf, scope, REPLAY_INSTANCE, () => {
      const dead = services.dead();
      return dead && exitReport(dead);
    });
    await feed.start();
    return { scope, services, feed, mirror: new RunMirror(plan.settings, plan.configs, plan.closeTimes) };
  }

  async function feedBar(run: ScopeRun, series: SeriesCandles, index: number): Promise<void> {
    const candle = series.at(index);
    await run.feed.publishOwn(candle);
    run.mirror.candle(index, candle);
    await dispatch(run, candle, undefined);
    run.mirror.barDone();
  }

  /** SyncPipeline.deliver over services: each stage in order, its outputs depth first, never back to their stage. */
  async function dispatch(run: ScopeRun, event: HeliosEvent, from: ReplayStage | undefined): Promise<void> {
    for (const stage of routeOf(event.type)) {
      if (stage === from) continue;
      const outputs = await run.feed.deliver(event, stage);
      run.mirror.folded(stage, event, outputs);
      for (const output of outputs) {
        run.mirror.published(output);
        await dispatch(run, output, stage);
      }
    }
  }
}

function seekTarget(command: { toSeq?: number; toTime?: number }, plan: ReplayPlan): number {
  const n = plan.settings.series.length;
  if (command.toSeq !== undefined) return Math.max(0, Math.min(n, Math.floor(command.toSeq)));
  const time = plan.settings.series.time;
  let i = 0;
  while (i < n && time[i] < (command.toTime ?? 0)) i++;
  return i;
}

/** Stops the scope's services and removes what the run left in the server apart from its events. */
async function closeScope(run: ScopeRun, jsm: JetStreamManager, nc: NatsConnection, plan: ReplayPlan): Promise<void> {
  run.feed.close();
  await run.services.stop();
  for (const { service } of REPLAY_STAGES) {
    await jsm.consumers.delete('BT', feedDurable(service, REPLAY_INSTANCE, run.scope)).catch(() => undefined);
  }
  const config = await configKv(nc);
  for (const key of Object.keys(plan.kvEntries)) await config.purge(`bt.${run.scope}.${key}`).catch(() => undefined);
  const snapshots = await new Kvm(nc).open(KV_BUCKETS.snapshots).catch(() => undefined);
  for (const { service } of REPLAY_STAGES) await snapshots?.purge(`bt.${run.scope}.${service}.${REPLAY_INSTANCE}`).catch(() => undefined);
}
