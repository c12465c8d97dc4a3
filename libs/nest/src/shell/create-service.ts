import type { INestApplication } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { startServiceHttp, type ServiceHttp } from '../http/service-http';
import type { CommandOutcome } from './commands';
import { checkServiceOptions, type ServiceOptions } from './service-options';
import { ServiceRuntime, type ServiceCounters, type ServicePhase } from './service-runtime';

/** A running service. */
export interface ServiceHandle<S, C> {
  readonly name: string;
  readonly instance: string;
  /** The loopback port of /healthz and /metrics. */
  readonly httpPort: number;
  readonly app: INestApplication;
  readonly logger: Logger;
  readonly phase: ServicePhase;
  /** The decider state (read-only use: the shell owns it). */
  readonly state: S;
  readonly config: C;
  readonly stats: Readonly<ServiceCounters>;
  readonly covered: Record<string, { covered: number; last: number; pendingAbove: number }>;
  /** The durable consumer of each input stream. */
  readonly durables: ReadonlyArray<{ stream: string; durable: string; filters: readonly string[] }>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  reconfigure(config: unknown): Promise<CommandOutcome>;
  /** Drains the consumers, applies what was already pulled, snapshots, and closes everything. */
  stop(): Promise<void>;
  /** Resolves once the service has stopped (by `stop()`, a `stop` command, or a lost instance claim). */
  readonly stopped: Promise<void>;
  /** Why the service lost its instance claim to another process (it then stops), else undefined. */
  readonly claimLost: string | undefined;
}

/**
 * Starts a service around a decider (the Helios service shell, docs/adr/0007-service-shell.md):
 * its HTTP face first (so /healthz answers 503 while it starts), then NATS, configuration, the
 * snapshot, the replay of the inputs' tail, and the durable consumers. Resolves once it is live
 * (or paused); rejects with a clear error when it cannot start, after cleaning up.
 */
export async function createService<S, C>(opts: ServiceOptions<S, C>): Promise<ServiceHandle<S, C>> {
  const tuning = checkServiceOptions(opts);
  const logger = opts.logger ?? pino({ level: process.env['HELIOS_LOG_LEVEL'] ?? 'info', base: { service: opts.name, instance: opts.instance } });
  const runtime = new ServiceRuntime(opts, tuning, logger);
  const http: ServiceHttp = await startServiceHttp(
    {
      health: () => runtime.health(),
      metricsText: () => runtime.metrics.text(),
      metricsContentType: runtime.metrics.contentType,
    },
    { port: opts.httpPort ?? 0, host: opts.httpHost ?? '127.0.0.1', logger },
  );
  runtime.httpPort = http.port;
  logger.info({ httpPort: http.port, url: `http://${opts.httpHost ?? '127.0.0.1'}:${http.port}` }, 'HTTP listening (/healthz, /metrics)');

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await runtime.stop();
      } finally {
        await http.close().catch(() => undefined);
        resolveStopped();
      }
    })());
  const stopFailed = (err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'stop failed');
  runtime.onStopCommand(() => {
    stop().then(() => opts.onStopCommand?.(), stopFailed);
  });
  runtime.onClaimLost((why) => {
    stop().then(() => opts.onClaimLost?.(why), stopFailed);
  });
  const onAbort = () => void stop().catch(stopFailed);
  if (opts.abortSignal?.aborted) onAbort();
  opts.abortSignal?.addEventListener('abort', onAbort, { once: true });

  try {
    await runtime.start();
  } catch (err) {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'the service could not start');
    await stop();
    throw err;
  }

  return {
    name: opts.name,
    instance: opts.instance,
    httpPort: http.port,
    app: http.app,
    logger,
    get phase() {
      return runtime.phase;
    },
    get state() {
      return runtime.state;
    },
    get config() {
      return runtime.config;
    },
    get stats() {
      return runtime.stats;
    },
    get covered() {
      return runtime.covered;
    },
    durables: runtime.durables,
    pause: () => runtime.pause(),
    resume: () => runtime.resume(),
    reconfigure: (config) => runtime.reconfigure(config),
    stop,
    stopped,
    get claimLost() {
      return runtime.claimLostWhy;
    },
  };
}
