import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { InstanceClaim, InstanceClaimedError, type InstanceClaimOptions } from './instance-claim';

jest.setTimeout(30_000);

const BUCKET = 'claims-test';
let server: NatsServerHandle;
let nc: NatsConnection;
const held: InstanceClaim[] = [];

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  await new Kvm(nc).create(BUCKET, { markerTTL: 1000, history: 1 });
});
afterEach(async () => {
  for (const c of held.splice(0)) await c.release();
});
afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

async function claim(key: string, node: string, pid: number, onLost: (why: string) => void = () => undefined, ttlMs = 3_000): Promise<InstanceClaim> {
  const options: InstanceClaimOptions = { nc, bucket: BUCKET, key, node, pid, ttlMs, onLost };
  const c = await InstanceClaim.acquire(options);
  held.push(c);
  return c;
}

async function holderOf(key: string): Promise<unknown> {
  const entry = await (await new Kvm(nc).open(BUCKET)).get(key);
  return entry?.operation === 'PUT' ? entry.json() : null;
}

describe('InstanceClaim (one process per service instance in the whole system)', () => {
  it("refuses a process of another node while the claim lives, naming the holder's node and pid", async () => {
    await claim('instance.portfolio.main', 'laptop-a', 101);
    const refused = await InstanceClaim.acquire({ nc, bucket: BUCKET, key: 'instance.portfolio.main', node: 'laptop-b', pid: 202, ttlMs: 3_000, onLost: () => undefined }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InstanceClaimedError);
    expect((refused as InstanceClaimedError).holder).toMatchObject({ node: 'laptop-a', pid: 101 });
    expect((refused as Error).message).toMatch(/^instance\.portfolio\.main is held by node laptop-a \(pid 101, since \d{4}-\d\d-\d\dT[\d:.]+Z\): one process per service instance in the whole system/);
  });

  it("lets a process of the same node take over at once (a restart after a crash); the old holder's next renewal loses it", async () => {
    const lost: string[] = [];
    await claim('instance.order-engine.main', 'laptop-a', 101, (why) => lost.push(why), 3_000);
    await claim('instance.order-engine.main', 'laptop-a', 102);
    expect(await holderOf('instance.order-engine.main')).toMatchObject({ node: 'laptop-a', pid: 102 });
    // Renewals every ttl/3 = 1 s.
    const deadline = Date.now() + 5_000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lost).toEqual(['the claim instance.order-engine.main was taken or ended meanwhile']);
    expect(await holderOf('instance.order-engine.main')).toMatchObject({ node: 'laptop-a', pid: 102 });
  });

  it('renews while held, and releasing it lets another node start at once', async () => {
    // Held past its 2 s TTL: renewed every 0.67 s.
    const first = await claim('instance.paper-exchange.main', 'laptop-a', 101, () => undefined, 2_000);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await holderOf('instance.paper-exchange.main')).toMatchObject({ node: 'laptop-a', pid: 101 });
    await first.release();
    expect(await holderOf('instance.paper-exchange.main')).toBeNull();
    await claim('instance.paper-exchange.main', 'laptop-b', 202);
    expect(await holderOf('instance.paper-exchange.main')).toMatchObject({ node: 'laptop-b', pid: 202 });
  });

  it("a crashed holder's claim (never renewed) ends after its TTL, then another node gets it", async () => {
    // What a SIGKILLed process leaves: its last write, with a TTL of 1 s.
    await jetstream(nc).publish(`$KV.${BUCKET}.instance.risk.x`, JSON.stringify({ node: 'laptop-a', pid: 9, since: Date.now() }), { ttl: '1s' });
    await expect(claim('instance.risk.x', 'laptop-b', 202)).rejects.toBeInstanceOf(InstanceClaimedError);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const got = await claim('instance.risk.x', 'laptop-b', 202).catch((e: unknown) => e);
      if (got instanceof InstanceClaim) break;
      expect(got).toBeInstanceOf(InstanceClaimedError);
      if (Date.now() > deadline) throw new Error('the crashed claim never ended');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await holderOf('instance.risk.x')).toMatchObject({ node: 'laptop-b', pid: 202 });
  });

  it('needs a bucket whose keys can expire', async () => {
    await new Kvm(nc).create('no-ttl-claims');
    await expect(InstanceClaim.acquire({ nc, bucket: 'no-ttl-claims', key: 'instance.a.b', node: 'n', pid: 1, ttlMs: 3_000, onLost: () => undefined })).rejects.toThrow(
      'InstanceClaim instance.a.b: bucket no-ttl-claims was not created with markerTTL, so a claim cannot expire',
    );
  });
});

describe('InstanceClaim renewal after a lost acknowledgement', () => {
  it('keeps the claim when its own renewal landed but the holder never heard back', async () => {
    const lost: string[] = [];
    await claim('instance.indicators.main', 'laptop-a', 101, (why) => lost.push(why), 3_000);
    const kv = await new Kvm(nc).open(BUCKET);
    const before = await kv.get('instance.indicators.main');
    // What the server stored for a renewal whose PubAck was lost: the holder's own value, a newer revision.
    await jetstream(nc).publish(`$KV.${BUCKET}.instance.indicators.main`, JSON.stringify(before?.json()), { ttl: '3s' });
    await new Promise((r) => setTimeout(r, 3_500));
    expect(lost).toEqual([]);
    expect(await holderOf('instance.indicators.main')).toMatchObject({ node: 'laptop-a', pid: 101 });
  });
});

describe('InstanceClaim cut off from the cluster', () => {
  it('gives the claim up before its TTL ends on the server, so another node never overlaps with it', async () => {
    const own = await connect({ servers: server.url });
    const lost: Array<{ why: string; at: number }> = [];
    const started = Date.now();
    await InstanceClaim.acquire({ nc: own, bucket: BUCKET, key: 'instance.cut.main', node: 'laptop-a', pid: 1, ttlMs: 5_000, onLost: (why) => lost.push({ why, at: Date.now() }) });
    const acquired = Date.now();
    await own.close();
    const deadline = Date.now() + 8_000;
    while (lost.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(lost.map((l) => l.why)).toEqual(['the claim instance.cut.main could not be renewed before it expired']);
    // Given up a tenth of the TTL early (4.5 s after its write), before the server's 5 s end it, and
    // not at the first failed renewal (1.7 s): timers may fire a millisecond early, hence 4 s.
    expect(lost[0].at - started).toBeGreaterThanOrEqual(4_000);
    expect(lost[0].at - acquired).toBeLessThan(5_000);
  });
});
