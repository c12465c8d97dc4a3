import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { Envelope } from '@helios/contracts';
import type { PublishAck } from '@helios/kernel';
import { startNatsCluster, type NatsClusterHandle, type NatsServerHandle } from '@helios/testing';
import { ensureTopology } from './ensure-topology';
import { Publisher, type PublishItem, type PublishRetry } from './publisher';
import { heliosTopology, type ManagedStream } from './topology';

// Measured ~11 s: cluster start ~2 s, publishing through the failover ~7-9 s. R3 placement can take
// up to ~20 s on a cold cluster and a SIGKILL failover 4-8 s, so 90 s bounds it with room to spare.
jest.setTimeout(90_000);

const TOTAL = 20_000;
const KILL_AFTER = 6_000;
const STREAM = 'ORDER';

let cluster: NatsClusterHandle | undefined;
const connections: NatsConnection[] = [];

afterAll(async () => {
  for (const nc of connections) await nc.close().catch(() => undefined);
  await cluster?.stop();
});

async function open(servers: string | string[], singleNode = false): Promise<NatsConnection> {
  const nc = await connect({
    servers,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 100,
    // Reading "from node X" must stay on node X: do not learn or switch to the other servers.
    ...(singleNode ? { ignoreClusterUpdates: true, reconnect: false } : {}),
  });
  connections.push(nc);
  return nc;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

interface NodeStreamState {
  messages: number;
  first_seq: number;
  last_seq: number;
}

/** The stream as stored on this one node (its replica), from its monitoring endpoint. */
async function localStreamState(server: NatsServerHandle): Promise<NodeStreamState | undefined> {
  const res = await fetch(`${server.monitorUrl}/jsz?streams=true`, { signal: AbortSignal.timeout(1000) });
  const body = (await res.json()) as {
    account_details?: { stream_detail?: { name: string; state: NodeStreamState }[] }[];
  };
  return body.account_details?.flatMap((a) => a.stream_detail ?? []).find((s) => s.name === STREAM)?.state;
}

/** Every message id by sequence, read with direct gets through a connection to this node only. */
async function readAllFrom(server: NatsServerHandle, lastSeq: number): Promise<Map<number, string>> {
  const nc = await open(server.url, true);
  const jsm = await jetstreamManager(nc);
  const ids = new Map<number, string>();
  let next = 1;
  while (next <= lastSeq) {
    // Queue subscribers local to the connected server answer first, so this replica answers.
    const batch = await jsm.direct.getBatch(STREAM, { seq: next, batch: 1000 });
    let got = 0;
    for await (const m of batch) {
      ids.set(m.seq, m.json<Envelope>().id);
      next = m.seq + 1;
      got++;
    }
    if (got === 0) throw new Error(`${server.name}: direct get from seq ${next} returned nothing (last_seq ${lastSeq})`);
  }
  await nc.close();
  return ids;
}

function fillEvent(i: number): Envelope {
  const id = `fill-${String(i).padStart(5, '0')}`;
  return { id, type: 'order.fill', v: 1, ts: 1_700_000_000_000 + i, src: 'failover-test', run: 'paper', payload: { n: i, qty: 1 + (i % 7) } };
}

async function streamLeader(jsm: JetStreamManager): Promise<string> {
  const leader = (await jsm.streams.info(STREAM)).cluster?.leader;
  if (!leader) throw new Error(`${STREAM} has no leader yet`);
  return leader;
}

it('publishes 20,000 events through a SIGKILL of the stream leader: every ack stored, once, on every node', async () => {
  const started = Date.now();
  const c = await startNatsCluster({ size: 3, syncAlways: true });
  cluster = c;
  const nc = await open(c.urls);

  const order = heliosTopology({ replicas: 3 }).streams.find((s) => s.name === STREAM) as ManagedStream & { kind: 'stream' };
  // Direct gets let the test read each replica through its own node; nothing else changes.
  const testOrder: ManagedStream = { ...order, config: { ...order.config, allow_direct: true } };
  await ensureTopology(nc, { replicas: 3, topology: { replicas: 3, streams: [testOrder] } });
  const jsm = await jetstreamManager(nc);
  const leaderName = await streamLeader(jsm);
  const victim = c.servers.find((s) => s.name === leaderName);
  if (!victim) throw new Error(`stream leader ${leaderName} is not one of ${c.servers.map((s) => s.name).join(', ')}`);

  const items: PublishItem[] = Array.from({ length: TOTAL }, (_, i) => ({ subject: `order.fill.acct-${i % 4}`, event: fillEvent(i) }));
  const retries: PublishRetry[] = [];
  const publisher = new Publisher(jetstream(nc), { attemptTimeoutMs: 2_000, deadlineMs: 45_000, onRetry: (r) => retries.push(r) });
  let finished = false;
  const publishing = publisher.publishMany(items, { maxInFlight: 128 }).finally(() => (finished = true));

  await waitUntil(`${KILL_AFTER} messages on ${victim.name}`, async () => ((await localStreamState(victim))?.messages ?? 0) >= KILL_AFTER, 30_000);
  expect(finished).toBe(false);
  await victim.kill('SIGKILL');
  await sleep(1_000);
  await victim.restart();

  const acks: PublishAck[] = await publishing;
  const publishedAt = Date.now();

  // The kill really hit the publisher, and a new leader took over.
  expect(retries.length).toBeGreaterThan(0);
  expect(await streamLeader(jsm)).toMatch(/^n[123]$/);

  expect(acks).toHaveLength(TOTAL);
  expect(acks.every((a) => a?.stream === STREAM && a.seq > 0)).toBe(true);
  // Different events were never acknowledged at the same sequence.
  expect(new Set(acks.map((a) => a.seq)).size).toBe(TOTAL);

  // Every replica catches up to the same state...
  const states = new Map<string, NodeStreamState>();
  await waitUntil(
    'all three replicas to hold the same complete stream',
    async () => {
      for (const s of c.servers) {
        const st = await localStreamState(s);
        if (!st) return false;
        states.set(s.name, st);
      }
      const all = [...states.values()];
      return all.every((st) => st.messages === TOTAL && st.last_seq === all[0].last_seq && st.first_seq === all[0].first_seq);
    },
    30_000,
  );
  const lastSeq = [...states.values()][0].last_seq;

  // ...and each node's copy holds every acknowledged event, at its acknowledged sequence, exactly once.
  const expectedIds = new Set(items.map((it) => it.event.id));
  let reference: [number, string][] | undefined;
  for (const server of c.servers) {
    const bySeq = await readAllFrom(server, lastSeq);
    expect(bySeq.size).toBe(TOTAL);
    const ids = [...bySeq.values()];
    expect(new Set(ids).size).toBe(TOTAL);
    expect(ids.every((id) => expectedIds.has(id))).toBe(true);
    const misplaced = acks.filter((a, i) => bySeq.get(a.seq) !== items[i].event.id).length;
    expect({ node: server.name, misplaced }).toEqual({ node: server.name, misplaced: 0 });
    const entries = [...bySeq.entries()].sort((a, b) => a[0] - b[0]);
    if (reference) expect(entries).toEqual(reference);
    else reference = entries;
  }

  process.stdout.write(
    `failover: ${retries.length} publish retries, ${acks.filter((a) => a.duplicate).length} duplicate acks, ` +
      `published in ${publishedAt - started} ms, whole test ${Date.now() - started} ms\n`,
  );
});
