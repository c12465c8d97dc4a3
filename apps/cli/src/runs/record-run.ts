// Recording of CLI runs (docs/adr, "Run recording"): with a NATS server named by
// --nats or HELIOS_NATS_URL, a backtest, sweep or replay publishes its lifecycle events and stores its
// result in the artifacts object store, so the supervisor's runs page lists it. Without one, nothing
// changes: the CLI works offline as before.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsConnectTarget, redactNatsUrl, RunStore, type RunFinish, type RunStart } from '@helios/nats';
import type { FlagSpec, ParsedFlags } from '../args/flags';
import type { CliIo } from '../io';

export const RECORD_FLAG: FlagSpec = {
  name: 'nats',
  kind: 'string',
  valueName: 'URL',
  description: 'record the run on this NATS server (default $HELIOS_NATS_URL; neither: not recorded)',
};

export interface RecordTarget {
  url: string;
  /** Named on the command line: failing to reach it is an error. From the environment: a warning. */
  explicit: boolean;
}

export function recordTarget(flags: ParsedFlags, env: NodeJS.ProcessEnv = process.env): RecordTarget | undefined {
  const flag = flags['nats'] as string | undefined;
  if (flag !== undefined) return { url: flag, explicit: true };
  const fromEnv = env['HELIOS_NATS_URL'];
  return fromEnv !== undefined && fromEnv !== '' ? { url: fromEnv, explicit: false } : undefined;
}

/** A run being recorded; `finish`/`fail` close the connection. */
export interface RunRecording {
  readonly runId: string;
  finish(finish: RunFinish): Promise<void>;
  fail(error: unknown): Promise<void>;
}

export class RecordingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingError';
  }
}

/**
 * Starts recording a run, or returns undefined when there is nowhere to record it (no target, or an
 * unreachable server from the environment, which is reported on stderr). For the replay command and
 * anything else that wants its run in the supervisor's runs list.
 */
export async function startRecording(target: RecordTarget | undefined, start: RunStart, io: CliIo, src = 'cli'): Promise<RunRecording | undefined> {
  if (target === undefined) return undefined;
  let nc: NatsConnection;
  let store: RunStore;
  try {
    nc = await connect({ ...natsConnectTarget(target.url), reconnect: false, timeout: 3_000 });
  } catch (error) {
    const message = `cannot reach NATS at ${redactNatsUrl(target.url)} to record the run (${(error as Error).message})`;
    if (target.explicit) throw new RecordingError(`--nats: ${message}`);
    io.err(`warning: not recorded: ${message} (from HELIOS_NATS_URL)\n`);
    return undefined;
  }
  try {
    store = await RunStore.open(nc, { src });
    const run = await store.start(start);
    io.err(`recording run ${run.runId} on ${target.url}\n`);
    const close = () => nc.close().catch(() => undefined);
    return {
      runId: run.runId,
      finish: async (finish) => {
        try {
          await store.complete(run, finish);
        } finally {
          await close();
        }
      },
      fail: async (error) => {
        try {
          await store.fail(run, error);
        } finally {
          await close();
        }
      },
    };
  } catch (error) {
    await nc.close().catch(() => undefined);
    throw new RecordingError(`recording on ${target.url}: ${(error as Error).message}`);
  }
}

/** Runs `work` as a recorded run when there is a target: failed with its error, or completed with its result. */
export async function recorded<T>(target: RecordTarget | undefined, start: RunStart, io: CliIo, work: () => Promise<T>, finish: (value: T) => RunFinish): Promise<T> {
  const recording = await startRecording(target, start, io);
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await recording?.fail(error);
    throw error;
  }
  await recording?.finish(finish(value));
  return value;
}
