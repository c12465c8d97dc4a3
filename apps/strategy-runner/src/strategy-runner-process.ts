import pino from 'pino';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { KV_BUCKETS, StrategyRunnerConfigSchema } from '@helios/contracts';
import { createService, RunScope, serviceUsage, UsageError, type ServiceHandle } from '@helios/nest';
import { describeError, natsConnectTarget, Publisher, redactNatsUrl, storedKvKeys } from '@helios/nats';
import { fleetDecider, reconfigureFleet, type FleetConfig, type FleetEvents, type FleetState } from './fleet-decider';
import { publishFlatten } from './kill-switch';
import { parseRunnerArgs, RUNNER_USAGE } from './runner-args';
import { StrategySource } from './strategy-source';

export const SERVICE = 'strategy-runner';

/** The strategies to run: every valid definition but the stopped ones. */
const configNowOf = (source: StrategySource): FleetConfig => ({
  strategies: Object.fromEntries([...source.current].filter(([, s]) => s.def.stopped !== true).map(([id, s]) => [id, s.def])),
});

// The shell's schema of the runner's configuration is the contracts' (StrategyRunnerConfigSchema).

export interface RunnerIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => void;
}

/**
 * strategy-runner: the strategy decider(s) on the service shell, their definitions from KV
 * `helios-config` (`strategy.<id>`), watched. A change becomes a shell `reconfigure` (applied
 * between two inputs); a kill switch also publishes a flat target at once.
 * A runner of one strategy (`--strategy X`) exits 0 when `strategy.X` is stopped (`stopped: true`)
 * or deleted, at start or later: the user ended it, so the node agent leaves it stopped instead of
 * restarting it into the same answer.
 * Exit codes: 2 bad flag, 1 cannot start (`--strategy X` and `strategy.X` invalid or never
 * written), 0 on SIGTERM / SIGINT / `stop`, and when its strategy is stopped or removed.
 */
export async function runStrategyRunner(io: RunnerIo): Promise<void> {
  let args;
  try {
    args = parseRunnerArgs(io.argv, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${SERVICE}: ${err.message}\n\n${serviceUsage(SERVICE)}${RUNNER_USAGE}\n`);
    return io.exit(2);
  }
  if (args.help) {
    io.stdout(`${serviceUsage(SERVICE, 'Runs strategies from KV helios-config: md.candle -> strategy.intent.')}${RUNNER_USAGE}\n`);
    return io.exit(0);
  }
  let service: ServiceHandle<FleetState, FleetConfig> | undefined;
  const logger = pino({ level: args.logLevel, base: { service: SERVICE, instance: args.instance, pid: process.pid } });
  const abort = new AbortController();
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    logger.flush?.();
    io.exit(code);
  };
  let signalled = false;
  /** Its one strategy was stopped or removed while running: it stops as if told to. */
  let ended = false;
  const onSignal = () => {
    signalled = true;
    abort.abort();
    // Before the shell exists nothing else would end the process.
    if (service === undefined) exit(0);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);

  let nc;
  let source: StrategySource | undefined;
  try {
    nc = await connect({ ...natsConnectTarget(args.natsUrl), name: `${SERVICE}-${args.instance}-config`, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  } catch (err) {
    io.stderr(`${SERVICE}: cannot connect to ${redactNatsUrl(args.natsUrl)}: ${describeError(err)}\n`);
    return exit(1);
  }
  const conn = nc;
  const publisher = new Publisher(jetstream(conn));
  const events: FleetEvents = {
    dropped: (strategyId, why, intent) => logger.warn({ strategyId, why, barTime: (intent.payload as { barTime: number }).barTime }, 'intent dropped'),
    died: (strategyId, error) => logger.error({ strategyId, err: describeError(error) }, 'strategy threw: stopped (the others go on)'),
  };
  try {
    const kv = await new Kvm(jetstream(conn)).open(KV_BUCKETS.config);
    // A replay run reads its definitions from bt.<run>.strategy.* (written by `helios replay`).
    const scope = RunScope.of(args.scope, args.inputScope, SERVICE);
    const jsm = await jetstreamManager(conn);
    source = new StrategySource(kv, (filter) => storedKvKeys(jsm, KV_BUCKETS.config, filter), args.strategy, logger, scope.key(''));
    const current = source;
    const configNow = () => configNowOf(current);
    await source.start((id, before, after) => {
      logger.info({ strategyId: id, change: after === undefined ? 'removed' : before === undefined ? 'added' : 'changed', revision: after?.revision }, 'strategy definition');
      if (id === args.strategy && (after === undefined || after.def.stopped === true)) {
        logger.info({ strategyId: id, revision: after?.revision }, after === undefined ? 'strategy removed: stopping the runner' : 'strategy stopped (stopped: true): stopping the runner');
        ended = true;
        void service?.stop();
        return;
      }
      void (async () => {
        if (after?.def.killSwitch === true && before?.def.killSwitch !== true) {
          await publishFlatten(publisher, after.def, after.revision, service?.state, Date.now(), scope.run ?? 'live', (s) => scope.subject(s));
          logger.warn({ strategyId: id, revision: after.revision }, 'kill switch: flat target published');
        }
        const outcome = await service?.reconfigure(configNow());
        logger.info({ strategyId: id, ok: outcome?.ok, error: outcome?.ok === false ? outcome.error : undefined, strategies: Object.keys(configNow().strategies) }, 'strategies reconfigured');
      })().catch((err: unknown) => logger.error({ strategyId: id, err: describeError(err) }, 'reconfigure failed'));
    });
    if (args.strategy !== undefined) {
      const ending = await endedAtStart(kv, source, args.strategy);
      if (ending !== undefined) {
        logger.info({ strategyId: args.strategy }, `${ending}: nothing to run`);
        io.stdout(`${SERVICE}: ${ending}: nothing to run\n`);
        source.stop();
        await conn.close().catch(() => undefined);
        return exit(0);
      }
    }
    service = await createService<FleetState, FleetConfig>({
      name: SERVICE,
      instance: args.instance,
      decider: (config) => fleetDecider(config, events),
      reconfigure: reconfigureFleet(events),
      inputs: ['md.candle'],
      configSchema: StrategyRunnerConfigSchema,
      defaultConfig: { strategies: {} },
      config: configNow(),
      natsUrl: args.natsUrl,
      scope: args.scope,
      inputScope: args.inputScope,
      httpPort: args.httpPort,
      snapshotEvery: args.snapshotEvery,
      maxEventBytes: args.maxEventBytes,
      logger,
      onStopCommand: () => void shutdown(0),
      abortSignal: abort.signal,
    });
  } catch (err) {
    io.stderr(`${SERVICE}: ${describeError(err)}\n`);
    source?.stop();
    await conn.close().catch(() => undefined);
    return exit(signalled ? 0 : 1);
  }
  async function shutdown(code: number): Promise<void> {
    source?.stop();
    await conn.drain().catch(() => undefined);
    exit(code);
  }
  // A change that arrived while the service was starting.
  if (ended) void service.stop();
  else if (JSON.stringify(service.config) !== JSON.stringify(configNowOf(source))) await service.reconfigure(configNowOf(source));
  // Exit 0 is "stopped on purpose" to the node agent; a claim taken by another node is not (exit 1: restarted, and refused while that one runs).
  void service.stopped.then(() => shutdown(service.claimLost === undefined ? 0 : 1));
}

/**
 * Why a runner of one strategy has nothing to run at start (the strategy is stopped, or its key was
 * deleted), or undefined when it runs it. Throws when the key holds no valid definition or never
 * existed: a mistake to report (exit 1), not the user's decision.
 */
async function endedAtStart(kv: KV, source: StrategySource, id: string): Promise<string | undefined> {
  const sourced = source.current.get(id);
  if (sourced !== undefined) return sourced.def.stopped === true ? `strategy ${id} is stopped (KV ${KV_BUCKETS.config} strategy.${id} stopped: true)` : undefined;
  // Not valid now: refused (a mistake), or absent — deleted by the user, or never written (a mistake).
  const last = source.refused.has(id) ? undefined : (await kv.get(source.filter))?.operation;
  if (last === 'DEL' || last === 'PURGE') return `strategy ${id} was removed (KV ${KV_BUCKETS.config} key strategy.${id} deleted)`;
  throw new Error(`no valid strategy definition at KV ${KV_BUCKETS.config} key strategy.${id} (see the log for why it was refused)`);
}
