import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subjects } from '@helios/contracts';
import { collect, waitFor } from '@helios/testing-services';
import { commandReply } from '../commands';
import { LAUNCHED_FILE } from '../strategy-process';
import { startTestGateway, type TestGateway } from '../../../spec-support/test-gateway';

jest.setTimeout(180_000);

const AGENT_BIN = join(__dirname, '..', '..', '..', '..', 'node-agent', 'bin', 'node-agent.js');
const NODE = 'gw-spec-node';

interface AgentJson {
  services: Array<{ name: string; instance: string; status: string; pid: number | null; restarts: number }>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Deploy to paper and start go through a real node agent (so the runner is restarted after a crash);
// with no agent answering, the gateway falls back to spawning the runner itself and says so.
describe('supervisor gateway: strategies started through the node agent', () => {
  let t: TestGateway;
  let agent: ChildProcess | undefined;
  let agentOut = '';
  const agentState = (): AgentJson => JSON.parse(readFileSync(join(t.home, 'agent.json'), 'utf8')) as AgentJson;
  const runnerOf = (id: string) => agentState().services.find((s) => s.name === 'strategy-runner' && s.instance === id);
  const def = (id: string) => ({ id, template: 'sma-cross', params: { fast: 5, slow: 20 }, instruments: ['BTC-PERP'], timeframe: '1m' });

  beforeAll(async () => {
    t = await startTestGateway({ agentNode: NODE });
    writeFileSync(join(t.home, 'manifest.json'), JSON.stringify({ services: [] }));
    agent = spawn(process.execPath, [AGENT_BIN, '--manifest', join(t.home, 'manifest.json'), '--home', t.home, '--nats', t.fx.url, '--node', NODE, '--stop-timeout-ms', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => (agentOut += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (agentOut += d.toString()));
    await waitFor('the agent control channel', () => agentOut.includes('control channel on'), 30_000);
  });

  afterAll(async () => {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((r) => agent?.once('exit', r));
      agent.kill('SIGTERM');
      await exited;
    }
    try {
      const launched = JSON.parse(readFileSync(join(t.home, LAUNCHED_FILE), 'utf8')) as { processes: Array<{ pid: number }> };
      for (const p of launched.processes) if (alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    } catch {
      // nothing launched by the gateway
    }
    await t?.stop();
  });

  it('deploys a new strategy under the agent, which restarts its runner after a SIGKILL', async () => {
    const beats = collect(t.fx.nc, subjects.heartbeat('strategy-runner', 'deployed'));
    const res = await t.api('/api/v1/strategies', { method: 'POST', body: JSON.stringify(def('deployed')) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'deployed', replaced: false, launchedBy: 'node-agent', launchedPid: expect.any(Number), note: expect.stringContaining(`node-agent/${NODE}`) });
    const pid = body['launchedPid'] as number;
    expect(runnerOf('deployed')).toMatchObject({ status: 'running', pid, restarts: 0 });
    await waitFor('the runner heartbeat', () => beats.events.length > 0, 60_000);

    process.kill(pid, 'SIGKILL');
    const back = await waitFor('the agent to restart it', () => {
      const r = runnerOf('deployed');
      return r?.restarts === 1 && r.status === 'running' && r.pid !== pid ? r : undefined;
    }, 30_000);
    const seen = beats.events.length;
    await waitFor('heartbeats after the restart', () => beats.events.length > seen, 60_000);
    beats.close();
    expect(alive(back.pid as number)).toBe(true);
  });

  it('starts a stopped strategy again through the agent', async () => {
    const stop = await t.api('/api/v1/strategies/deployed/stop', { method: 'POST' });
    expect(stop.status).toBe(202);
    await waitFor('the runner to exit 0 (stopped, not restarted)', () => runnerOf('deployed')?.status === 'stopped', 30_000);
    await waitFor('the gateway to see the stopped heartbeat', () => t.gw.hub.beats().find((b) => b.service === 'strategy-runner' && b.instance === 'deployed')?.heartbeat.status === 'stopped', 30_000);
    const start = await t.api('/api/v1/strategies/deployed/start', { method: 'POST' });
    expect(start.status).toBe(202);
    expect(await start.json()).toEqual({ accepted: true, command: 'start', target: 'strategy-runner/deployed', note: expect.stringContaining('(started)') });
    await waitFor('the runner running again', () => runnerOf('deployed')?.status === 'running', 30_000);
  });

  it('removes a strategy: the runner exits 0 and the agent forgets it, in its table and in agent-added.json', async () => {
    const pid = runnerOf('deployed')?.pid as number;
    const res = await t.api('/api/v1/strategies/deployed', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'deployed', removed: true, note: `node-agent/${NODE} forgot strategy-runner/deployed` });
    expect((await t.fx.config.get('strategy.deployed'))?.operation).toBe('DEL');
    await waitFor('the runner to exit', () => !alive(pid), 30_000);
    await waitFor('the agent to drop it', () => runnerOf('deployed') === undefined, 30_000);
    const added = JSON.parse(readFileSync(join(t.home, 'agent-added.json'), 'utf8')) as { services: Array<{ instance: string }> };
    expect(added.services.map((s) => s.instance)).not.toContain('deployed');
  });

  it('starts and removes a strategy through the agent of the laptop it last ran on, not the gateway\'s own', async () => {
    const OTHER = 'gw-spec-laptop-b';
    const homeB = mkdtempSync(join(tmpdir(), 'helios-agent-b-'));
    writeFileSync(join(homeB, 'manifest.json'), JSON.stringify({ services: [] }));
    let outB = '';
    const agentB = spawn(process.execPath, [AGENT_BIN, '--manifest', join(homeB, 'manifest.json'), '--home', homeB, '--nats', t.fx.url, '--node', OTHER, '--stop-timeout-ms', '5000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    agentB.stdout?.on('data', (d: Buffer) => (outB += d.toString()));
    agentB.stderr?.on('data', (d: Buffer) => (outB += d.toString()));
    const runnerOnB = () => (JSON.parse(readFileSync(join(homeB, 'agent.json'), 'utf8')) as AgentJson).services.find((s) => s.instance === 'roamer');
    const beat = () => t.gw.hub.beats().find((b) => b.service === 'strategy-runner' && b.instance === 'roamer');
    try {
      await waitFor('the second agent control channel', () => outB.includes('control channel on'), 30_000);
      await t.fx.config.put('strategy.roamer', JSON.stringify(def('roamer')));
      // The user ran it on laptop B (its own tools/up, or the supervisor there).
      const ctx = { nc: t.fx.nc, now: () => Date.now() };
      const args = ['--nats', t.fx.url, '--http-port', '0', '--instance', 'roamer', '--strategy', 'roamer'];
      expect(await commandReply(ctx, { service: 'node-agent', instance: OTHER, command: 'reconfigure', config: { add: { name: 'strategy-runner', instance: 'roamer', args } } }, 5_000)).toMatchObject({ ok: true, outcome: 'added', node: OTHER });
      // Its claim and its heartbeats name laptop B: the agent gives its --node to the runner.
      await waitFor('the runner on B, seen by the gateway', () => beat()?.runsOn === OTHER && beat()?.heartbeat.node === OTHER, 60_000);

      expect((await t.api('/api/v1/strategies/roamer/stop', { method: 'POST' })).status).toBe(202);
      await waitFor('the runner on B stopped', () => runnerOnB()?.status === 'stopped', 30_000);
      await waitFor('the stopped heartbeat, which still names B', () => beat()?.heartbeat.status === 'stopped' && beat()?.runsOn === undefined, 30_000);
      expect(beat()?.heartbeat.node).toBe(OTHER);

      const start = await t.api('/api/v1/strategies/roamer/start', { method: 'POST' });
      expect(start.status).toBe(202);
      expect(((await start.json()) as { note: string }).note).toBe(`started by node-agent/${OTHER} (started); restarted after a crash`);
      await waitFor('the runner running on B again', () => runnerOnB()?.status === 'running', 30_000);
      expect(runnerOf('roamer')).toBeUndefined();

      const removed = await t.api('/api/v1/strategies/roamer', { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(((await removed.json()) as { note: string }).note).toBe(
        `node-agent/${OTHER} forgot strategy-runner/roamer; node-agent/${NODE} kept no runner of it to forget (no service strategy-runner/roamer on this agent)`,
      );
      await waitFor('agent B to drop it', () => runnerOnB() === undefined, 30_000);
    } finally {
      const exited = new Promise((r) => agentB.once('exit', r));
      agentB.kill('SIGTERM');
      await exited;
      rmSync(homeB, { recursive: true, force: true });
    }
  });

  it('falls back to spawning the runner itself when no agent answers, and says so', async () => {
    const exited = new Promise((r) => agent?.once('exit', r));
    agent?.kill('SIGTERM');
    await exited;
    await t.fx.config.put('strategy.orphan', JSON.stringify(def('orphan')));
    const start = await t.api('/api/v1/strategies/orphan/start', { method: 'POST' });
    expect(start.status).toBe(202);
    const body = (await start.json()) as { note: string };
    expect(body.note).toContain(`no node agent answered on node ${NODE}`);
    expect(body.note).toContain('NOT restarted after a crash');
    const launched = JSON.parse(readFileSync(join(t.home, LAUNCHED_FILE), 'utf8')) as { processes: Array<{ instance: string; pid: number }> };
    expect(launched.processes).toEqual([expect.objectContaining({ instance: 'orphan', pid: expect.any(Number) })]);
  });
});
