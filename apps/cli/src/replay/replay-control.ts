import type { NatsConnection } from '@nats-io/nats-core';
import { Kvm, type KV } from '@nats-io/kv';
import { KV_BUCKETS } from '@helios/contracts';

/** A command to a running replay. `toSeq` is a bar number (0 = the first bar of the file). */
export type ReplayCommand = { cmd: 'pause' } | { cmd: 'resume' } | { cmd: 'seek'; toSeq?: number; toTime?: number };

export interface ReplayStatus {
  state: 'starting' | 'running' | 'paused' | 'done' | 'failed';
  /** Bars fed so far in the current scope's timeline: the next bar to feed. */
  position: number;
  bars: number;
  /** The run scope now in use (a backward seek moves to a fresh one). */
  scope: string;
  seeks: Array<{ from: number; to: number }>;
  error?: string;
  updatedAt: number;
}

/** `helios-config` keys of a replay's control: `bt.<run>.replay.control` and `.status`. */
export const controlKey = (runId: string) => `bt.${runId}.replay.control`;
export const statusKey = (runId: string) => `bt.${runId}.replay.status`;

export async function configKv(nc: NatsConnection): Promise<KV> {
  return new Kvm(nc).open(KV_BUCKETS.config);
}

/**
 * The replay's side of the control channel: commands written to KV (durable, so a command sent
 * while the driver is busy with a bar is not lost) are taken in revision order between two bars.
 */
export class ReplayControl {
  private readonly queue: ReplayCommand[] = [];
  private wake: (() => void) | undefined;
  private stopWatch: (() => void) | undefined;

  private constructor(
    private readonly kv: KV,
    private readonly runId: string,
  ) {}

  static async open(nc: NatsConnection, runId: string): Promise<ReplayControl> {
    const kv = await configKv(nc);
    const control = new ReplayControl(kv, runId);
    // Commands of an earlier run with the same id are not this run's.
    await kv.delete(controlKey(runId)).catch(() => undefined);
    const watcher = await kv.watch({ key: controlKey(runId), include: 'updates' as never });
    control.stopWatch = () => watcher.stop();
    void (async () => {
      for await (const e of watcher) {
        if (e.operation !== 'PUT') continue;
        try {
          control.queue.push(JSON.parse(e.string()) as ReplayCommand);
        } catch {
          continue;
        }
        control.wake?.();
      }
    })();
    return control;
  }

  take(): ReplayCommand | undefined {
    return this.queue.shift();
  }

  /** Resolves when a command arrives (or at once if one is queued). */
  next(): Promise<void> {
    if (this.queue.length > 0) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  async report(status: ReplayStatus): Promise<void> {
    await this.kv.put(statusKey(this.runId), JSON.stringify(status)).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.stopWatch?.();
    this.wake?.();
    await this.kv.delete(controlKey(this.runId)).catch(() => undefined);
  }
}

/** The command line's side: sends a command and waits until the replay's status shows it took effect. */
export async function sendReplayCommand(nc: NatsConnection, runId: string, command: ReplayCommand, timeoutMs = 30_000): Promise<ReplayStatus> {
  const kv = await configKv(nc);
  const before = await kv.get(statusKey(runId));
  if (before === null || before.operation !== 'PUT') throw new Error(`no replay ${JSON.stringify(runId)} is known on this server (no KV ${KV_BUCKETS.config} key ${statusKey(runId)})`);
  const first = JSON.parse(before.string()) as ReplayStatus;
  if (first.state === 'done' || first.state === 'failed') throw new Error(`replay ${runId} has already ${first.state === 'done' ? 'finished' : 'failed'}`);
  await kv.put(controlKey(runId), JSON.stringify(command));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = await kv.get(statusKey(runId));
    if (e !== null && e.operation === 'PUT' && e.revision !== before.revision) {
      const s = JSON.parse(e.string()) as ReplayStatus;
      if (tookEffect(command, s, first) || s.state === 'done' || s.state === 'failed') return s;
    }
    if (Date.now() > deadline) throw new Error(`replay ${runId} did not confirm ${command.cmd} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tookEffect(command: ReplayCommand, s: ReplayStatus, before: ReplayStatus): boolean {
  if (command.cmd === 'pause') return s.state === 'paused';
  if (command.cmd === 'resume') return s.state === 'running';
  return s.seeks.length > before.seeks.length;
}
