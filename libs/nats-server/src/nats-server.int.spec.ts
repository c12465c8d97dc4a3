import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { freePort } from './free-port';
import { retryOnPortClash, startNatsCluster, startNatsServer, startNatsServerFromConfig, type NatsServerHandle } from './nats-server';
import { retryFor } from './retry-for';

jest.setTimeout(60_000);

describe('startNatsServer', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer({ syncAlways: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('serves JetStream on a loopback port with a server version >= 2.11', async () => {
    expect(server.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
    const nc = await connect({ servers: server.url });
    try {
      const [major, minor] = nc.info!.version.split('.').map(Number);
      expect(major * 100 + minor).toBeGreaterThanOrEqual(211);
      const jsm = await jetstreamManager(nc);
      const info = await jsm.getAccountInfo();
      expect(info.streams).toBe(0);
    } finally {
      await nc.close();
    }
  });

  it('keeps acknowledged messages across SIGKILL and restart (sync_interval: always)', async () => {
    let nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
    const js = jetstream(nc);
    for (let i = 0; i < 50; i++) await js.publish(`keep.${i}`, `m${i}`);
    await nc.close();
    const pidBefore = server.pid;

    await server.kill('SIGKILL');
    expect(server.running).toBe(false);
    await server.restart();
    expect(server.pid).not.toBe(pidBefore);

    nc = await connect({ servers: server.url });
    try {
      const info = await (await jetstreamManager(nc)).streams.info('KEEP');
      expect(info.state.messages).toBe(50);
      expect(info.state.last_seq).toBe(50);
    } finally {
      await nc.close();
    }
  });
});

it('stop() removes the temporary store', async () => {
  const server = await startNatsServer();
  const dir = server.storeDir;
  expect(existsSync(dir)).toBe(true);
  await server.stop();
  expect(server.running).toBe(false);
  expect(existsSync(dir)).toBe(false);
});

it('startNatsCluster forms a 3-node JetStream cluster that survives losing a node', async () => {
  const cluster = await startNatsCluster({ size: 3 });
  try {
    expect(new Set(cluster.urls).size).toBe(3);
    const nc = await connect({ servers: cluster.urls });
    const jsm = await jetstreamManager(nc);
    // An R3 stream right after start-up may not find peers yet.
    await retryFor(30_000, () => jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 }));
    const info = await jsm.streams.info('R3');
    expect(info.cluster?.replicas?.length).toBe(2);
    await nc.close();

    await cluster.servers[2].kill();
    await cluster.servers[2].restart();
    expect(cluster.servers.every((s) => s.running)).toBe(true);
  } finally {
    await cluster.stop();
  }
});

describe('a server that cannot bind its ports', () => {
  it('fails the start at once with the server log, instead of waiting out the ready timeout', async () => {
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const monitorPort = (held.address() as AddressInfo).port;
    const port = await freePort();
    const t = Date.now();
    try {
      await expect(
        startNatsServerFromConfig({
          name: 'clash',
          configFile: join(__dirname, '..', '..', '..', 'infra', 'nats', 'single.conf'),
          env: { HELIOS_NATS_PORT: String(port), HELIOS_NATS_MONITOR: `127.0.0.1:${monitorPort}` },
          port,
          monitorPort,
        }),
      ).rejects.toThrow(/clash exited while starting[\s\S]*address already in use/);
      // The ready timeout is 20 s; the server dies within a second of its start.
      expect(Date.now() - t).toBeLessThan(10_000);
    } finally {
      held.close();
    }
  });
});

describe('retryOnPortClash', () => {
  it('starts again after a port clash, and only after one', async () => {
    let calls = 0;
    await expect(
      retryOnPortClash(async () => {
        calls++;
        if (calls === 1) throw new Error('nats-server: n1 exited while starting: listen tcp 127.0.0.1:4222: bind: address already in use');
        return 'up';
      }),
    ).resolves.toBe('up');
    expect(calls).toBe(2);

    calls = 0;
    await expect(
      retryOnPortClash(async () => {
        calls++;
        throw new Error('nats-server: bad configuration');
      }),
    ).rejects.toThrow('bad configuration');
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      retryOnPortClash(async () => {
        calls++;
        throw new Error('bind: address already in use');
      }, 3),
    ).rejects.toThrow('address already in use');
    expect(calls).toBe(3);
  });
});
