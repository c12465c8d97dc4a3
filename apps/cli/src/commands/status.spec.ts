import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { examplePayload, KV_BUCKETS, type HeartbeatPayload } from '@helios/contracts';
import { ensureTopology } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { memoryIo } from '../io';
import { formatStatusTable, statusCommand, statusRows } from './status';
import { runCli } from '../cli';

const beat = (service: string, instance: string, extra: Partial<HeartbeatPayload> = {}): HeartbeatPayload => ({
  ...(examplePayload('system.heartbeat') as HeartbeatPayload),
  service,
  instance,
  ...extra,
});

describe('statusRows / formatStatusTable', () => {
  it('sorts by service and instance, marks a heartbeat older than 3 s as down, names the claim holder (else the node of the heartbeat), and aligns the table', () => {
    const rows = statusRows(
      [
        { payload: beat('portfolio', 'main', { pnl: -12.345, lagMsgs: 3, msgsInPerSec: 2, msgsOutPerSec: 4, node: 'laptop-old' }), atMs: 10_000 },
        { payload: beat('risk-gate', 'main', { node: 'laptop-c' }), atMs: 10_000 },
        { payload: beat('market-data', 'main', { status: 'healthy' }), atMs: 6_999 },
        { payload: beat('market-data', 'backup', { status: 'paused' }), atMs: 7_000 },
      ],
      10_000,
      new Map([
        ['portfolio/main', 'laptop-b'],
        ['market-data/main', 'laptop-a'],
      ]),
    );
    expect(rows.map((r) => [r.service, r.instance, r.node, r.status, r.ageMs])).toEqual([
      ['market-data', 'backup', null, 'paused', 3_000],
      ['market-data', 'main', 'laptop-a', 'down', 3_001],
      ['portfolio', 'main', 'laptop-b', 'healthy', 0],
      ['risk-gate', 'main', 'laptop-c', 'healthy', 0],
    ]);
    expect(formatStatusTable(rows).split('\n')).toEqual([
      'SERVICE      INSTANCE  NODE      STATUS   LAG   IN/s  OUT/s     P&L  HEARTBEAT',
      'market-data  backup    -         paused     0  120.5  118.0       -  3.0s ago',
      'market-data  main      laptop-a  down       0  120.5  118.0       -  3.0s ago',
      'portfolio    main      laptop-b  healthy    3    2.0    4.0  -12.35  0.0s ago',
      'risk-gate    main      laptop-c  healthy    0  120.5  118.0       -  0.0s ago',
      '',
    ]);
  });
});

// Against a real nats-server: heartbeats stored in the SYSTEM stream, read back by `helios status`.
describe('helios status', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureTopology(nc, { replicas: 1 });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('explains that NATS is not running', async () => {
    const io = memoryIo();
    expect(await runCli(['status', '--nats', 'nats://127.0.0.1:1'], io)).toBe(1);
    expect(io.stderr).toContain('helios status: cannot reach NATS at nats://127.0.0.1:1');
    expect(io.stderr).toContain('tools/up');
  });

  it('prints the last heartbeat of each instance, as JSON with --json; exit 0 only when all are healthy', async () => {
    const js = jetstream(nc);
    const publish = (p: HeartbeatPayload) => js.publish(`system.heartbeat.${p.service}.${p.instance}`, JSON.stringify({ id: `hb-${Math.random()}`, type: 'system.heartbeat', v: 1, ts: Date.now(), src: 'test', run: 'live', payload: p }));
    await publish(beat('portfolio', 'main', { status: 'warning', pnl: 1 }));
    await publish(beat('portfolio', 'main', { status: 'healthy', pnl: 42.5 }));
    await publish(beat('risk-gate', 'main', { status: 'healthy', lagMsgs: 7 }));
    // The portfolio's process claimed its instance on laptop-b (what the shell does at start).
    await (await new Kvm(nc).open(KV_BUCKETS.leases)).put('instance.portfolio.main', JSON.stringify({ node: 'laptop-b', pid: 42, since: 0 }));
    const io = memoryIo();
    expect(await statusCommand.run({ nats: server.url, json: true }, io)).toBe(0);
    const rows = JSON.parse(io.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r['service'], r['instance'], r['node'], r['status'], r['pnl'], r['lag']])).toEqual([
      ['portfolio', 'main', 'laptop-b', 'healthy', 42.5, 0],
      ['risk-gate', 'main', null, 'healthy', null, 7],
    ]);
    expect(rows.every((r) => (r['ageMs'] as number) < 3_000)).toBe(true);

    await publish(beat('order-engine', 'main', { status: 'error' }));
    const table = memoryIo();
    expect(await runCli(['status', '--nats', server.url], table)).toBe(1);
    expect(table.stdout.split('\n')[0]).toMatch(/^SERVICE\s+INSTANCE\s+NODE\s+STATUS/);
    expect(table.stdout).toMatch(/order-engine\s+main\s+-\s+error/);
    expect(table.stdout).toMatch(/portfolio\s+main\s+laptop-b\s+healthy/);
  });
});
