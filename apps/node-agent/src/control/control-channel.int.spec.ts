import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, subjects, type SystemCmdPayload } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { collect, openFixture, waitFor, type Fixture } from '@helios/testing-services';
import { askAgent } from '../../spec-support/ask-agent';
import { ADDED_FILE } from '../added-services';
import { isAlive, readAgentState } from '../agent-state';

const BIN = join(__dirname, '..', '..', 'bin', 'node-agent.js');
const NODE = 'spec-node';
jest.setTimeout(120_000);

// The agent as tools/up starts it (a real process, --nats), asked over its channel to run a real
// strategy-runner; the runner is then killed with SIGKILL and the agent brings it back.
describe('node-agent control channel', () => {
  let fx: Fixture;
  const home = mkdtempSync(join(tmpdir(), 'helios-agent-ctl-'));
  let agent: ChildProcess | undefined;
  let out = '';

  const ask = (config: Record<string, unknown>, command: SystemCmdPayload['command'] = 'reconfigure') => askAgent(fx.nc, NODE, config, command);
  const runner = () => readAgentState(join(home, 'agent.json'))?.services.find((s) => s.name === 'strategy-runner' && s.instance === 'ctl-sma');
  const startAgent = async () => {
    out = '';
    agent = spawn(process.execPath, [BIN, '--manifest', join(home, 'manifest.json'), '--home', home, '--nats', fx.url, '--node', NODE, '--stop-timeout-ms', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor('the control channel', () => out.includes(`control channel on system.cmd.node-agent.${NODE}`), 30_000);
  };

  beforeAll(async () => {
    fx = await openFixture(await startNatsServer({ name: 'node-agent-ctl' }));
    await fx.config.put('strategy.ctl-sma', JSON.stringify({ id: 'ctl-sma', template: 'sma-cross', params: { fast: 5, slow: 20 }, instruments: ['BTC-PERP'], timeframe: '1m' }));
    writeFileSync(join(home, 'manifest.json'), JSON.stringify({ services: [] }));
    await startAgent();
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent?.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    for (const s of readAgentState(join(home, 'agent.json'))?.services ?? []) if (s.pid !== null && isAlive(s.pid)) process.kill(s.pid, 'SIGKILL');
    await fx?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('adds a strategy runner that heartbeats, and restarts it after a SIGKILL', async () => {
    const beats = collect(fx.nc, subjects.heartbeat('strategy-runner', 'ctl-sma'));
    const args = ['--nats', fx.url, '--http-port', '0', '--instance', 'ctl-sma', '--strategy', 'ctl-sma'];
    const added = await ask({ add: { name: 'strategy-runner', instance: 'ctl-sma', args } });
    expect(added).toEqual({ ok: true, outcome: 'added', pid: expect.any(Number), node: NODE });
    const firstPid = added['pid'] as number;
    await waitFor('a heartbeat of the added runner', () => beats.events.length > 0, 60_000);
    expect(runner()).toMatchObject({ status: 'running', pid: firstPid, restarts: 0 });

    // Asking again while it runs changes nothing.
    expect(await ask({ add: { name: 'strategy-runner', instance: 'ctl-sma', args } })).toEqual({ ok: true, outcome: 'already-running', pid: firstPid, node: NODE });

    process.kill(firstPid, 'SIGKILL');
    const restarted = await waitFor('the agent to restart it', () => {
      const r = runner();
      return r !== undefined && r.restarts === 1 && r.status === 'running' && r.pid !== firstPid ? r : undefined;
    }, 30_000);
    expect(restarted.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    const before = beats.events.length;
    await waitFor('heartbeats from the restarted runner', () => beats.events.length > before + 1, 60_000);
    beats.close();
    expect(isAlive(restarted.pid as number)).toBe(true);
    expect(readFileSync(join(home, 'logs', 'strategy-runner-ctl-sma.log'), 'utf8')).toContain('exited with signal SIGKILL; restarting');
  });

  it('refuses bad commands naming the field, dead-letters them, and keeps serving', async () => {
    const dead = collect(fx.nc, subjects.dlq('node-agent'));
    expect(await ask({ add: { name: 'strategy-runner', instance: 'x', entry: '/bin/sh' } })).toEqual({ ok: false, error: expect.stringContaining('/payload/config/add/entry') });
    expect(await ask({ add: { name: 'no-such-service', instance: 'x' } })).toEqual({ ok: false, error: expect.stringContaining('"no-such-service" is not a service this agent can start') });
    expect(await ask({ add: { name: 'strategy-runner', instance: 'a.b' } })).toEqual({ ok: false, error: expect.stringContaining('/payload/config/add/instance') });
    expect(await ask({ start: { name: 'strategy-runner', instance: 'never-added' } })).toEqual({ ok: false, error: 'no service strategy-runner/never-added on this agent (use add)' });
    expect(await ask({}, 'stop')).toEqual({ ok: false, error: expect.stringContaining('takes only "reconfigure" with {add}, {start} or {remove}') });
    const garbage = await fx.nc.request(subjects.cmd('node-agent', NODE), '{not json', { timeout: 10_000 }).catch(() => undefined);
    expect(garbage).toBeDefined();
    await waitFor('five dead letters', () => dead.events.length >= 5);
    dead.close();
    const letters = dead.events.map((e) => e.payload as { service: string; reason: string; originalSubject: string });
    expect(letters.map((l) => l.reason)).toEqual(['invalid-payload', 'invalid-payload', 'invalid-payload', 'invalid-payload', 'malformed-json']);
    expect(new Set(letters.map((l) => `${l.service} ${l.originalSubject}`))).toEqual(new Set([`node-agent system.cmd.node-agent.${NODE}`]));
    // Still serving: the runner entry is known, so start answers.
    expect(await ask({ start: { name: 'strategy-runner', instance: 'ctl-sma' } })).toMatchObject({ ok: true, outcome: 'already-running' });
  });

  it('a strategy stopped by its own stop command (as the gateway sends it) stays stopped when the agent restarts', async () => {
    const before = runner();
    expect(before).toMatchObject({ origin: 'added', status: 'running' });
    // POST /strategies/:id/stop: a system.cmd stop to the runner itself, which drains and exits 0.
    const stop = createEvent('system.cmd', { service: 'strategy-runner', instance: 'ctl-sma', command: 'stop' } satisfies SystemCmdPayload, { id: 'spec-stop-ctl-sma', ts: Date.now(), src: 'spec', run: 'live' });
    await fx.nc.request(subjects.cmd('strategy-runner', 'ctl-sma'), JSON.stringify(stop), { timeout: 10_000 });
    const stopped = await waitFor('the runner to exit 0', () => (runner()?.status === 'stopped' ? runner() : undefined), 30_000);
    expect(stopped?.lastExit).toMatchObject({ code: 0, signal: null });
    expect(isAlive(before?.pid as number)).toBe(false);
    expect(JSON.parse(readFileSync(join(home, ADDED_FILE), 'utf8'))).toEqual({
      version: 1,
      services: [{ name: 'strategy-runner', instance: 'ctl-sma', args: ['--nats', fx.url, '--http-port', '0', '--instance', 'ctl-sma', '--strategy', 'ctl-sma'], desired: 'stopped' }],
    });

    const exited = new Promise<number | null>((r) => agent?.once('exit', r));
    agent?.kill('SIGTERM');
    expect(await exited).toBe(0);
    const logBefore = readFileSync(join(home, 'logs', 'strategy-runner-ctl-sma.log'), 'utf8');
    await startAgent();
    expect(out).toContain('supervising 1 services, 1 added at run time (1 of them left stopped, as the user stopped them;');
    expect(runner()).toMatchObject({ origin: 'added', status: 'stopped', pid: null, restarts: 0, lastExit: null });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(runner()?.status).toBe('stopped');
    expect(readFileSync(join(home, 'logs', 'strategy-runner-ctl-sma.log'), 'utf8')).toBe(logBefore);
  });
});
