import { memoryIo } from '../io';
import { runCli } from '../cli';
import type { DemoStrategy } from '@helios/contracts';
import { runChaos } from './run-chaos';

jest.setTimeout(360_000);

const NO_LOSS = { candles: 0, strategyEvaluations: 0, intentsWithoutDecision: 0, approvalsWithoutOrder: 0, ordersWithoutAnswer: 0, ordersNotTerminal: 0, fillsWithoutPnl: 0 };

describe('chaos drill over the real service processes on a real nats-server', () => {
  it('SIGKILLs each service in turn mid-stream; after each restart nothing is duplicated or lost and the P&L equals the uninterrupted run', async () => {
    const victims = [
      'market-data/chaos',
      'indicators/chaos',
      'strategy-runner/sma-cross',
      'strategy-runner/mean-reversion',
      'risk-gate/chaos',
      'order-engine/chaos',
      'paper-exchange/chaos',
      'portfolio/chaos',
    ];
    const progress: string[] = [];
    // A faster sma-cross than the demo's 10/30, so that orders and fills happen between the kills.
    const strategies: DemoStrategy[] = [
      { id: 'sma-cross', template: 'sma-cross', params: { fast: 2, slow: 5 } },
      { id: 'mean-reversion', template: 'mean-reversion', params: {} },
    ];
    const r = await runChaos({ durationMs: 0, seed: 7, killEveryMs: 1_500, victims, strategies, progress: (l) => progress.push(l), stopped: () => false });

    expect(r.killLog.map((k) => k.victim)).toEqual(victims);
    // Each kill came while bars were flowing, after the previous one's restart.
    const atBars = r.killLog.map((k) => k.atBar);
    expect(atBars[0]).toBeGreaterThan(0);
    for (let i = 1; i < atBars.length; i++) expect(atBars[i]).toBeGreaterThan(atBars[i - 1]);
    expect(r.bars).toBeGreaterThanOrEqual(atBars[atBars.length - 1] + 10);

    expect(r.ordersSent).toBeGreaterThan(0);
    expect(r.duplicateOrders).toBe(0);
    expect(r.duplicateEvents).toBe(0);
    expect(r.lost).toEqual(NO_LOSS);
    expect(r.lostEvents).toBe(0);
    // Fills match the orders: each client order id has exactly the reference run's fills (qty, price, fee).
    expect(r.fills).toBeGreaterThan(0);
    expect(r.fillsMatchReference).toBe(true);
    expect(r.pnl).toBe(r.referencePnl);
    expect(r.pnlMatches).toBe(true);
    expect(r.runHash).toBe(r.referenceRunHash);
    expect(r.undecodable).toBe(0);
  });

  it('helios chaos --json: a short drill prints one JSON line with every field and exits 0', async () => {
    const io = memoryIo();
    const code = await runCli(['chaos', '--duration', '20', '--kill-every', '3', '--seed', '5', '--json'], io);
    expect({ code, err: io.stderr }).toEqual({ code: 0, err: '' });
    const lines = io.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.kills).toBeGreaterThanOrEqual(1);
    expect(r.kills).toBe(r.killLog.length);
    expect(r.maxRecoveryMs).toBe(Math.max(...r.killLog.map((k: { recoveryMs: number }) => k.recoveryMs)));
    expect(r.maxRecoveryMs).toBeGreaterThan(0);
    expect(r.ordersSent).toBeGreaterThan(0);
    expect(r.duplicateOrders).toBe(0);
    expect(r.lostEvents).toBe(0);
    expect(r.pnlMatches).toBe(true);
    expect(r.pnl).toBe(r.referencePnl);
    expect(r.runHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.referenceRunHash).toBe(r.runHash);
  });

  it('refuses a bad command line with exit code 2 before starting anything', async () => {
    const io = memoryIo();
    expect(await runCli(['chaos', '--json'], io)).toBe(2);
    expect(io.stderr).toContain('--duration');
  });
});
