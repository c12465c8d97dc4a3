import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
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
