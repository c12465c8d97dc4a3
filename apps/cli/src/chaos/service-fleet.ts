import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { killProcesses, running, spawnServiceProcess, stopProcesses, type ServiceProcess } from '../bench/service-processes';

export interface ServiceSpec {
  name: string;
  instance: string;
  args: string[];
}

interface Beat {
  startedAt: number;
  phase: string;
  lagMsgs: number;
  pnl: number | undefined;
  eventsIn: number | undefined;
  receivedAt: number;
}

export interface Member {
  spec: ServiceSpec;
  process: ServiceProcess;
  /** Wall time of the current incarnation's spawn: its heartbeats carry a `startedAt` at or after it. */
  spawnedAt: number;
}

const LIVE_PHASES = new Set(['live', 'feeding', 'done']);
const key = (service: string, instance: string) => `${service}.${instance}`;

/**
 * The drill's service processes: started, SIGKILLed and restarted with the same arguments, and
 * watched through their heartbeats (the one of the current incarnation counts).
 */
export class ServiceFleet {
  readonly members: Member[] = [];
  private readonly beats = new Map<string, Beat>();
  private readonly sub: Subscription;

  constructor(
    nc: NatsConnection,
    private readonly root: string,
  ) {
    this.sub = nc.subscribe('system.heartbeat.>', {
      callback: (err, msg) => {
        if (err) return;
        try {
          const p = msg.json<{ payload: { service: string; instance: string; startedAt: number; lagMsgs: number; pnl?: number; details?: { phase?: string; eventsIn?: number } } }>().payload;
          this.beats.set(key(p.service, p.instance), {
            startedAt: p.startedAt,
            phase: p.details?.phase ?? '',
            lagMsgs: p.lagMsgs,
            pnl: p.pnl,
            eventsIn: p.details?.eventsIn,
            receivedAt: Date.now(),
          });
        } catch {
          // not the drill's business: a service that sends bad heartbeats shows up as not live
        }
      },
    });
  }

  start(spec: ServiceSpec): Member {
    const member: Member = { spec, spawnedAt: Date.now(), process: spawnServiceProcess(this.root, spec.name, spec.args) };
    this.members.push(member);
    return member;
  }

  /** The current incarnation's last heartbeat, if it has sent one. */
  beat(m: Member): Beat | undefined {
    const b = this.beats.get(key(m.spec.name, m.spec.instance));
    return b !== undefined && b.startedAt >= m.spawnedAt - 5 ? b : undefined;
  }

  /** Running, and its current incarnation says it is live (caught up: lag 0 when `caughtUp`). */
  isLive(m: Member, caughtUp = false): boolean {
    const b = this.beat(m);
    return running(m.process.child) && b !== undefined && LIVE_PHASES.has(b.phase) && (!caughtUp || b.lagMsgs === 0);
  }

  /** Throws with the process's output when it has exited on its own. */
  assertRunning(m: Member): void {
    if (!running(m.process.child)) {
      throw new Error(`${m.spec.name}/${m.spec.instance} exited (${m.process.child.exitCode ?? m.process.child.signalCode}):\n${m.process.output().slice(-3000)}`);
    }
  }

  /** SIGKILL, wait for the exit, start again with the same arguments. */
  async killAndRestart(m: Member): Promise<void> {
    const exited = new Promise<void>((resolve) => (running(m.process.child) ? m.process.child.once('exit', () => resolve()) : resolve()));
    m.process.child.kill('SIGKILL');
    await exited;
    m.spawnedAt = Date.now();
    m.process = spawnServiceProcess(this.root, m.spec.name, m.spec.args);
  }

  /** SIGTERM to all (they drain and snapshot), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.sub.unsubscribe();
    await stopProcesses(this.members.map((m) => m.process), graceMs);
  }

  killNow(): void {
    killProcesses(this.members.map((m) => m.process));
  }
}
