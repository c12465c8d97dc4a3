import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, readAgentState, type AgentState } from './agent-state';

const BIN = join(__dirname, '..', 'bin', 'node-agent.js');
const TOY = join(__dirname, '..', 'spec-support', 'toy-child.js');
jest.setTimeout(30_000);

function stateOf(file: string): AgentState {
  const state = readAgentState(file);
  if (state === undefined) throw new Error(`no agent state in ${file}`);
  return state;
}

function runAgent(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The agent as the process tools/up starts: a manifest in, agent.json and logs out, SIGTERM stops all.
describe('node-agent process', () => {
  const home = mkdtempSync(join(tmpdir(), 'helios-agent-proc-'));
  const manifest = join(home, 'manifest.json');
  const agents: Array<ReturnType<typeof runAgent>> = [];
  afterAll(async () => {
    for (const a of agents) a.child.kill('SIGKILL');
    const state = readAgentState(join(home, 'agent.json'));
    for (const s of state?.services ?? []) if (s.pid !== null && isAlive(s.pid)) process.kill(s.pid, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('runs the manifest, restarts the crasher, refuses a second agent, and stops everything on SIGTERM', async () => {
    writeFileSync(
      manifest,
      JSON.stringify({
        services: [
          { name: 'steady', instance: 'a', entry: TOY, args: ['--nats', 'nats://127.0.0.1:1'] },
          { name: 'crasher', instance: 'b', entry: TOY, env: { TOY_MODE: 'crash', TOY_LIFE_MS: '20' } },
        ],
      }),
    );
    const agent = runAgent(['--manifest', manifest, '--home', home]);
    agents.push(agent);
    const stateFile = join(home, 'agent.json');
    await until('a restart of the crasher', () => (readAgentState(stateFile)?.services[1]?.restarts ?? 0) >= 1);
    const running = stateOf(stateFile);
    expect(running.pid).toBe(agent.child.pid);
    expect(running.status).toBe('running');
    const steady = running.services[0];
    expect(steady).toMatchObject({ name: 'steady', instance: 'a', status: 'running', restarts: 0, log: join(home, 'logs', 'steady-a.log') });
    expect(isAlive(steady.pid as number)).toBe(true);

    const second = runAgent(['--manifest', manifest, '--home', home]);
    agents.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`another agent (pid ${agent.child.pid}) already supervises ${home}`);

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const stopped = stateOf(stateFile);
    expect(stopped.status).toBe('stopped');
    expect(stopped.services.map((s) => [s.name, s.status, s.pid])).toEqual([
      ['steady', 'stopped', null],
      ['crasher', 'stopped', null],
    ]);
    expect(isAlive(steady.pid as number)).toBe(false);
    expect(readFileSync(join(home, 'logs', 'steady-a.log'), 'utf8')).toContain('toy stopping');
  });

  it('exits 2 naming a bad flag, 1 naming a bad manifest', async () => {
    const bad = runAgent(['--manifest', manifest, '--bogus', 'x']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('node-agent: unknown argument "--bogus"');
    writeFileSync(join(home, 'broken.json'), '{"services":[{"name":"x"}]}');
    const broken = runAgent(['--manifest', join(home, 'broken.json'), '--home', join(home, 'other')]);
    expect(await broken.exited).toBe(1);
    expect(broken.output()).toContain('manifest: services[0].instance: expected letters');
  });
});
