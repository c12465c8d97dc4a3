import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { repoRoot } from './repo-root';

/**
 * A private nats-server for one benchmark run: loopback, a free port, a temporary store, fsync on
 * every write as production runs it. The CLI may not use @helios/testing (an app depends on no test
 * library), so this is the benchmark's own small launcher around tools/lib/nats-server.sh.
 */
export interface BenchServer {
  readonly url: string;
  readonly dir: string;
  readonly pid: number;
  /** SIGTERM (SIGKILL after 5 s), then the temporary directory is removed. */
  stop(): Promise<void>;
  /** Synchronous last resort for process exit: SIGKILL and remove the directory. */
  killNow(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function serverBinary(): string {
  const script = join(repoRoot(), 'tools', 'lib', 'nats-server.sh');
  try {
    return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    throw new Error(`no usable nats-server (>= 2.11) from ${script}; run tools/setup first.\n${(err as { stderr?: string }).stderr ?? String(err)}`);
  }
}

async function waitForJetStream(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nats-server exited before it was ready:\n${log().slice(-3000)}`);
    try {
      const nc = await connect({ servers: url, reconnect: false, timeout: 1000 });
      try {
        await (await jetstreamManager(nc)).getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch {
      if (performance.now() > deadline) throw new Error(`nats-server at ${url} did not become ready in ${timeoutMs} ms:\n${log().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export async function startBenchServer(): Promise<BenchServer> {
  const binary = serverBinary();
  const dir = mkdtempSync(join(tmpdir(), 'helios-bench-'));
  const logFile = join(dir, 'server.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const port = await freePort();
  const config = ['server_name: helios-bench', `listen: 127.0.0.1:${port}`, 'jetstream {', `  store_dir: "${join(dir, 'store')}"`, '  sync_interval: always', '}', ''];
  writeFileSync(join(dir, 'nats.conf'), config.join('\n'));
  const child = spawn(binary, ['-c', join(dir, 'nats.conf'), '-l', logFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const killNow = () => {
    if (running()) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const server: BenchServer = {
    url: `nats://127.0.0.1:${port}`,
    dir,
    pid: child.pid ?? -1,
    killNow,
    async stop() {
      if (running()) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const graceful = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 5_000)))]);
        clearTimeout(timer);
        if (!graceful) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitForJetStream(server.url, child, log, 20_000);
  } catch (err) {
    killNow();
    throw err;
  }
  return server;
}
