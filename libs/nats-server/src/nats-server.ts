import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { natsServerBinary } from './nats-binary';

export interface NatsServerHandle {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly monitorUrl: string;
  readonly storeDir: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Sends a signal (SIGKILL by default) and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again with the same name, ports, configuration and store; waits until it is ready. */
  restart(): Promise<void>;
  /** Stops it gracefully and removes its temporary directory. */
  stop(): Promise<void>;
  /** Last resort on process exit (synchronous): SIGKILL, and the temporary directory removed. */
  killNow(): void;
  /** The server's log so far (for failure messages). */
  log(): string;
}

export interface NatsServerOptions {
  /** server_name, and the prefix of the temporary directory (default helios-test). */
  name?: string;
  /** fsync every write (`sync_interval: always`), as Helios runs in production. */
  syncAlways?: boolean;
  /** Extra lines appended to the configuration file. */
  extraConfig?: string;
}

export interface NatsClusterHandle {
  readonly servers: NatsServerHandle[];
  readonly urls: string[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;
const live = new Set<ChildProcess>();

// A test that crashes must not leave servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

interface NodePlan {
  name: string;
  port: number;
  monitorPort: number;
  clusterPort?: number;
  routes?: number[];
  clusterName?: string;
}

function renderConfig(plan: NodePlan, dir: string, opts: NatsServerOptions): string {
  const lines = [
    `server_name: ${plan.name}`,
    `listen: 127.0.0.1:${plan.port}`,
    `http: 127.0.0.1:${plan.monitorPort}`,
    'jetstream {',
    `  store_dir: "${join(dir, 'store')}"`,
    ...(opts.syncAlways ? ['  sync_interval: always'] : []),
    '}',
  ];
  if (plan.clusterPort !== undefined) {
    lines.push(
      'cluster {',
      `  name: ${plan.clusterName}`,
      `  listen: 127.0.0.1:${plan.clusterPort}`,
      `  routes: [${(plan.routes ?? []).map((p) => `nats-route://127.0.0.1:${p}`).join(', ')}]`,
      '}',
    );
  }
  if (opts.extraConfig) lines.push(opts.extraConfig);
  return lines.join('\n') + '\n';
}

async function httpJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text answers are fine
  }
  return { status: res.status, body };
}

/** The server process ended while something waited for it: waiting longer cannot help. */
class ServerExited extends Error {}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      if (err instanceof ServerExited) throw new Error(`nats-server: ${what.replace(/ to be ready$/, '')} exited while starting: ${err.message}\n--- server log ---\n${log().slice(-4000)}`);
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`nats-server: timed out waiting for ${what}\n--- server log ---\n${log().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

class ServerProcess implements NatsServerHandle {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly plan: NodePlan,
    private readonly dir: string,
    private readonly configPath: string,
    private readonly env: Record<string, string> = {},
    private readonly logFile = join(dir, 'server.log'),
  ) {}

  get name() { return this.plan.name; }
  get port() { return this.plan.port; }
  get url() { return `nats://127.0.0.1:${this.plan.port}`; }
  get monitorUrl() { return `http://127.0.0.1:${this.plan.monitorPort}`; }
  get storeDir() { return join(this.dir, 'store'); }
  get pid() { return this.child?.pid; }
  get running() { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null; }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  launch(): void {
    const child = spawn(natsServerBinary(), ['-c', this.configPath, '-l', this.logFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    live.add(child);
    this.exited = new Promise((resolve) => child.once('exit', () => {
      live.delete(child);
      resolve();
    }));
    child.once('exit', (code) => {
      if (code && code !== 0 && stderr) this.lastError = stderr;
    });
    this.child = child;
  }

  lastError = '';

  /** Ready when the monitoring endpoint says JetStream is healthy. */
  async waitReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await waitFor(
      `${this.name} to be ready`,
      async () => {
        if (!this.running) throw new ServerExited(this.lastError || `exit code ${this.child?.exitCode ?? this.child?.signalCode}`);
        return (await httpJson(`${this.monitorUrl}/healthz?js-enabled-only=true`)).status === 200;
      },
      timeoutMs,
      () => `${this.lastError}\n${this.log()}`,
    );
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child?.kill(signal);
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    this.launch();
    await this.waitReady();
  }

  killNow(): void {
    if (this.running) this.child?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async stop(): Promise<void> {
    if (this.running) {
      this.child?.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceful = await Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 5000))),
      ]);
      clearTimeout(timer);
      if (!graceful) await this.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function tempDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `helios-nats-${name}-`));
}

function withRenderedConfig(plan: NodePlan, opts: NatsServerOptions): ServerProcess {
  const dir = tempDir(plan.name);
  const configPath = join(dir, 'nats.conf');
  writeFileSync(configPath, renderConfig(plan, dir, opts));
  return new ServerProcess(plan, dir, configPath);
}

export interface ConfigFileServerOptions {
  name: string;
  /** A configuration file of the project's own (infra/nats), parameterised by environment variables. */
  configFile: string;
  /** Variables the file refers to; HELIOS_NATS_STORE is set to a fresh temporary store. */
  env: Record<string, string>;
  port: number;
  monitorPort: number;
}

/** Starts nats-server on an existing configuration file, to test the files users run. */
export async function startNatsServerFromConfig(opts: ConfigFileServerOptions): Promise<NatsServerHandle> {
  const dir = tempDir(opts.name);
  const server = new ServerProcess(
    { name: opts.name, port: opts.port, monitorPort: opts.monitorPort },
    dir,
    opts.configFile,
    { HELIOS_NATS_STORE: join(dir, 'store'), ...opts.env },
  );
  server.launch();
  try {
    await server.waitReady();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

export interface ConfigClusterOptions {
  /** The cluster's node configuration (infra/nats/cluster/node.conf), the same file for every node. */
  configFile: string;
  /** Client token, and user and password of the routes between the nodes. */
  token: string;
  routeUser: string;
  routePassword: string;
}

/**
 * Three nodes n1..n3 on loopback, each started from `configFile` as a user starts a laptop's node
 * (tools/nats-node), naming the other two as route peers; resolves once they elected a meta leader.
 * All nine ports are fixed before the first node starts (each names its peers' routes): on a port
 * taken in between, every node is stopped and the three start again on fresh ports.
 */
export async function startClusterFromConfig(opts: ConfigClusterOptions): Promise<NatsClusterHandle> {
  const servers = await retryOnPortClash(async () => {
    const nodes = await Promise.all(['n1', 'n2', 'n3'].map(async (name) => ({ name, port: await freePort(), monitorPort: await freePort(), clusterPort: await freePort() })));
    const route = (port: number) => `nats-route://${opts.routeUser}:${opts.routePassword}@127.0.0.1:${port}`;
    const started: NatsServerHandle[] = [];
    try {
      for (const node of nodes) {
        const peers = nodes.filter((n) => n !== node);
        started.push(
          await startNatsServerFromConfig({
            name: node.name,
            configFile: opts.configFile,
            port: node.port,
            monitorPort: node.monitorPort,
            env: {
              HELIOS_NATS_TOKEN: opts.token,
              HELIOS_NATS_CLUSTER_USER: opts.routeUser,
              HELIOS_NATS_CLUSTER_PASSWORD: opts.routePassword,
              HELIOS_NATS_NAME: node.name,
              HELIOS_NATS_HOST: '127.0.0.1',
              HELIOS_NATS_PORT: String(node.port),
              HELIOS_NATS_CLUSTER_PORT: String(node.clusterPort),
              HELIOS_NATS_MONITOR: `127.0.0.1:${node.monitorPort}`,
              HELIOS_NATS_PEER_1: route(peers[0].clusterPort),
              HELIOS_NATS_PEER_2: route(peers[1].clusterPort),
            },
          }),
        );
      }
      return started;
    } catch (err) {
      await Promise.all(started.map((srv) => srv.stop()));
      throw err;
    }
  });
  const stop = async () => {
    await Promise.all(servers.map((srv) => srv.stop()));
  };
  try {
    await waitForMetaLeader(servers);
  } catch (err) {
    await stop();
    throw err;
  }
  return { servers, urls: servers.map((srv) => srv.url), stop };
}

/**
 * Calls `start` again (at most `attempts` times in all) while it fails because a port was taken:
 * `freePort` probes a port and lets it go, and another process may bind it before the server does.
 * `start` must pick fresh ports each time and stop what it started when it fails.
 */
export async function retryOnPortClash<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts || !/address already in use/.test((err as Error).message)) throw err;
    }
  }
}

/** A single JetStream-enabled nats-server on random loopback ports with a fresh temporary store. */
export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServerHandle> {
  return retryOnPortClash(async () => {
    const plan: NodePlan = { name: opts.name ?? 'helios-test', port: await freePort(), monitorPort: await freePort() };
    const server = withRenderedConfig(plan, opts);
    server.launch();
    try {
      await server.waitReady();
      return server;
    } catch (err) {
      await server.stop();
      throw err;
    }
  });
}

/** Resolves once every server reports the same JetStream meta leader for a cluster of their size. */
export async function waitForMetaLeader(servers: NatsServerHandle[], timeoutMs = 40_000): Promise<void> {
  await waitFor(
    'a JetStream meta leader known to every node',
    async () => {
      const metas = await Promise.all(servers.map(async (s) => {
        const { body } = await httpJson(`${s.monitorUrl}/jsz`);
        return (body as { meta_cluster?: { leader?: string; cluster_size?: number } }).meta_cluster;
      }));
      return metas.every((m) => m?.leader && m.leader === metas[0]?.leader && m.cluster_size === servers.length);
    },
    timeoutMs,
    () => servers.map((s) => `--- ${s.name} ---\n${s.log().slice(-1500)}`).join('\n'),
  );
}

/**
 * A JetStream cluster of `size` nodes on one machine (random loopback ports, one temporary store
 * each). Resolves once every node reports the same JetStream meta leader.
 */
export function startNatsCluster(opts: NatsServerOptions & { size?: number } = {}): Promise<NatsClusterHandle> {
  return retryOnPortClash(() => launchCluster(opts.size ?? 3, opts));
}

async function launchCluster(size: number, opts: NatsServerOptions): Promise<NatsClusterHandle> {
  const clusterName = `helios-test-${process.pid}`;
  const ports = await Promise.all(Array.from({ length: size }, async () => ({
    port: await freePort(),
    monitorPort: await freePort(),
    clusterPort: await freePort(),
  })));
  const servers = ports.map((p, i) => {
    const name = `n${i + 1}`;
    const routes = ports.filter((_, j) => j !== i).map((q) => q.clusterPort);
    return withRenderedConfig({ name, ...p, routes, clusterName }, opts);
  });
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
  try {
    servers.forEach((s) => s.launch());
    await Promise.all(servers.map((s) => s.waitReady(40_000)));
    await waitForMetaLeader(servers);
  } catch (err) {
    await stop();
    throw err;
  }
  return { servers, urls: servers.map((s) => s.url), stop };
}
