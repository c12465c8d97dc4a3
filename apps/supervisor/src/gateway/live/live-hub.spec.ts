import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createEvent, type HeliosEvent } from '@helios/contracts';
import { LiveConnection } from './live-connection';
import { LiveHub } from './live-hub';

// The hub's connection bookkeeping needs no NATS: only start() touches the connection.
describe('LiveHub log tails', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'helios-hub-'));
    mkdirSync(join(home, 'logs'));
    writeFileSync(join(home, 'logs', 'svc-main.log'), '{"level":30,"time":1,"msg":"hello"}\n');
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('keeps one tail per service while any connection watches it, and releases it once per connection', async () => {
    const hub = new LiveHub({} as never, {} as never, {} as never, {} as never, home, pino({ level: 'silent' }), () => 2);
    const conn = () => {
      const c = new LiveConnection({ bufferedAmount: 0, send: () => undefined }, { intervalMs: 100, maxBufferedBytes: 1_000, maxQueued: 10 }, () => 2);
      hub.attach(c);
      return c;
    };
    const tails = (hub as unknown as { tails: Map<string, { users: number }> }).tails;
    const a = conn();
    const b = conn();
    expect(hub.subscribe(a, ['logs:svc'])).toEqual([{ kind: 'log', line: { service: 'svc', instance: 'main', ts: 1, level: 'info', msg: 'hello' } }]);
    hub.subscribe(b, ['logs:svc', 'halt']);
    expect(tails.get('svc')?.users).toBe(2);
    // A socket error is followed by its close: both detach the same connection.
    hub.detach(a);
    hub.detach(a);
    expect(tails.get('svc')?.users).toBe(1);
    hub.subscribe(b, ['halt']);
    expect(tails.has('svc')).toBe(false);
    await hub.stop();
  });
});

describe('LiveHub P&L history', () => {
  it('sends a pnl subscriber every strategy\'s P&L points since it started, oldest first, then the current figures', async () => {
    const hub = new LiveHub({} as never, {} as never, {} as never, {} as never, tmpdir(), pino({ level: 'silent' }), () => 2);
    const onEvent = (e: HeliosEvent) => (hub as unknown as { onEvent(e: HeliosEvent, at: number): void }).onEvent(e, e.ts);
    let n = 0;
    const update = (strategyId: string, instrument: string, realized: number, unrealized: number, ts: number) =>
      onEvent(createEvent('pnl.update', { strategyId, instrument, position: 1, avgPrice: 100, realized, unrealized, equity: 1000, fees: 0 }, { id: `p${++n}`, ts, src: 'portfolio', run: 'live' }));
    update('a', 'BTC', 0, 5, 1000);
    update('b', 'BTC', 1, 0, 1000);
    update('a', 'ETH', 0, 2, 2000); // a's total sums its instruments: 0 + 5 + 2
    update('a', 'BTC', 0, 6, 2000); // the same event time: replaces a's point at 2000
    update('a', 'BTC', 3, 0, 1500); // arrives late: a's figures take it (as the cards do), at a's newest time
    update('b', 'BTC', 1, 4, 3000);
    update('c', 'BTC', 7, 0, 2500);
    update('c', 'BTC', 9, 0, 1200); // older than c's last point: the history keeps time order and drops it
    const conn = new LiveConnection({ bufferedAmount: 0, send: () => undefined }, { intervalMs: 100, maxBufferedBytes: 1_000, maxQueued: 10 }, () => 2);
    hub.attach(conn);
    const snapshot = hub.subscribe(conn, ['pnl']);
    const point = (strategyId: string, realized: number, unrealized: number, ts: number) => ({ strategyId, realized, unrealized, total: realized + unrealized, ts });
    expect(snapshot).toEqual([
      // One point per strategy and event time, the last figures at that time winning; the last point is the card's figure.
      { kind: 'pnlHistory', points: [point('a', 0, 5, 1000), point('b', 1, 0, 1000), point('a', 3, 2, 2000), point('c', 7, 0, 2500), point('b', 1, 4, 3000)] },
      { kind: 'pnl', strategies: [point('a', 3, 2, 2000), point('b', 1, 4, 3000), point('c', 9, 0, 1200)] },
    ]);
    await hub.stop();
  });
});

