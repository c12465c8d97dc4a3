import { existsSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startNatsCluster, startNatsServer, type NatsServerHandle } from './nats-server';
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
