import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, subjects } from '@helios/contracts';
import { startNatsServer } from '@helios/testing';
import { candle, openFixture, waitFor, type NatsFixture } from '../../spec-support/nats-fixture';
import { toyService, type ToyConfig, type ToyState } from '../../spec-support/toy-decider';
import { createService, type ServiceHandle } from './create-service';

jest.setTimeout(30_000);

let fx: NatsFixture;
const running: Array<ServiceHandle<ToyState, ToyConfig>> = [];
const SYMBOL = 'CLAIM-USDT';

beforeAll(async () => {
  fx = await openFixture(await startNatsServer());
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop().catch(() => undefined)));
  await fx?.stop();
});

/** The same service instance (`toy-claim/main`) as a process of `node` would run it. */
async function startOn(node: string, onClaimLost?: (why: string) => void): Promise<ServiceHandle<ToyState, ToyConfig>> {
  const service = await createService(toyService(fx.url, 'toy-claim', SYMBOL, { instanceClaim: { node, ttlMs: 3_000 }, onClaimLost }));
  running.push(service);
  return service;
}

async function claimHolder(): Promise<unknown> {
  const entry = await (await new Kvm(fx.nc).open(KV_BUCKETS.leases)).get('instance.toy-claim.main');
  return entry?.operation === 'PUT' ? entry.json() : null;
}

describe('one process per service instance (the instance claim)', () => {
  it("refuses the instance on a second laptop, lets the same laptop's restart take over (the old process stops without a snapshot), and frees it on stop", async () => {
    const a = await startOn('laptop-a');
    expect(a.phase).toBe('live');
    expect(await claimHolder()).toMatchObject({ node: 'laptop-a', pid: process.pid });

    await expect(startOn('laptop-b')).rejects.toThrow(
      /^instance\.toy-claim\.main is held by node laptop-a \(pid \d+, since [^)]+\): one process per service instance in the whole system; this one can start once that process stops$/,
    );

    // The first process has applied a candle, so its final snapshot would hold state.
    await fx.publisher.publish(subjects.candle('binance', SYMBOL, '1m'), candle(1, { symbol: SYMBOL }));
    await waitFor('the candle applied', () => (a.stats.eventsIn === 1 ? true : undefined));
    const snapshotBefore = await (await new Kvm(fx.nc).open(KV_BUCKETS.snapshots)).get('toy-claim.main');

    const restarted = await startOn('laptop-a');
    expect(restarted.phase).toBe('live');
    await waitFor('the first process to lose its claim and stop', () => (a.phase === 'stopped' ? true : undefined), 10_000);
    expect(a.claimLost).toBe('the claim instance.toy-claim.main was taken or ended meanwhile');
    expect(restarted.claimLost).toBeUndefined();
    const snapshotAfter = await (await new Kvm(fx.nc).open(KV_BUCKETS.snapshots)).get('toy-claim.main');
    expect(snapshotAfter?.revision).toBe(snapshotBefore?.revision);

    await restarted.stop();
    expect(await claimHolder()).toBeNull();
    const b = await startOn('laptop-b');
    expect(b.phase).toBe('live');
    expect(await claimHolder()).toMatchObject({ node: 'laptop-b' });
    await b.stop();
  });

  it('calls onClaimLost after the service stopped (a process exits 1 there)', async () => {
    const calls: string[] = [];
    const first = await startOn('laptop-c', (why) => calls.push(`${why} / ${first.phase}`));
    await startOn('laptop-c');
    await waitFor('onClaimLost', () => (calls.length > 0 ? true : undefined), 10_000);
    expect(calls).toEqual(['the claim instance.toy-claim.main was taken or ended meanwhile / stopped']);
  });
});
