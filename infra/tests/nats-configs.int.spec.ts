import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { freePort, retryFor, retryOnPortClash, startClusterFromConfig, startNatsServerFromConfig, type NatsServerHandle } from '@helios/testing';

jest.setTimeout(90_000);

const configDir = join(__dirname, '..', 'nats');

async function varz(server: NatsServerHandle): Promise<Record<string, any>> {
  return (await fetch(`${server.monitorUrl}/varz`)).json() as Promise<Record<string, any>>;
}

describe('infra/nats/single.conf', () => {
  let server: NatsServerHandle;
  afterAll(() => server?.stop());

  it('runs JetStream with fsync on every write, clients and monitoring on loopback only', async () => {
    server = await retryOnPortClash(async () => {
      const port = await freePort();
      const monitorPort = await freePort();
      return startNatsServerFromConfig({
        name: 'single',
        configFile: join(configDir, 'single.conf'),
        env: { HELIOS_NATS_PORT: String(port), HELIOS_NATS_MONITOR: `127.0.0.1:${monitorPort}` },
        port,
        monitorPort,
      });
    });
    const v = await varz(server);
    expect(v.host).toBe('127.0.0.1');
    expect(v.http_host).toBe('127.0.0.1');
    expect(v.jetstream.config.sync_always).toBe(true);
    expect(v.max_payload).toBe(8 * 1024 * 1024);
    expect(v.jetstream.config.max_storage).toBe(20 * 1024 ** 3);
    const nc = await connect({ servers: server.url });
    const ack = await (async () => {
      await (await jetstreamManager(nc)).streams.add({ name: 'ONE', subjects: ['one.>'] });
      return jetstream(nc).publish('one.x', 'hello');
    })();
    expect(ack).toMatchObject({ stream: 'ONE', seq: 1 });
    await nc.close();
  });
});

describe('infra/nats/cluster/node.conf', () => {
  const servers: NatsServerHandle[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.stop())));

  it('three nodes started from the same file form one cluster, with client and route auth', async () => {
    const cluster = await startClusterFromConfig({ configFile: join(configDir, 'cluster', 'node.conf'), token: 'test-token', routeUser: 'route', routePassword: 'route-pass' });
    servers.push(...cluster.servers);
    for (const s of servers) expect((await varz(s)).jetstream.config.sync_always).toBe(true);

    // Without the token a client is refused.
    await expect(connect({ servers: servers[0].url, reconnect: false })).rejects.toThrow(/Authorization/i);

    const nc = await connect({ servers: servers.map((s) => s.url), token: 'test-token' });
    try {
      const jsm = await jetstreamManager(nc);
      await retryFor(30_000, () => jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 }));
      // The same message id makes a retried publish that did land count once.
      const ack = await retryFor(30_000, () => jetstream(nc).publish('r3.x', 'hello', { msgID: 'hello-1' }), 250);
      expect(ack.seq).toBe(1);
      const info = await jsm.streams.info('R3');
      expect([info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].sort()).toEqual(['n1', 'n2', 'n3']);
    } finally {
      await nc.close();
    }
  });
});
