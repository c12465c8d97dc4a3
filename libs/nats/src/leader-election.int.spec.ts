import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm, type KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { LeaderElection } from './leader-election';
import { fencedGet, fencedPut, StaleFencingTokenError } from './leader-fencing';

jest.setTimeout(30_000);

const BUCKET = 'leases-test';
let server: NatsServerHandle;
let admin: NatsConnection;
let resources: KV;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startNatsServer();
  admin = await connect({ servers: server.url });
  await new Kvm(admin).create(BUCKET, { markerTTL: 1000, history: 1 });
  resources = await new Kvm(admin).create('fenced-resources');
});

afterEach(async () => {
  // Elections first (they may still release leases), then their connections.
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

afterAll(async () => {
  await admin?.close();
  await server?.stop();
});

interface Candidate {
  election: LeaderElection;
  nc: NatsConnection;
  elected: number[];
  lost: { reason: string; at: number }[];
}

/** `n` candidates for `key`, each on its own connection, as separate processes would be. */
async function startCandidates(key: string, n: number, ttlMs: number): Promise<Candidate[]> {
  const made = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const nc = await connect({ servers: server.url });
      cleanups.push(() => nc.close());
      const election = new LeaderElection({ nc, bucket: BUCKET, key, holder: `${key}.${i + 1}`, ttlMs });
      cleanups.push(() => election.stop());
      const c: Candidate = { election, nc, elected: [], lost: [] };
      election.on('elected', (token) => c.elected.push(token));
      election.on('lost', (reason) => c.lost.push({ reason, at: Date.now() }));
      return c;
    }),
  );
  await Promise.all(made.map((c) => c.election.start()));
  return made;
}

function nextElected(cands: Candidate[], timeoutMs: number): Promise<{ who: Candidate; token: number; at: number }> {
  return new Promise((resolve, reject) => {
    const listeners = cands.map((who) => (token: number) => done({ who, token, at: Date.now() }));
    const timer = setTimeout(() => done(new Error(`no leader elected within ${timeoutMs} ms`)), timeoutMs);
    const done = (r: { who: Candidate; token: number; at: number } | Error) => {
      clearTimeout(timer);
      cands.forEach((c, i) => c.election.off('elected', listeners[i]));
      if (r instanceof Error) reject(r);
      else resolve(r);
    };
    cands.forEach((c, i) => c.election.on('elected', listeners[i]));
  });
}

/** Samples every few ms who believes it leads; `stop()` returns the most leaders ever seen at once. */
function sampleLeaders(cands: Candidate[]) {
  let maxAtOnce = 0;
  const holders = new Set<string>();
  let samples = 0;
  const timer = setInterval(() => {
    const leading = cands.filter((c) => c.election.isLeader);
    maxAtOnce = Math.max(maxAtOnce, leading.length);
    leading.forEach((c) => holders.add(c.election.holder));
    samples++;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return { maxAtOnce, holders: [...holders], samples };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The one candidate that believes it leads, and its token; fails the test if there is none. */
function theLeader(cands: Candidate[]): { leader: Candidate; token: number } {
  const leading = cands.filter((c) => c.election.isLeader);
  const token = leading[0]?.election.token;
  if (leading.length !== 1 || token === undefined) throw new Error(`expected one leader, found ${leading.length}`);
  return { leader: leading[0], token };
}

it('three candidates: exactly one leader at every sample, kept across many renewals', async () => {
  const ttlMs = 1000;
  const cands = await startCandidates('stable', 3, ttlMs);
  await sleep(100); // the first create races are over within a few round trips
  const sampler = sampleLeaders(cands);
  let zeroLeaderSamples = 0;
  const zeroWatch = setInterval(() => {
    if (!cands.some((c) => c.election.isLeader)) zeroLeaderSamples++;
  }, 5);
  await sleep(2.5 * ttlMs);
  clearInterval(zeroWatch);
  const seen = sampler.stop();

  expect(seen.samples).toBeGreaterThan(200);
  expect(seen.maxAtOnce).toBe(1);
  expect(zeroLeaderSamples).toBe(0);
  const { leader, token } = theLeader(cands);
  expect(cands.map((c) => c.elected)).toEqual(cands.map((c) => (c === leader ? [token] : [])));
  expect(seen.holders).toEqual([leader.election.holder]);
  expect(cands.flatMap((c) => c.lost)).toEqual([]);

  // The lease was renewed (its revision moved on) while the term's fencing token stayed put.
  const lease = await (await new Kvm(admin).open(BUCKET)).get('stable');
  expect(lease?.json()).toMatchObject({ holder: leader.election.holder });
  expect(lease?.revision).toBeGreaterThan(token);
});

it('a crashed leader (no renewals, no release) is replaced within TTL + 1 s, and its stale token is fenced off', async () => {
  const ttlMs = 2000;
  const cands = await startCandidates('crash', 3, ttlMs);
  await sleep(100);
  const { leader: old, token: oldToken } = theLeader(cands);
  expect(oldToken).toBeGreaterThan(0);
  await fencedPut(resources, 'crash.cursor', 'old-1', oldToken);

  const others = cands.filter((c) => c !== old);
  const sampler = sampleLeaders(cands);
  const next = nextElected(others, ttlMs + 3000);
  const crashedAt = Date.now();
  await old.nc.close(); // the process is gone: it neither renews nor deletes its lease
  const { who, token, at } = await next;
  const seen = sampler.stop();

  const takeoverMs = at - crashedAt;
  expect(takeoverMs).toBeLessThanOrEqual(ttlMs + 1000);
  // Not before the lease expired: its last renewal was at most ttl/3 before the crash.
  expect(takeoverMs).toBeGreaterThanOrEqual(ttlMs - ttlMs / 3 - 100);
  expect(seen.maxAtOnce).toBe(1);
  expect(old.election.isLeader).toBe(false);
  expect(old.lost).toHaveLength(1);
  expect(old.lost[0].reason).toBe('lease could not be renewed before it expired');
  expect(old.lost[0].at).toBeLessThanOrEqual(at);
  expect(token).toBeGreaterThan(oldToken);
  expect(who.election.token).toBe(token);

  await fencedPut(resources, 'crash.cursor', 'new-1', token);
  // The old leader wakes up (say, after a long pause) and writes through another connection.
  const late = await fencedPut(resources, 'crash.cursor', 'old-2', oldToken).catch((e: unknown) => e);
  expect(late).toBeInstanceOf(StaleFencingTokenError);
  expect(late).toMatchObject({ key: 'crash.cursor', token: oldToken, highestToken: token });
  expect((await fencedGet(resources, 'crash.cursor'))?.value).toEqual({ token, value: 'new-1' });
  // The current leader keeps writing with its token.
  await fencedPut(resources, 'crash.cursor', 'new-2', token);
  expect((await fencedGet(resources, 'crash.cursor'))?.value).toEqual({ token, value: 'new-2' });
});

it('a graceful stop releases the lease and a follower takes over well under the TTL', async () => {
  const ttlMs = 2000;
  const cands = await startCandidates('handover', 3, ttlMs);
  await sleep(100);
  const { leader: old, token: oldToken } = theLeader(cands);
  const sampler = sampleLeaders(cands);
  const next = nextElected(cands.filter((c) => c !== old), ttlMs);
  const stoppedAt = Date.now();
  const { released } = await old.election.stop();
  const { who, token, at } = await next;
  await sleep(200);
  const seen = sampler.stop();

  expect(released).toBe(true);
  expect(at - stoppedAt).toBeLessThan(300);
  expect(seen.maxAtOnce).toBe(1);
  expect(seen.holders).toEqual([who.election.holder]);
  expect(old.lost.map((l) => l.reason)).toEqual(['stopped']);
  expect(old.election.isLeader).toBe(false);
  expect(old.election.token).toBeUndefined();
  expect(token).toBeGreaterThan(oldToken);
});

it('a leader whose lease was taken over behind its back steps down on its next renewal', async () => {
  const ttlMs = 2000;
  const [only] = await startCandidates('usurped', 1, ttlMs);
  await sleep(100);
  expect(only.election.isLeader).toBe(true);
  // An operator (or a bug) overwrites the lease: the leader's compare-and-set renewal must fail.
  const kv = await new Kvm(admin).open(BUCKET);
  const lostAt = new Promise<number>((r) => only.election.once('lost', () => r(Date.now())));
  const overwrittenAt = Date.now();
  await kv.put('usurped', JSON.stringify({ holder: 'someone-else', since: 0 }));
  const at = await lostAt;
  expect(only.election.isLeader).toBe(false);
  expect(only.lost[0].reason).toMatch(/^lease taken by someone-else at revision \d+$|^lease revision moved past \d+/);
  expect(at - overwrittenAt).toBeLessThan(ttlMs / 3 + 200);
});

it('refuses to run on a bucket without per-key TTL', async () => {
  await new Kvm(admin).create('no-ttl-leases');
  const election = new LeaderElection({ nc: admin, bucket: 'no-ttl-leases', key: 'x', holder: 'x.1', ttlMs: 1000 });
  await expect(election.start()).rejects.toThrow(
    'LeaderElection x: bucket no-ttl-leases was not created with markerTTL, so leases cannot expire per key',
  );
});

it('fencedPut refuses non-positive or fractional tokens and accepts repeated writes of one term', async () => {
  await expect(fencedPut(resources, 'tok', 1, 0)).rejects.toThrow('fenced write to tok: token must be a positive integer (a lease revision), got 0');
  await expect(fencedPut(resources, 'tok', 1, 2.5)).rejects.toThrow('got 2.5');
  await fencedPut(resources, 'tok', 'a', 7);
  await fencedPut(resources, 'tok', 'b', 7);
  await expect(fencedPut(resources, 'tok', 'c', 6)).rejects.toThrow('fenced write to tok refused: token 6 is older than the accepted token 7');
  expect((await fencedGet(resources, 'tok'))?.value).toEqual({ token: 7, value: 'b' });
});
