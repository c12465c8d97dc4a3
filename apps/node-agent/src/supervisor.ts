import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAgentState, type AgentState, type ChildState } from './agent-state';
import type { ServiceSpec } from './manifest';
import { backoffMs, DEFAULT_RESTART_POLICY, nextStreak, restartDecision, type RestartPolicy } from './restart-policy';

export interface SupervisorOptions {
  specs: readonly ServiceSpec[];
  /** Logs go to `<home>/logs/<service>-<instance>.log`, the state to `<home>/agent.json`. */
  home: string;
  /** Working directory of the children. */
  cwd: string;
  policy?: RestartPolicy;
  /** After SIGTERM, a child still running after this long gets SIGKILL. */
  stopTimeoutMs?: number;
}

interface Slot {
  spec: ServiceSpec;
  state: ChildState;
  child: ChildProcess | null;
  streak: number;
  startedAtMs: number;
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/**
 * Runs every service of a manifest as a child process, restarts crashed ones with back-off, and stops
 * them all (SIGTERM, then SIGKILL after a grace period) on `stop()`. Children write straight into
 * their log files (the agent does not relay output, so its own death loses no log line).
 */
export class Supervisor {
  private readonly slots: Slot[];
  private readonly policy: RestartPolicy;
  private readonly stateFile: string;
  private readonly startedAt = new Date().toISOString();
  private stopping = false;

  constructor(private readonly o: SupervisorOptions) {
    this.policy = o.policy ?? DEFAULT_RESTART_POLICY;
    this.stateFile = join(o.home, 'agent.json');
    mkdirSync(join(o.home, 'logs'), { recursive: true });
    this.slots = o.specs.map((spec) => this.newSlot(spec));
  }

  private newSlot(spec: ServiceSpec): Slot {
    return {
      spec,
      child: null,
      streak: 0,
      startedAtMs: 0,
      timer: null,
      exited: Promise.resolve(),
      state: {
        name: spec.name,
        instance: spec.instance,
        status: 'stopped',
        pid: null,
        restarts: 0,
        startedAt: null,
        lastExit: null,
        restartAt: null,
        log: join(this.o.home, 'logs', `${spec.name}-${spec.instance}.log`),
      },
    };
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
    this.save();
  }

  /**
   * Runs `spec` under the same restart policy as the manifest's services (the control channel's
   * `add`): a new name/instance becomes a new entry; a known one that stopped or failed is started
   * again with its recorded spec; a known one that runs (or waits to restart) is left alone.
   */
  ensure(spec: ServiceSpec): { outcome: 'added' | 'started' | 'already-running'; pid: number | null } {
    if (this.stopping) throw new Error('the agent is stopping');
    let slot = this.slots.find((s) => s.spec.name === spec.name && s.spec.instance === spec.instance);
    if (slot !== undefined && (slot.child !== null || slot.state.status === 'backoff')) return { outcome: 'already-running', pid: slot.state.pid };
    const outcome = slot === undefined ? 'added' : 'started';
    if (slot === undefined) {
      slot = this.newSlot(spec);
      this.slots.push(slot);
    }
    slot.streak = 0;
    this.launch(slot);
    this.save();
    return { outcome, pid: slot.state.pid };
  }

  /** The control channel's `start`: a known entry that is not running is started again; an unknown one is an error. */
  startKnown(name: string, instance: string): { outcome: 'started' | 'already-running'; pid: number | null } {
    const slot = this.slots.find((s) => s.spec.name === name && s.spec.instance === instance);
    if (slot === undefined) throw new Error(`no service ${name}/${instance} on this agent (use add)`);
    return this.ensure(slot.spec) as { outcome: 'started' | 'already-running'; pid: number | null };
  }

  state(): AgentState {
    return {
      pid: process.pid,
      status: this.stopping ? (this.slots.some((s) => s.child !== null) ? 'stopping' : 'stopped') : 'running',
      startedAt: this.startedAt,
      updatedAt: new Date().toISOString(),
      services: this.slots.map((s) => ({ ...s.state })),
    };
  }

  /** SIGTERM to every child, SIGKILL to those still running after the grace period; resolves when all are gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      if (slot.child) {
        slot.state.status = 'stopping';
        slot.child.kill('SIGTERM');
      } else if (slot.state.status === 'backoff') {
        slot.state.status = 'stopped';
        slot.state.restartAt = null;
      }
    }
    this.save();
    const grace = setTimeout(() => {
      for (const slot of this.slots) slot.child?.kill('SIGKILL');
    }, this.o.stopTimeoutMs ?? 15_000);
    await Promise.all(this.slots.map((s) => s.exited));
    clearTimeout(grace);
    this.save();
  }

  private launch(slot: Slot): void {
    const { spec, state } = slot;
    mkdirSync(dirname(state.log), { recursive: true });
    appendFileSync(state.log, `[node-agent] ${new Date().toISOString()} starting ${spec.name}/${spec.instance}${state.restarts > 0 ? ` (restart ${state.restarts})` : ''}\n`);
    const fd = openSync(state.log, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [spec.entry, ...spec.args], {
        cwd: this.o.cwd,
        env: { ...process.env, HELIOS_INSTANCE: spec.instance, ...spec.env },
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    slot.child = child;
    slot.startedAtMs = Date.now();
    state.status = 'running';
    state.pid = child.pid ?? null;
    state.startedAt = new Date(slot.startedAtMs).toISOString();
    state.restartAt = null;
    slot.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.onExit(slot, code, signal);
        resolve();
      });
    });
  }

  private onExit(slot: Slot, code: number | null, signal: string | null): void {
    const { state } = slot;
    const at = new Date();
    slot.child = null;
    state.pid = null;
    state.lastExit = { code, signal, at: at.toISOString() };
    const decision = restartDecision({ code, signal }, this.stopping);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (decision === 'restart') {
      slot.streak = nextStreak(slot.streak, at.getTime() - slot.startedAtMs, this.policy);
      const delay = backoffMs(slot.streak, this.policy);
      state.status = 'backoff';
      state.restartAt = new Date(at.getTime() + delay).toISOString();
      appendFileSync(state.log, `[node-agent] ${at.toISOString()} exited with ${how}; restarting in ${delay} ms\n`);
      slot.timer = setTimeout(() => {
        slot.timer = null;
        if (this.stopping) return;
        state.restarts += 1;
        this.launch(slot);
        this.save();
      }, delay);
    } else {
      state.status = decision;
      appendFileSync(state.log, `[node-agent] ${at.toISOString()} exited with ${how}; ${decision === 'failed' ? 'not restarting (bad command line)' : 'stopped'}\n`);
    }
    this.save();
  }

  private save(): void {
    writeAgentState(this.stateFile, this.state());
  }
}
