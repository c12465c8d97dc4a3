import { readFileSync, renameSync, writeFileSync } from 'node:fs';

export type ChildStatus = 'running' | 'backoff' | 'stopping' | 'stopped' | 'failed';

export interface ChildState {
  name: string;
  instance: string;
  /** `added`: started over the control channel and recorded in agent-added.json, so an agent restart brings it back. */
  origin: 'manifest' | 'added';
  status: ChildStatus;
  /** Of the current process; null while none runs. */
  pid: number | null;
  /** Restarts after crashes since the agent started. */
  restarts: number;
  startedAt: string | null;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
  /** When a restart is due (status `backoff`). */
  restartAt: string | null;
  log: string;
}

/** `.helios/agent.json`: what `tools/down`, `helios status` and an operator read. */
export interface AgentState {
  pid: number;
  status: 'running' | 'stopping' | 'stopped';
  startedAt: string;
  updatedAt: string;
  services: ChildState[];
}

/** Written to a temporary file and renamed, so a reader (or a crash mid-write) never sees half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, file);
}

export function writeAgentState(file: string, state: AgentState): void {
  writeJsonAtomic(file, state);
}

export function readAgentState(file: string): AgentState | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as AgentState;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
