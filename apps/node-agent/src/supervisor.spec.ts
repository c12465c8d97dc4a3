import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDED_FILE } from './added-services';
import { readAgentState } from './agent-state';
import type { ServiceSpec } from './manifest';
import { Supervisor } from './supervisor';

const TOY = join(__dirname, '..', 'spec-support', 'toy-child.js');
jest.setTimeout(60_000);

const fast = { initialDelayMs: 100, factor: 2, maxDelayMs: 400, stableAfterMs: 60_000 };

function toy(name: string, env: Record<string, string>, args: string[] = []): ServiceSpec {
  return { name, instance: 'main', entry: TOY, args, env };
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Real child processes (a toy script), in-process supervisor with a fast back-off.
describe('Supervisor', () => {
  const home = mkdtempSync(join(tmpdir(), 'helios-agent-'));
  let supervisor: Supervisor | undefined;
  const current = (): Supervisor => {
    if (supervisor === undefined) throw new Error('no supervisor');
    return supervisor;
  };
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('restarts a crashing child with growing delays, counts the restarts, and logs each start and exit', async () => {
    supervisor = new Supervisor({ specs: [toy('crasher', { TOY_MODE: 'crash', TOY_LIFE_MS: '30' })], home, cwd: home, policy: fast });
    const starts: number[] = [];
    const origin = Date.now();
    supervisor.start();
    let lastPid = supervisor.state().services[0].pid;
    starts.push(0);
    await until('4 restarts', () => {
      const s = current().state().services[0];
      if (s.pid !== null && s.pid !== lastPid) {
        lastPid = s.pid;
        starts.push(Date.now() - origin);
      }
      return s.restarts >= 4 && s.status === 'running';
    });
    const child = supervisor.state().services[0];
    expect(child.restarts).toBe(4);
    expect(child.lastExit).toMatchObject({ code: 3, signal: null });
    // Gaps between starts: the child's life (a node start-up, slow on a loaded machine) + 100, 200,
    // 400, 400 ms of back-off (capped). The delays themselves are pinned by the log lines below; the
    // gaps prove each delay is waited out, and that nothing waits wildly longer.
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    expect(gaps).toHaveLength(4);
    [100, 200, 400, 400].forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay);
      expect(gaps[i]).toBeLessThan(delay + 5_000);
    });
    const logFile = join(home, 'logs', 'crasher-main.log');
    await until('the 5th start in the log', () => (readFileSync(logFile, 'utf8').match(/"msg":"toy started"/g) ?? []).length >= 5);
    const log = readFileSync(logFile, 'utf8');
    expect(log.match(/"msg":"toy started"/g)).toHaveLength(5);
    expect(log).toContain('exited with code 3; restarting in 100 ms');
    expect(log).toContain('exited with code 3; restarting in 400 ms');
    expect(log).toContain('starting crasher/main (restart 4)');
    expect(readAgentState(join(home, 'agent.json'))?.services[0]).toMatchObject({ name: 'crasher', restarts: 4 });
  });

  it("gives each child the agent's node name as HELIOS_NODE, over the agent's environment and the manifest's", async () => {
    supervisor = new Supervisor({ specs: [toy('noded', { HELIOS_NODE: 'from-manifest' })], home, cwd: home, policy: fast, node: 'laptop-b' });
    supervisor.start();
    const log = join(home, 'logs', 'noded-main.log');
    await until('the toy started', () => existsSync(log) && readFileSync(log, 'utf8').includes('toy started'));
    const started = JSON.parse(readFileSync(log, 'utf8').split('\n').find((l) => l.includes('toy started')) as string) as { node?: string; instance?: string };
    expect(started).toMatchObject({ node: 'laptop-b', instance: 'main' });
  });

  it('does not restart a child that exits 0 (stopped) or 2 (bad command line: failed)', async () => {
    supervisor = new Supervisor({ specs: [toy('usage', { TOY_MODE: 'usage' })], home, cwd: home, policy: fast });
    supervisor.start();
    await until('the exit', () => current().state().services[0].status !== 'running');
    await new Promise((r) => setTimeout(r, 300));
    expect(supervisor.state().services[0]).toMatchObject({ status: 'failed', restarts: 0, pid: null, lastExit: { code: 2 } });
  });

  it('stop() sends SIGTERM, SIGKILLs a child that ignores it after the grace period, and cancels a pending restart', async () => {
    supervisor = new Supervisor({
      specs: [toy('polite', {}, ['--x', 'y']), toy('stubborn', { TOY_IGNORE_TERM: '1' }), toy('crasher2', { TOY_MODE: 'crash', TOY_LIFE_MS: '10' })],
      home,
      cwd: home,
      policy: { ...fast, initialDelayMs: 5_000 },
      stopTimeoutMs: 500,
    });
    supervisor.start();
    await until('the crasher waiting to restart', () => current().state().services[2].status === 'backoff');
    // Both toys must be up (their start line logged) before the stop, or a slow start is killed first.
    const logHas = (name: string, text: string) => existsSync(join(home, 'logs', `${name}-main.log`)) && readFileSync(join(home, 'logs', `${name}-main.log`), 'utf8').includes(text);
    await until('toys started', () => ['polite', 'stubborn'].every((n) => logHas(n, 'toy started')));
    const pids = supervisor.state().services.map((s) => s.pid);
    const t0 = Date.now();
    await supervisor.stop();
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(3_000);
    const after = supervisor.state();
    expect(after.status).toBe('stopped');
    expect(after.services.map((s) => [s.name, s.status, s.pid, s.restarts])).toEqual([
      ['polite', 'stopped', null, 0],
      ['stubborn', 'stopped', null, 0],
      ['crasher2', 'stopped', null, 0],
    ]);
    expect(after.services[1].lastExit).toMatchObject({ signal: 'SIGKILL' });
    for (const pid of pids.slice(0, 2)) expect(() => process.kill(pid as number, 0)).toThrow();
    const politeLog = readFileSync(join(home, 'logs', 'polite-main.log'), 'utf8');
    expect(politeLog).toContain('"args":["--x","y"]');
    expect(politeLog).toContain('"instance":"main"');
    expect(politeLog).toContain('toy stopping');
  });
});

// What a restarted agent must know about services added at run time: agent-added.json, written by
// the supervisor as the user adds, stops, starts and removes them (real toy children again).
describe('Supervisor: services added at run time', () => {
  let home: string;
  let supervisor: Supervisor | undefined;
  const current = (): Supervisor => {
    if (supervisor === undefined) throw new Error('no supervisor');
    return supervisor;
  };
  const addedFile = () => join(home, ADDED_FILE);
  const recorded = () => (JSON.parse(readFileSync(addedFile(), 'utf8')) as { services: Array<{ instance: string; args: string[]; desired: string }> }).services.map((s) => [s.instance, s.desired, s.args]);
  const child = (instance: string) => current().state().services.find((s) => s.instance === instance);
  const toyAt = (instance: string, args: string[] = []): ServiceSpec => ({ name: 'toy', instance, entry: TOY, args, env: {} });
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'helios-agent-added-'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    supervisor = undefined;
    rmSync(home, { recursive: true, force: true });
  });

  it('records an addition as running, a clean exit 0 of its own as stopped, a start as running again; its own stop() changes nothing', async () => {
    supervisor = new Supervisor({ specs: [toyAt('m')], home, cwd: home, policy: fast });
    supervisor.start();
    expect(existsSync(addedFile())).toBe(false);
    expect(supervisor.ensure(toyAt('a', ['--one']))).toEqual({ outcome: 'added', pid: expect.any(Number) });
    expect(recorded()).toEqual([['a', 'running', ['--one']]]);
    expect(child('a')).toMatchObject({ origin: 'added', status: 'running' });
    expect(child('m')).toMatchObject({ origin: 'manifest', status: 'running' });

    // What a `stop` command does to a service: it exits 0 by itself.
    await until('toy a started', () => readFileSync(join(home, 'logs', 'toy-a.log'), 'utf8').includes('toy started'));
    process.kill(child('a')?.pid as number, 'SIGTERM');
    await until('toy a stopped', () => child('a')?.status === 'stopped');
    expect(recorded()).toEqual([['a', 'stopped', ['--one']]]);
    expect(readFileSync(join(home, 'logs', 'toy-a.log'), 'utf8')).toContain(`exited with code 0; stopped; recorded in ${ADDED_FILE}: it stays stopped across agent restarts until started again`);

    // Started again (the gateway's start is an `add`): the args given replace the recorded ones.
    expect(supervisor.ensure(toyAt('a', ['--two']))).toEqual({ outcome: 'started', pid: expect.any(Number) });
    expect(recorded()).toEqual([['a', 'running', ['--two']]]);
    await until('toy a started again', () => (readFileSync(join(home, 'logs', 'toy-a.log'), 'utf8').match(/"msg":"toy started"/g) ?? []).length === 2);
    expect(readFileSync(join(home, 'logs', 'toy-a.log'), 'utf8')).toContain('"args":["--two"]');

    // A manifest entry is never recorded, whatever happens to it.
    expect(supervisor.ensure(toyAt('m', ['--other']))).toEqual({ outcome: 'already-running', pid: child('m')?.pid });
    await supervisor.stop();
    expect(supervisor.state().services.map((s) => [s.instance, s.origin, s.status])).toEqual([
      ['m', 'manifest', 'stopped'],
      ['a', 'added', 'stopped'],
    ]);
    expect(recorded()).toEqual([['a', 'running', ['--two']]]);
  });

  it('a new supervisor runs the additions recorded running and lists those recorded stopped without starting them', async () => {
    supervisor = new Supervisor({ specs: [], added: [{ spec: toyAt('up'), desired: 'running' }, { spec: toyAt('down'), desired: 'stopped' }], home, cwd: home, policy: fast });
    supervisor.start();
    expect(supervisor.state().services.map((s) => [s.instance, s.origin, s.status, s.pid === null])).toEqual([
      ['up', 'added', 'running', false],
      ['down', 'added', 'stopped', true],
    ]);
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(join(home, 'logs', 'toy-down.log'))).toBe(false);
    // `start` over the channel brings the stopped one back, and records it.
    expect(supervisor.startKnown('toy', 'down')).toEqual({ outcome: 'started', pid: expect.any(Number) });
    expect(recorded()).toEqual([
      ['up', 'running', []],
      ['down', 'running', []],
    ]);
  });

  it('remove forgets an addition: out of the record at once, stopped, then out of the table; a manifest entry cannot be removed', async () => {
    supervisor = new Supervisor({ specs: [toyAt('m')], home, cwd: home, policy: fast, stopTimeoutMs: 500 });
    supervisor.start();
    supervisor.ensure(toyAt('gone'));
    supervisor.ensure(toyAt('stays'));
    supervisor.ensure(toyAt('idle'));
    await until('toy gone started', () => existsSync(join(home, 'logs', 'toy-gone.log')) && readFileSync(join(home, 'logs', 'toy-gone.log'), 'utf8').includes('toy started'));
    const pid = child('gone')?.pid as number;
    expect(supervisor.remove('toy', 'gone')).toEqual({ outcome: 'removed', pid });
    expect(recorded()).toEqual([
      ['stays', 'running', []],
      ['idle', 'running', []],
    ]);
    expect(() => current().ensure(toyAt('gone'))).toThrow('toy/gone is being removed; add it again once it has stopped');
    await until('toy gone out of the table', () => child('gone') === undefined);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(readFileSync(join(home, 'logs', 'toy-gone.log'), 'utf8')).toMatch(/toy stopping[\s\S]*exited with code 0; removed/);
    expect(readAgentState(join(home, 'agent.json'))?.services.map((s) => s.instance)).toEqual(['m', 'stays', 'idle']);

    expect(() => current().remove('toy', 'm')).toThrow('toy/m is in the manifest, not added at run time: remove it from the manifest');
    expect(() => current().remove('toy', 'never')).toThrow('no service toy/never on this agent');
    // Removing one that is stopped drops it at once.
    await until('toy idle started', () => existsSync(join(home, 'logs', 'toy-idle.log')) && readFileSync(join(home, 'logs', 'toy-idle.log'), 'utf8').includes('toy started'));
    process.kill(child('idle')?.pid as number, 'SIGTERM');
    await until('toy idle stopped', () => child('idle')?.status === 'stopped');
    expect(supervisor.remove('toy', 'idle')).toEqual({ outcome: 'removed', pid: null });
    expect(child('idle')).toBeUndefined();
    expect(recorded()).toEqual([['stays', 'running', []]]);
  });
});
