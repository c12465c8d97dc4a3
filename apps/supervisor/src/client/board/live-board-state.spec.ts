import type { ServiceBeat } from '../../shared/live';
import { emptyBoardState, foldBoardUpdates } from './live-board-state';

const beat = (instance: string, receivedAt: number): ServiceBeat => ({
  service: 'strategy-runner',
  instance,
  receivedAt,
  heartbeat: { service: 'strategy-runner', instance, status: 'healthy', lagMsgs: 0, msgsInPerSec: 0, msgsOutPerSec: 0, startedAt: 0 },
});

describe('foldBoardUpdates', () => {
  it('keeps the latest heartbeat per instance, the latest flows and halt, and merges P&L by strategy', () => {
    let s = emptyBoardState();
    expect(s.received).toBe(false);
    s = foldBoardUpdates(s, [
      { kind: 'heartbeat', beat: beat('a', 1) },
      { kind: 'heartbeat', beat: beat('b', 1) },
      { kind: 'pnl', strategies: [{ strategyId: 'a', realized: 1, unrealized: 0, total: 1, ts: 1 }, { strategyId: 'b', realized: 2, unrealized: 0, total: 2, ts: 1 }], global: { total: 3, ts: 1 } },
    ]);
    s = foldBoardUpdates(s, [
      { kind: 'heartbeat', beat: beat('a', 2) },
      { kind: 'flows', rates: [{ family: 'md.candle', perSec: 1 }] },
      { kind: 'pnl', strategies: [{ strategyId: 'a', realized: 5, unrealized: 0, total: 5, ts: 2 }] },
      { kind: 'halt', halt: { halted: true, reason: 'drill' } },
    ]);
    expect(s.received).toBe(true);
    expect([...s.beats.values()].map((b) => [b.instance, b.receivedAt])).toEqual([['a', 2], ['b', 1]]);
    expect(s.flows).toEqual([{ family: 'md.candle', perSec: 1 }]);
    expect(s.pnl.strategies.map((p) => [p.strategyId, p.total])).toEqual([['a', 5], ['b', 2]]);
    expect(s.pnl.global?.total).toBe(3);
    expect(s.halt).toEqual({ halted: true, reason: 'drill' });
  });

  it('counts as received only once a heartbeat came (halt or P&L alone would draw every node red)', () => {
    const s = foldBoardUpdates(emptyBoardState(), [{ kind: 'halt', halt: { halted: true } }, { kind: 'flows', rates: [] }]);
    expect(s.received).toBe(false);
    expect(s.halt?.halted).toBe(true);
    expect(foldBoardUpdates(s, [{ kind: 'heartbeat', beat: beat('a', 1) }]).received).toBe(true);
  });

  it('returns the same state object when nothing arrived (no re-render)', () => {
    const s = emptyBoardState();
    expect(foldBoardUpdates(s, [])).toBe(s);
  });
});
