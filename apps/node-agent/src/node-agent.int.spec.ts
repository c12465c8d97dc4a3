import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNatsServer } from '@helios/testing';
import { openFixture, type Fixture } from '@helios/testing-services';
import { askAgent } from '../spec-support/ask-agent';
import { ADDED_FILE } from './added-services';
import { isAlive, readAgentState, type AgentState } from './agent-state';

const BIN = join(__dirname, '..', 'bin', 'node-agent.js');
const TOY = join(__dirname, '..', 'spec-support', 'toy-child.js');
jest.setTimeout(30_000);

function stateOf(file: string): AgentState {
  const state = readAgentState(file);
  if (state === undefined) throw new Error(`no agent state in ${file}`);
  return state;
}

/** `group`: the agent leads a process group of its own, as in a terminal, so a test can signal the whole group. */
function runAgent(args: string[], group = false) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: group });
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

// An agent restart (tools/down + tools/up, a reboot) with services added over the control channel:
// the next agent, on the same home and manifest, runs what was running, leaves what the user stopped
// stopped and what they removed gone. The stand-in service is the toy, installed as `apps/toy/bin/toy.js`
// under the agents' --cwd, because the channel only starts a root's own services.
describe('node-agent restart with services added at run time', () => {
  const NODE = 'restart-node';
  const home = mkdtempSync(join(tmpdir(), 'helios-agent-added-'));
  const root = join(home, 'root');
  const manifest = join(home, 'manifest.json');
  const stateFile = join(home, 'agent.json');
  const addedFile = join(home, ADDED_FILE);
  let fx: Fixture;
  const agents: Array<ReturnType<typeof runAgent>> = [];
  const start = async (group = false) => {
    const agent = runAgent(['--manifest', manifest, '--home', home, '--cwd', root, '--nats', fx.url, '--node', NODE, '--stop-timeout-ms', '5000'], group);
    agents.push(agent);
    await until('the control channel', () => agent.output().includes(`control channel on system.cmd.node-agent.${NODE}`), 30_000);
    return agent;
  };
  const stop = async (agent: ReturnType<typeof runAgent>) => {
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  };
  const ask = (config: Record<string, unknown>) => askAgent(fx.nc, NODE, config);
  const service = (instance: string) => stateOf(stateFile).services.find((s) => s.instance === instance);
  const log = (instance: string) => (existsSync(join(home, 'logs', `toy-${instance}.log`)) ? readFileSync(join(home, 'logs', `toy-${instance}.log`), 'utf8') : '');
  const starts = (instance: string) => (log(instance).match(/"msg":"toy started"/g) ?? []).length;

  beforeAll(async () => {
    mkdirSync(join(root, 'apps', 'toy', 'bin'), { recursive: true });
    copyFileSync(TOY, join(root, 'apps', 'toy', 'bin', 'toy.js'));
    fx = await openFixture(await startNatsServer({ name: 'node-agent-restart' }));
  });
  afterAll(async () => {
    for (const a of agents) a.child.kill('SIGKILL');
    for (const s of readAgentState(stateFile)?.services ?? []) if (s.pid !== null && isAlive(s.pid)) process.kill(s.pid, 'SIGKILL');
    await fx?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('brings back what was running, not what the user stopped or removed; the manifest wins over an addition', async () => {
    writeFileSync(manifest, JSON.stringify({ services: [{ name: 'toy', instance: 'm' }] }));
    const first = await start();
    for (const [instance, args] of [['keep', ['--k']], ['halt', []], ['gone', []], ['shadow', ['--added']]] as const) {
      expect(await ask({ add: { name: 'toy', instance, args } })).toEqual({ ok: true, outcome: 'added', pid: expect.any(Number), node: NODE });
    }
    await until('every toy started', () => ['m', 'keep', 'halt', 'gone', 'shadow'].every((i) => starts(i) === 1));
    const keepPid = service('keep')?.pid as number;

    // The user stops one (what its `stop` command does: it exits 0 by itself) and removes another.
    process.kill(service('halt')?.pid as number, 'SIGTERM');
    await until('halt stopped', () => service('halt')?.status === 'stopped');
    const gonePid = service('gone')?.pid as number;
    expect(await ask({ remove: { name: 'toy', instance: 'gone' } })).toEqual({ ok: true, outcome: 'removed', pid: gonePid, node: NODE });
    await until('gone out of agent.json', () => service('gone') === undefined);
    expect(await ask({ remove: { name: 'toy', instance: 'm' } })).toEqual({ ok: false, error: 'toy/m is in the manifest, not added at run time: remove it from the manifest' });

    await stop(first);
    expect(isAlive(keepPid)).toBe(false);
    expect(isAlive(gonePid)).toBe(false);
    expect(JSON.parse(readFileSync(addedFile, 'utf8'))).toEqual({
      version: 1,
      services: [
        { name: 'toy', instance: 'keep', args: ['--k'], desired: 'running' },
        { name: 'toy', instance: 'halt', args: [], desired: 'stopped' },
        { name: 'toy', instance: 'shadow', args: ['--added'], desired: 'running' },
      ],
    });

    // Meanwhile the manifest gained an entry that had been added at run time.
    writeFileSync(manifest, JSON.stringify({ services: [{ name: 'toy', instance: 'm' }, { name: 'toy', instance: 'shadow', args: ['--manifest'] }] }));
    const second = await start();
    expect(second.output()).toContain(`node-agent: toy/shadow is both in the manifest and in ${addedFile}: the manifest's entry wins; the addition is dropped`);
    expect(second.output()).toContain('node-agent: supervising 4 services, 2 added at run time (1 of them left stopped, as the user stopped them;');
    const state = stateOf(stateFile);
    expect(state.pid).toBe(second.child.pid);
    expect(state.services.map((s) => [s.instance, s.origin, s.status])).toEqual([
      ['m', 'manifest', 'running'],
      ['shadow', 'manifest', 'running'],
      ['keep', 'added', 'running'],
      ['halt', 'added', 'stopped'],
    ]);
    const keep = service('keep');
    expect(keep?.pid).not.toBe(keepPid);
    expect(isAlive(keep?.pid as number)).toBe(true);
    await until('keep started again', () => starts('keep') === 2);
    expect(log('keep').match(/"args":\[[^\]]*\]/g)).toEqual(['"args":["--k"]', '"args":["--k"]']);
    await until('shadow started from the manifest', () => starts('shadow') === 2);
    expect(log('shadow')).toContain('"args":["--manifest"]');
    expect(service('halt')?.pid).toBeNull();
    expect(starts('halt')).toBe(1);
    expect(starts('gone')).toBe(1);
    expect(JSON.parse(readFileSync(addedFile, 'utf8'))).toEqual({
      version: 1,
      services: [
        { name: 'toy', instance: 'keep', args: ['--k'], desired: 'running' },
        { name: 'toy', instance: 'halt', args: [], desired: 'stopped' },
      ],
    });

    // Started again over the channel, it is recorded running: the next agent runs it.
    expect(await ask({ start: { name: 'toy', instance: 'halt' } })).toEqual({ ok: true, outcome: 'started', pid: expect.any(Number), node: NODE });
    expect(JSON.parse(readFileSync(addedFile, 'utf8')).services[1]).toEqual({ name: 'toy', instance: 'halt', args: [], desired: 'running' });
    await until('halt started again', () => starts('halt') === 2);
    await stop(second);
  });

  it("Ctrl-C in the agent's terminal (SIGINT to its process group) reaches the agent alone: it stops the services, and the next agent runs them again", async () => {
    rmSync(addedFile, { force: true });
    writeFileSync(manifest, JSON.stringify({ services: [{ name: 'toy', instance: 'm' }] }));
    const agent = await start(true);
    expect(await ask({ add: { name: 'toy', instance: 'ctrl', args: [] } })).toMatchObject({ ok: true, outcome: 'added' });
    await until('ctrl started', () => log('ctrl').includes('"msg":"toy started"'));
    const before = (log('ctrl').match(/"msg":"toy started"/g) ?? []).length;

    process.kill(-(agent.child.pid as number), 'SIGINT');
    expect(await agent.exited).toBe(0);
    // Before the services had groups of their own, each got the SIGINT too and exited 0 by itself,
    // which an agent that saw the exit first recorded as the user's stop.
    expect(log('ctrl')).toContain('"msg":"toy stopping"');
    expect(log('ctrl')).not.toContain('"msg":"toy got SIGINT"');
    expect(JSON.parse(readFileSync(addedFile, 'utf8')).services).toEqual([{ name: 'toy', instance: 'ctrl', args: [], desired: 'running' }]);

    const next = await start();
    await until('ctrl started by the next agent', () => starts('ctrl') === before + 1);
    await stop(next);
  });

  it('sets a corrupt agent-added.json aside as .bad, says why, and still runs the manifest', async () => {
    writeFileSync(manifest, JSON.stringify({ services: [{ name: 'toy', instance: 'm' }] }));
    writeFileSync(addedFile, '{"version":1,"services":[{"name":"toy"');
    const agent = await start();
    expect(agent.output()).toMatch(new RegExp(`node-agent: error: ${addedFile}: not JSON \\(`));
    expect(agent.output()).toContain(`node-agent: error: ${addedFile}: set aside as ${addedFile}.bad; running the manifest and the 0 valid addition(s)`);
    expect(readFileSync(`${addedFile}.bad`, 'utf8')).toBe('{"version":1,"services":[{"name":"toy"');
    expect(JSON.parse(readFileSync(addedFile, 'utf8'))).toEqual({ version: 1, services: [] });
    expect(stateOf(stateFile).services.map((s) => [s.instance, s.origin, s.status])).toEqual([['m', 'manifest', 'running']]);
    expect(isAlive(service('m')?.pid as number)).toBe(true);
    await stop(agent);
  });
});
