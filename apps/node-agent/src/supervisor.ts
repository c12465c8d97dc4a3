import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ADDED_FILE, writeAddedServices, type AddedService, type Desired } from './added-services';
import { writeAgentState, type AgentState, type ChildState } from './agent-state';
import type { ServiceSpec } from './manifest';
import { backoffMs, DEFAULT_RESTART_POLICY, nextStreak, restartDecision, type RestartPolicy } from './restart-policy';

export interface SupervisorOptions {
  specs: readonly ServiceSpec[];
  /** Services added at run time under an earlier agent (`loadAddedServices`); those `running` start with the manifest's. */
  added?: readonly AddedService[];
  /** Logs go to `<home>/logs/<service>-<instance>.log`, the state to `<home>/agent.json`, the additions to `<home>/agent-added.json`. */
  home: string;
  /** Working directory of the children. */
  cwd: string;
  policy?: RestartPolicy;
  /** After SIGTERM, a child still running after this long gets SIGKILL. */
  stopTimeoutMs?: number;
  /** Where a failed write of agent-added.json after a child's exit is reported (default stderr). */
  error?: (line: string) => void;
  /**
   * The agent's node name, given to every child as HELIOS_NODE: a service's instance claim and heartbeats
   * then name the node whose agent can start it again (the supervisor asks that agent), also when the
   * agent got its name from `--node` rather than from the environment.
   */
  node?: string;
}

interface Slot {
  spec: ServiceSpec;
  origin: ChildState['origin'];
  /** `stopped` once it exited 0 on its own, until started again; persisted for added services only. */
  desired: Desired;
  /** A `remove` is stopping it: no restart, and it leaves the table when it exits. */
  removing: boolean;
  state: ChildState;
  child: ChildProcess | null;
  streak: number;
  startedAtMs: number;
  /** The pending restart, or while removing, the SIGKILL after the grace period. */
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/**
 * Runs every service of a manifest as a child process, restarts crashed ones with back-off, and stops
 * them all (SIGTERM, then SIGKILL after a grace period) on `stop()`. Children write straight into
 * their log files (the agent does not relay output, so its own death loses no log line).
 *
 * Services added at run time (`ensure`) are recorded in `<home>/agent-added.json` with what the user
 * last wanted: a clean exit 0 that the agent did not cause (a `stop` command) records `stopped`, a
 * later add/start `running` again, `remove` drops the entry. The agent's own stop changes nothing
 * there, so the next agent brings back exactly what was running.
 */
export class Supervisor {
  private readonly slots: Slot[];
  private readonly policy: RestartPolicy;
  private readonly stateFile: string;
  private readonly addedFile: string;
  private readonly startedAt = new Date().toISOString();
  private stopping = false;

  constructor(private readonly o: SupervisorOptions) {
    this.policy = o.policy ?? DEFAULT_RESTART_POLICY;
    this.stateFile = join(o.home, 'agent.json');
    this.addedFile = join(o.home, ADDED_FILE);
    mkdirSync(join(o.home, 'logs'), { recursive: true });
    this.slots = [...o.specs.map((spec) => this.newSlot(spec, 'manifest', 'running')), ...(o.added ?? []).map((a) => this.newSlot(a.spec, 'added', a.desired))];
  }

  private newSlot(spec: ServiceSpec, origin: Slot['origin'], desired: Desired): Slot {
    return {
      spec,
      origin,
      desired,
      removing: false,
      child: null,
      streak: 0,
      startedAtMs: 0,
      timer: null,
      exited: Promise.resolve(),
      state: {
        name: spec.name,
        instance: spec.instance,
        origin,
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

  /** Starts every service except added ones the user had stopped; those stay listed, `stopped`, until started. */
  start(): void {
    for (const slot of this.slots) if (slot.desired === 'running') this.launch(slot);
    this.save();
  }

  /**
   * Runs `spec` under the same restart policy as the manifest's services (the control channel's
   * `add`): a new name/instance becomes a new entry, recorded before it starts (a failed write
   * refuses the command, nothing runs); a known one that stopped or failed is started again; a known
   * one that runs (or waits to restart) is left alone. A manifest entry keeps the manifest's args; an
   * added one with no process takes the given args, because a recorded entry can predate the
   * system's current flags (a new NATS URL) and the caller restates what to run.
   */
  ensure(spec: ServiceSpec): { outcome: 'added' | 'started' | 'already-running'; pid: number | null } {
    if (this.stopping) throw new Error('the agent is stopping');
    const slot = this.find(spec.name, spec.instance);
    if (slot === undefined) {
      const added = this.newSlot(spec, 'added', 'running');
      writeAddedServices(this.addedFile, [...this.addedRecords(), { spec, desired: 'running' }]);
      this.slots.push(added);
      this.launch(added);
      this.save();
      return { outcome: 'added', pid: added.state.pid };
    }
    if (slot.removing) throw new Error(`${spec.name}/${spec.instance} is being removed; add it again once it has stopped`);
    if (slot.origin === 'added' && slot.child === null) {
      const next = { ...slot.spec, args: spec.args };
      writeAddedServices(this.addedFile, this.addedRecords({ slot, to: { spec: next, desired: 'running' } }));
      slot.spec = next;
    }
    slot.desired = 'running';
    if (slot.child !== null || slot.state.status === 'backoff') return { outcome: 'already-running', pid: slot.state.pid };
    slot.streak = 0;
    this.launch(slot);
    this.save();
    return { outcome: 'started', pid: slot.state.pid };
  }

  /** The control channel's `start`: a known entry that is not running is started again; an unknown one is an error. */
  startKnown(name: string, instance: string): { outcome: 'started' | 'already-running'; pid: number | null } {
    const slot = this.find(name, instance);
    if (slot === undefined) throw new Error(`no service ${name}/${instance} on this agent (use add)`);
    return this.ensure(slot.spec) as { outcome: 'started' | 'already-running'; pid: number | null };
  }

  /**
   * The control channel's `remove`: an added service is dropped from agent-added.json (first: a failed
   * write refuses it), then stopped like on `stop()` and dropped from agent.json once it has exited.
   * A manifest entry cannot be removed at run time: the manifest would bring it back.
   */
  remove(name: string, instance: string): { outcome: 'removed'; pid: number | null } {
    if (this.stopping) throw new Error('the agent is stopping');
    const slot = this.find(name, instance);
    if (slot === undefined) throw new Error(`no service ${name}/${instance} on this agent`);
    if (slot.origin === 'manifest') throw new Error(`${name}/${instance} is in the manifest, not added at run time: remove it from the manifest`);
    const pid = slot.state.pid;
    if (slot.removing) return { outcome: 'removed', pid };
    writeAddedServices(this.addedFile, this.addedRecords({ slot, to: null }));
    slot.removing = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const child = slot.child;
    if (child) {
      slot.state.status = 'stopping';
      child.kill('SIGTERM');
      slot.timer = setTimeout(() => child.kill('SIGKILL'), this.o.stopTimeoutMs ?? 15_000);
    } else {
      this.slots.splice(this.slots.indexOf(slot), 1);
    }
    this.save();
    return { outcome: 'removed', pid };
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
        env: { ...process.env, HELIOS_INSTANCE: spec.instance, ...spec.env, ...(this.o.node === undefined ? {} : { HELIOS_NODE: this.o.node }) },
        stdio: ['ignore', fd, fd],
        // Its own process group: a signal to the agent's group (Ctrl-C in the agent's terminal, a
        // service manager stopping the group) reaches the agent alone, which stops the services
        // itself. Otherwise a service's clean exit 0 could be seen first and recorded as the user's stop.
        detached: true,
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
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (slot.removing) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      appendFileSync(state.log, `[node-agent] ${at.toISOString()} exited with ${how}; removed\n`);
      this.slots.splice(this.slots.indexOf(slot), 1);
      this.save();
      return;
    }
    const decision = restartDecision({ code, signal }, this.stopping);
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
      // Exit 0 while the agent itself is not stopping: the child was told to stop (ADR 0011).
      const onPurpose = decision === 'stopped' && !this.stopping;
      if (onPurpose) slot.desired = 'stopped';
      const recorded = onPurpose && slot.origin === 'added' ? `; recorded in ${ADDED_FILE}: it stays stopped across agent restarts until started again` : '';
      appendFileSync(state.log, `[node-agent] ${at.toISOString()} exited with ${how}; ${decision === 'failed' ? 'not restarting (bad command line)' : 'stopped'}${recorded}\n`);
      if (recorded) this.saveAdded();
    }
    this.save();
  }

  private find(name: string, instance: string): Slot | undefined {
    return this.slots.find((s) => s.spec.name === name && s.spec.instance === instance);
  }

  /** What agent-added.json holds: every added service, with `change` applied to one of them (`to: null` drops it). */
  private addedRecords(change?: { slot: Slot; to: AddedService | null }): AddedService[] {
    const out: AddedService[] = [];
    for (const s of this.slots) {
      if (s.origin !== 'added' || s.removing) continue;
      const record = change?.slot === s ? change.to : { spec: s.spec, desired: s.desired };
      if (record !== null) out.push(record);
    }
    return out;
  }

  /** After an exit nobody waits for an answer: a failed write is reported, and the agent goes on supervising. */
  private saveAdded(): void {
    try {
      writeAddedServices(this.addedFile, this.addedRecords());
    } catch (error) {
      (this.o.error ?? ((line: string) => process.stderr.write(`node-agent: error: ${line}\n`)))(`cannot write ${this.addedFile} (${(error as Error).message}); after an agent restart the additions may not be as they are now`);
    }
  }

  private save(): void {
    writeAgentState(this.stateFile, this.state());
  }
}
