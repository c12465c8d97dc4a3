import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { STREAMS } from '@helios/contracts';
import { freePort } from '@helios/testing';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
jest.setTimeout(180_000);

// tools/up as a user runs it: on its own ports and home, twice, then tools/down.
describe('tools/up', () => {
  const home = mkdtempSync(join(tmpdir(), 'helios-up-'));
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { ...process.env, HELIOS_HOME: home, HELIOS_NATS_PORT: String(await freePort()), HELIOS_NATS_MONITOR_PORT: String(await freePort()), HELIOS_SUPERVISOR_PORT: String(await freePort()) };
  });
  afterAll(async () => {
    await run(join(root, 'tools', 'down'), { env }).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts nats-server with every stream, KV bucket and the object store, and says where to look', async () => {
    const { stdout } = await run(join(root, 'tools', 'up'), { env, cwd: root });
    expect(stdout).toContain(`nats://127.0.0.1:${env['HELIOS_NATS_PORT']}`);
    expect(stdout).toContain('tools/down');

    const nc = await connect({ servers: `nats://127.0.0.1:${env['HELIOS_NATS_PORT']}` });
    try {
      const jsm = await jetstreamManager(nc);
      const names: string[] = [];
      for await (const s of jsm.streams.list()) names.push(s.config.name);
      for (const stream of Object.keys(STREAMS)) expect(names).toContain(stream);
      for (const bucket of ['KV_helios-config', 'KV_helios-snapshots', 'KV_helios-leases', 'KV_helios-health', 'OBJ_helios-artifacts']) {
        expect(names).toContain(bucket);
      }
    } finally {
      await nc.close();
    }
  });

  it('is harmless when run again: the same server keeps running and nothing changes', async () => {
    const { stdout } = await run(join(root, 'tools', 'up'), { env, cwd: root });
    expect(stdout).toContain('already running');
    expect(stdout).not.toMatch(/\b(created|updated)\b/);
  });

  it('tools/down stops it', async () => {
    const { stdout } = await run(join(root, 'tools', 'down'), { env });
    expect(stdout).toContain('stopped');
    await expect(connect({ servers: `nats://127.0.0.1:${env['HELIOS_NATS_PORT']}`, reconnect: false })).rejects.toThrow();
  });

  it('rejects an unknown flag with a clear error and exit code 2', async () => {
    await expect(run(join(root, 'tools', 'up'), ['--bogus'], { env })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option '--bogus'"),
    });
  });
});
