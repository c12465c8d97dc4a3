import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { waitFor } from '@helios/testing-services';
import { freePort, startClusterFromConfig, type NatsClusterHandle } from '@helios/testing';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const HELIOS = join(root, 'apps', 'cli', 'bin', 'helios.js');
const TOKEN = 'laptops-client-token';
jest.setTimeout(300_000);

interface AgentJson {
  pid: number;
  services: Array<{ name: string; instance: string; pid: number | null; status: string; restarts: number }>;
}

/*
 * The README's "Running on three laptops", on one machine: a 3-node cluster booted from
 * infra/nats/cluster/node.conf (clients need its token), then tools/up on two "laptops" (own homes
 * and node names) that join it with HELIOS_NATS_URL and HELIOS_NATS_TOKEN and split the services:
 * the feed and the strategies on one, the risk gate, order engine, exchange, portfolio and the UI
 * on the other. They trade together only through the cluster.
 */
describe('Helios spread over laptops that join a 3-node cluster (tools/up with HELIOS_NATS_URL)', () => {
  const homeA = mkdtempSync(join(tmpdir(), 'helios-laptop-a-'));
  const homeB = mkdtempSync(join(tmpdir(), 'helios-laptop-b-'));
  let cluster: NatsClusterHandle;
  let clusterUrl: string;
  let envA: NodeJS.ProcessEnv;
  let envB: NodeJS.ProcessEnv;
  let upA = '';
  let upB = '';
  let nc: NatsConnection | undefined;
  let pnlSub: Subscription | undefined;
  const pnlSubjects = new Set<string>();

  beforeAll(async () => {
    cluster = await startClusterFromConfig({ configFile: join(root, 'infra', 'nats', 'cluster', 'node.conf'), token: TOKEN, routeUser: 'route', routePassword: 'route-pass' });
    clusterUrl = cluster.urls.join(',');
    const laptop = (home: string, node: string, services: string) => ({
      ...process.env,
      HELIOS_HOME: home,
      HELIOS_NODE: node,
      HELIOS_NATS_URL: clusterUrl,
      HELIOS_NATS_TOKEN: TOKEN,
      HELIOS_NATS_REPLICAS: '3',
      HELIOS_SERVICES: services,
      HELIOS_DEMO_SPEED: '600',
      // The monitoring port of the laptop's own node (tools/nats-node keeps it on loopback).
      HELIOS_NATS_MONITOR_PORT: String(cluster.servers[0].monitorUrl.split(':').pop()),
    });
    envA = { ...laptop(homeA, 'laptop-a', 'market-data,indicators,strategy-runner'), HELIOS_SUPERVISOR: '0' };
    envB = { ...laptop(homeB, 'laptop-b', 'risk-gate,order-engine,paper-exchange,portfolio'), HELIOS_SUPERVISOR_PORT: String(await freePort()) };
    nc = await connect({ servers: cluster.urls, token: TOKEN });
    pnlSub = nc.subscribe('pnl.update.>', { callback: (_err, msg) => void pnlSubjects.add(msg.subject) });
    // B first: its consumers exist before A's feed publishes (either order works; this one is quicker).
    upB = (await run(join(root, 'tools', 'up'), { env: envB, cwd: root })).stdout;
    upA = (await run(join(root, 'tools', 'up'), { env: envA, cwd: root })).stdout;
  });
  afterAll(async () => {
    pnlSub?.unsubscribe();
    await nc?.close().catch(() => undefined);
    for (const env of [envA, envB]) if (env) await run(join(root, 'tools', 'down'), { env }).catch(() => undefined);
    await cluster?.stop();
    rmSync(homeA, { recursive: true, force: true });
    rmSync(homeB, { recursive: true, force: true });
  });

  const agent = (home: string): AgentJson => JSON.parse(readFileSync(join(home, 'agent.json'), 'utf8')) as AgentJson;

  it('each laptop uses the cluster, starts no nats-server of its own and runs only its services', () => {
    for (const out of [upA, upB]) {
      expect(out).toContain(`[up] using the NATS at ${clusterUrl} (HELIOS_NATS_URL): no nats-server is started here`);
      expect(out).not.toContain('starting nats-server');
    }
    expect(existsSync(join(homeA, 'nats.pid'))).toBe(false);
    expect(upA).toContain('this laptop runs   market-data, indicators, strategy-runner\n');
    expect(upA).toContain('no supervisor on this laptop (HELIOS_SUPERVISOR=0)');
    expect(upB).toContain('this laptop runs   risk-gate, order-engine, paper-exchange, portfolio\n');
    expect(agent(homeA).services.map((s) => s.name).sort()).toEqual(['indicators', 'market-data', 'strategy-runner', 'strategy-runner']);
    expect(agent(homeB).services.map((s) => s.name).sort()).toEqual(['order-engine', 'paper-exchange', 'portfolio', 'risk-gate']);
  });

  it('declares the streams with 3 replicas, one on each node', async () => {
    const jsm = await jetstreamManager(nc as NatsConnection);
    for (const name of ['MD', 'STRATEGY', 'RISK', 'ORDER', 'PNL']) {
      const info = await jsm.streams.info(name);
      expect({ name, replicas: info.config.num_replicas }).toEqual({ name, replicas: 3 });
      expect([info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].sort()).toEqual(['n1', 'n2', 'n3']);
    }
  });

  it('paper trades across the two laptops: P&L for sma-cross and mean-reversion', async () => {
    await waitFor('pnl.update for both strategies', () => (pnlSubjects.has('pnl.update.sma-cross') && pnlSubjects.has('pnl.update.mean-reversion') ? true : undefined), 120_000);
  });

  it('helios status, with the token from the environment, shows the services of both laptops healthy; without it, says why', async () => {
    const expected = [...agent(homeA).services, ...agent(homeB).services].map((c) => `${c.name}/${c.instance}`).sort();
    const rows = await waitFor('every service of both laptops healthy', async () => {
      const { stdout } = await run(process.execPath, [HELIOS, 'status', '--json', '--nats', clusterUrl], { cwd: root, env: { ...process.env, HELIOS_NATS_TOKEN: TOKEN } }).catch((e: { stdout: string }) => e);
      const parsed = JSON.parse(stdout) as Array<{ service: string; instance: string; node: string | null; status: string }>;
      const healthy = parsed.filter((r) => r.status === 'healthy').map((r) => `${r.service}/${r.instance}`);
      return expected.every((e) => healthy.includes(e)) ? parsed : undefined;
    }, 30_000);
    // Each row names the laptop whose process holds the instance's claim; the elected risk gate and
    // the feed (it consumes nothing) take none, and are named by the node their heartbeats give.
    const nodeOf = (service: string, instance: string) => rows.find((r) => r.service === service && r.instance === instance)?.node;
    expect([nodeOf('indicators', 'main'), nodeOf('strategy-runner', 'sma-cross'), nodeOf('portfolio', 'main'), nodeOf('order-engine', 'main'), nodeOf('risk-gate', 'main'), nodeOf('market-data', 'main')]).toEqual([
      'laptop-a',
      'laptop-a',
      'laptop-b',
      'laptop-b',
      'laptop-b',
      'laptop-a',
    ]);

    const env = { ...process.env };
    delete env['HELIOS_NATS_TOKEN'];
    const refused = await run(process.execPath, [HELIOS, 'status', '--nats', cluster.urls[0]], { cwd: root, env }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain(`NATS at ${cluster.urls[0]} refused the credentials`);
    expect((refused as { stderr: string }).stderr).toContain('set HELIOS_NATS_TOKEN');
  });

  it("the supervisor on laptop B sees laptop A's services through the cluster, each with its laptop", async () => {
    const token = readFileSync(join(homeB, 'supervisor.token'), 'utf8').trim();
    const rows = await waitFor('the feed and a strategy runner in /api/v1/services', async () => {
      const res = await fetch(`http://127.0.0.1:${envB['HELIOS_SUPERVISOR_PORT']}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
      const json = (await res.json()) as Array<{ service: string; instance: string; stale: boolean; runsOn?: string }>;
      const live = json.filter((r) => !r.stale).map((r) => `${r.service}/${r.instance}@${r.runsOn ?? '-'}`);
      return live.includes('market-data/main@-') && live.includes('strategy-runner/sma-cross@laptop-a') ? live : undefined;
    }, 30_000);
    expect(rows).toEqual(expect.arrayContaining(['risk-gate/main@-', 'portfolio/main@laptop-b', 'indicators/main@laptop-a']));
  });

  it('a misspelt or missing HELIOS_SERVICES is refused with exit code 2, before an agent starts', async () => {
    const homeC = mkdtempSync(join(tmpdir(), 'helios-laptop-c-'));
    try {
      const env = { ...envA, HELIOS_HOME: homeC, HELIOS_NODE: 'laptop-c', HELIOS_SERVICES: 'market-data,risk-engine' };

      // Without HELIOS_SERVICES every laptop would run every service: refused before anything runs.
      const all: NodeJS.ProcessEnv = { ...env };
      delete all['HELIOS_SERVICES'];
      const refused = await run(join(root, 'tools', 'up'), { env: all, cwd: root }).catch((e: { code: number; stderr: string }) => e);
      expect(refused).toMatchObject({ code: 2 });
      expect((refused as { stderr: string }).stderr).toContain("tools/up: with HELIOS_NATS_URL (a laptop of a cluster), name this laptop's services in HELIOS_SERVICES");
      expect(existsSync(join(homeC, 'logs'))).toBe(false);

      const failed = await run(join(root, 'tools', 'up'), { env, cwd: root }).catch((e: { code: number; stderr: string }) => e);
      expect(failed).toMatchObject({ code: 2 });
      expect((failed as { stderr: string }).stderr).toContain(
        '[up] HELIOS_SERVICES: unknown "risk-engine"; choose from market-data,indicators,strategy-runner,risk-gate,order-engine,paper-exchange,portfolio',
      );
      expect(existsSync(join(homeC, 'agent.pid'))).toBe(false);
      expect(existsSync(join(homeC, 'manifest.json'))).toBe(false);
    } finally {
      rmSync(homeC, { recursive: true, force: true });
    }
  });

  it("a portfolio started on a third laptop by mistake is refused while laptop B's runs, and its node agent keeps retrying", async () => {
    const homeD = mkdtempSync(join(tmpdir(), 'helios-laptop-d-'));
    const envD = { ...envA, HELIOS_HOME: homeD, HELIOS_NODE: 'laptop-d', HELIOS_SERVICES: 'portfolio' };
    try {
      await run(join(root, 'tools', 'up'), { env: envD, cwd: root });
      const refusal = /instance\.portfolio\.main is held by node laptop-b \(pid \d+, since [^)]+\): one process per service instance in the whole system/;
      await waitFor('the refusal in laptop D\'s portfolio log', () => (refusal.test(readFileSync(join(homeD, 'logs', 'portfolio-main.log'), 'utf8')) ? true : undefined), 30_000);
      // Its node agent keeps trying (exit 1 is a crash to it), and laptop B's portfolio keeps the claim.
      await waitFor('a restart on laptop D', () => (agent(homeD).services[0].restarts >= 1 ? true : undefined), 30_000);
      const leases = await (await new Kvm(nc as NatsConnection).open('helios-leases')).get('instance.portfolio.main');
      expect(leases?.json()).toMatchObject({ node: 'laptop-b' });
    } finally {
      await run(join(root, 'tools', 'down'), { env: envD }).catch(() => undefined);
      rmSync(homeD, { recursive: true, force: true });
    }
  });

  it('tools/down on each laptop stops its own processes and leaves the cluster running', async () => {
    const pids = [...agent(homeA).services, ...agent(homeB).services].map((s) => s.pid).filter((p): p is number => p !== null);
    for (const env of [envA, envB]) {
      const { stdout } = await run(join(root, 'tools', 'down'), { env });
      expect(stdout).toContain('[down] node-agent and services stopped');
      expect(stdout).toContain('[down] the NATS of HELIOS_NATS_URL keeps running (tools/up did not start it)');
    }
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    const jsm = await jetstreamManager(nc as NatsConnection);
    expect((await jsm.streams.info('ORDER')).state.messages).toBeGreaterThan(0);
  });
});
