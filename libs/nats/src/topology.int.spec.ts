import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { StreamConfig } from '@nats-io/jetstream';
import { KV_BUCKETS } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { ConfigReadBackError } from './config-readback';
import { ensureTopology } from './ensure-topology';
import { openFixture, sleep, type NatsFixture } from './nats-fixture.testing';
import { UnsupportedServerError } from './server-version';
import { heliosTopology, type ManagedStream, type Topology } from './topology';

jest.setTimeout(30_000);

let fx: NatsFixture;

beforeAll(async () => {
  fx = await openFixture(await startNatsServer(), { topology: false });
});

afterAll(async () => {
  await fx?.stop();
});

async function allConfigs(): Promise<Map<string, StreamConfig>> {
  const configs = new Map<string, StreamConfig>();
  for await (const si of fx.jsm.streams.list()) configs.set(si.config.name, si.config);
  return configs;
}

/** The topology with stream `name` given extra or different options. */
function withStream(topology: Topology, name: string, options: Partial<StreamConfig>): Topology {
  return {
    ...topology,
    streams: topology.streams.map((s) => (s.name === name ? ({ ...s, config: { ...s.config, ...options } } as ManagedStream) : s)),
  };
}

describe('ensureTopology on a real server', () => {
  it('creates every stream, bucket and store, and a second run changes nothing', async () => {
    const first = await ensureTopology(fx.nc, { replicas: 1 });
    const expectedNames = heliosTopology({ replicas: 1 }).streams.map((s) => s.name);
    expect(first.map((r) => [r.name, r.action])).toEqual(expectedNames.map((n) => [n, 'created']));
    const before = await allConfigs();
    expect([...before.keys()].sort()).toEqual([...expectedNames].sort());

    const second = await ensureTopology(fx.nc, { replicas: 1 });
    expect(second.map((r) => r.action)).toEqual(expectedNames.map(() => 'unchanged'));
    expect(await allConfigs()).toEqual(before);
  });

  it('updates a stream whose limit changed, and only that stream', async () => {
    await ensureTopology(fx.nc, { replicas: 1 });
    const base = heliosTopology({ replicas: 1 });
    const shorter = withStream(base, 'PNL', { max_age: 3 * 24 * 3600 * 1e9, max_bytes: 123 * 1024 * 1024 });
    const result = await ensureTopology(fx.nc, { replicas: 1, topology: shorter });
    expect(result.filter((r) => r.action !== 'unchanged').map((r) => [r.name, r.action])).toEqual([['PNL', 'updated']]);
    const pnl = (await fx.jsm.streams.info('PNL')).config;
    expect([pnl.max_age, pnl.max_bytes]).toEqual([3 * 24 * 3600 * 1e9, 123 * 1024 * 1024]);

    // And back: the real topology restores the recorded limits.
    const restored = await ensureTopology(fx.nc, { replicas: 1 });
    expect(restored.filter((r) => r.action !== 'unchanged').map((r) => [r.name, r.action])).toEqual([['PNL', 'updated']]);
    expect((await fx.jsm.streams.info('PNL')).config.max_age).toBe(90 * 24 * 3600 * 1e9);
  });

  it('fails loudly, naming stream and option, when the server changes an option it was given', async () => {
    // nats-server replaces a duplicate_window of 0 with its 2 min default without complaint.
    const probe: ManagedStream = {
      kind: 'stream',
      name: 'PROBE',
      config: { name: 'PROBE', subjects: ['probe.>'], storage: 'file', duplicate_window: 0, max_msgs: 0 },
    };
    const err = await ensureTopology(fx.nc, { replicas: 1, topology: { replicas: 1, streams: [probe] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigReadBackError);
    expect((err as ConfigReadBackError).mismatches.map((m) => [m.target, m.option, m.wanted, m.actual, m.kind])).toEqual([
      ['stream PROBE', 'duplicate_window', 0, 120_000_000_000, 'changed'],
      ['stream PROBE', 'max_msgs', 0, -1, 'changed'],
    ]);
    expect((err as Error).message).toContain('stream PROBE: option duplicate_window = 0 was changed by the server to 120000000000');
    await fx.jsm.streams.delete('PROBE');
  });

  it('turns on per-key TTL for the leases bucket for real: a key written with a TTL expires', async () => {
    const leases = await new Kvm(fx.nc).open(KV_BUCKETS.leases);
    await leases.create('probe-lease', 'holder-a', '1s');
    expect((await leases.get('probe-lease'))?.string()).toBe('holder-a');
    await sleep(1_600);
    const after = await leases.get('probe-lease');
    expect(after === null || after.operation !== 'PUT').toBe(true);
  });

  it('refuses a server older than 2.11 before touching anything', async () => {
    const streamsBefore = [...(await allConfigs()).keys()].sort();
    const olderServer = new Proxy(fx.nc, {
      get: (target, prop, receiver) =>
        prop === 'info' ? { ...target.info, version: '2.10.24' } : Reflect.get(target, prop, receiver),
    }) as NatsConnection;
    const err = await ensureTopology(olderServer, { replicas: 1, topology: { replicas: 1, streams: [] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedServerError);
    expect((err as Error).message).toContain('is version 2.10.24; Helios needs >= 2.11.0');
    expect([...(await allConfigs()).keys()].sort()).toEqual(streamsBefore);
  });

  it('names the stream when the server refuses a change it cannot make', async () => {
    const base = heliosTopology({ replicas: 1 });
    const memory = withStream(base, 'ML', { storage: 'memory' });
    await expect(ensureTopology(fx.nc, { replicas: 1, topology: memory })).rejects.toThrow(
      /ensureTopology: could not update storage of stream ML: .*/,
    );
  });
});
