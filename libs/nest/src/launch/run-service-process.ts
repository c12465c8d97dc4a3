import pino from 'pino';
import { createService } from '../shell/create-service';
import type { ServiceOptions } from '../shell/service-options';
import { parseServiceArgs, serviceUsage, UsageError } from './service-args';

/** A service as a process: everything but what the command line and environment decide. */
export type ServiceProcessSpec<S, C> = Omit<
  ServiceOptions<S, C>,
  'instance' | 'natsUrl' | 'httpPort' | 'config' | 'snapshotEvery' | 'logger' | 'onStopCommand' | 'onClaimLost' | 'abortSignal' | 'scope' | 'inputScope'
> & { description?: string; snapshotEvery?: number };

export interface ProcessIo {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => void;
}

const processIo = (): ProcessIo => ({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  exit: (code) => process.exit(code),
});

/**
 * The `main` of a service process: flags and environment -> createService; SIGTERM / SIGINT and the
 * `stop` command drain and exit 0; a bad flag exits 2 with the reason; a failed start (also: another
 * node runs this instance) exits 1, and so does losing the instance claim while running.
 */
export async function runServiceProcess<S, C>(spec: ServiceProcessSpec<S, C>, io: ProcessIo = processIo()): Promise<void> {
  let args;
  try {
    args = parseServiceArgs(io.argv, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`${spec.name}: ${err.message}\n\n${serviceUsage(spec.name, spec.description)}`);
    io.exit(2);
    return;
  }
  if (args.help) {
    io.stdout(serviceUsage(spec.name, spec.description));
    io.exit(0);
    return;
  }
  const { description: _description, ...options } = spec;
  const logger = pino({ level: args.logLevel, base: { service: spec.name, instance: args.instance, pid: process.pid } });
  let exiting = false;
  const exit = (code: number) => {
    if (exiting) return;
    exiting = true;
    logger.flush?.();
    io.exit(code);
  };
  // Installed before the start, so that a SIGTERM during a long start-up replay still stops cleanly.
  const abort = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = signal;
    logger.info({ signal }, 'signal: stopping');
    abort.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let service;
  try {
    service = await createService({
      ...options,
      snapshotEvery: args.snapshotEvery ?? spec.snapshotEvery,
      maxEventBytes: args.maxEventBytes ?? spec.maxEventBytes,
      instance: args.instance,
      natsUrl: args.natsUrl,
      httpPort: args.httpPort,
      config: args.config,
      scope: args.scope,
      inputScope: args.inputScope,
      logger,
      onStopCommand: () => exit(0),
      // Another node's process runs the instance now; the node agent restarts this one, which is refused until that one stops.
      onClaimLost: () => exit(1),
      abortSignal: abort.signal,
    });
  } catch (err) {
    io.stderr(`${spec.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    exit(signalled !== undefined ? 0 : 1);
    return;
  }
  // A signal stops the service through the abort signal; once it has stopped, the process ends.
  void service.stopped.then(() => {
    if (signalled !== undefined) exit(0);
  });
}
