import type { LiveBatch, LiveUpdate, OrderRow } from '../../shared/live';
import { LiveConnection } from './live-connection';

const order = (n: number): LiveUpdate => ({
  kind: 'order',
  order: { clientOrderId: `o-${n}`, instrument: 'BTC-PERP', side: 'buy', state: 'new', filledQty: 0, updatedAt: n, eventTs: n } as OrderRow,
});

function setup(maxQueued = 3) {
  const sent: LiveBatch[] = [];
  const sink = { bufferedAmount: 0, send: (d: string) => void sent.push(JSON.parse(d) as LiveBatch) };
  const conn = new LiveConnection(sink, { intervalMs: 100, maxBufferedBytes: 1_000, maxQueued }, () => 42);
  return { sent, sink, conn };
}

describe('LiveConnection', () => {
  it('keeps only the newest pending value per heartbeat instance and drops topics not subscribed', () => {
    const { sent, conn } = setup();
    conn.subscribe(['heartbeats']);
    for (const lag of [1, 2, 3]) conn.push({ kind: 'heartbeat', beat: { service: 's', instance: 'a', receivedAt: lag, heartbeat: { lagMsgs: lag } as never } });
    conn.push({ kind: 'heartbeat', beat: { service: 's', instance: 'b', receivedAt: 9, heartbeat: { lagMsgs: 9 } as never } });
    conn.push(order(1));
    expect(conn.flush()).toBe(true);
    expect(sent).toHaveLength(1);
    expect(sent[0].updates.map((u) => (u.kind === 'heartbeat' ? `${u.beat.instance}:${u.beat.receivedAt}` : u.kind))).toEqual(['a:3', 'b:9']);
    expect(conn.flush()).toBe(false); // nothing pending: no empty frame
  });

  it('sheds the oldest queued orders beyond the cap and skips a seq number to show it', () => {
    const { sent, conn } = setup(3);
    conn.subscribe(['orders']);
    conn.push(order(1));
    conn.flush();
    for (let n = 2; n <= 7; n++) conn.push(order(n));
    conn.flush();
    conn.push(order(8));
    conn.flush();
    expect(sent.map((b) => b.seq)).toEqual([1, 3, 4]);
    expect(sent[1].updates.map((u) => (u.kind === 'order' ? u.order.clientOrderId : ''))).toEqual(['o-5', 'o-6', 'o-7']);
  });

  it('skips flushes while the socket is backed up, then sends what accumulated', () => {
    const { sent, sink, conn } = setup();
    conn.subscribe(['pnl']);
    sink.bufferedAmount = 5_000;
    conn.push({ kind: 'pnl', strategies: [{ strategyId: 'x', realized: 1, unrealized: 0, total: 1, ts: 1 }] });
    expect(conn.flush()).toBe(false);
    conn.push({ kind: 'pnl', strategies: [{ strategyId: 'x', realized: 2, unrealized: 0, total: 2, ts: 2 }] });
    expect(conn.skippedFlushes).toBe(1);
    sink.bufferedAmount = 0;
    expect(conn.flush()).toBe(true);
    expect(sent).toEqual([{ type: 'batch', seq: 1, at: 42, updates: [{ kind: 'pnl', strategies: [{ strategyId: 'x', realized: 2, unrealized: 0, total: 2, ts: 2 }] }] }]);
  });
});
