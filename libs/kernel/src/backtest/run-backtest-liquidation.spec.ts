import type { HeliosEvent } from '@helios/contracts';
import { generateSyntheticOhlcv } from '@helios/domain-market-data';
import { strategyDecider } from '@helios/domain-strategy';
import { instantiateTemplate } from '@helios/strategy-dsl';
import { runBacktest } from './run-backtest';
import type { BacktestOptions } from './backtest-types';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const LIMIT_PCT = 1;

function options(risk?: BacktestOptions['risk']): BacktestOptions {
  const { spec } = instantiateTemplate('sma-cross', { params: { fast: 3, slow: 8 }, instruments: ['SYNTH'] });
  return {
    series: generateSyntheticOhlcv({ seed: 11, bars: 2_000, startTime: T0, timeframeMs: HOUR }),
    symbol: 'SYNTH',
    strategy: { id: 's1', decider: strategyDecider({ strategyId: 's1', spec }) },
    cash: 10_000,
    lotSize: 0.001,
    recordEvents: true,
    ...(risk === undefined ? {} : { risk }),
  };
}

const dayOf = (ts: number) => Math.floor(ts / DAY);

describe('runBacktest: a daily drawdown liquidation, through the whole pipeline', () => {
  it('flattens on a P&L event past the limit, sends no entry until the next UTC day, and changes the run', async () => {
    const plain = await runBacktest(options());
    const limited = await runBacktest(options({ strategies: { s1: { allocation: 1, initialEquity: 10_000, drawdown: { liquidateAtPct: LIMIT_PCT, window: 'day' } } } }));
    const events = limited.events as HeliosEvent[];
    const byId = new Map(events.map((e) => [e.id, e]));
    const liquidations = events.filter((e): e is HeliosEvent<'risk.approved'> => e.type === 'risk.approved' && byId.get(e.cause as string)?.type === 'pnl.update');
    expect(liquidations.length).toBeGreaterThan(0);
    expect(limited.runHash).not.toBe(plain.runHash);

    // The strategy's equity per P&L event, to check each liquidation against the day's peak independently.
    const pnl = events.filter((e): e is HeliosEvent<'pnl.update'> => e.type === 'pnl.update');
    for (const liquidation of liquidations) {
      expect(liquidation.payload.targets).toEqual([{ instrument: 'SYNTH', qty: 0, reason: expect.stringMatching(/^liquidation: strategy s1 drawdown \(since the UTC day began\) [\d.]+% reached 1%$/) }]);
      const cause = byId.get(liquidation.cause as string) as HeliosEvent<'pnl.update'>;
      const day = dayOf(cause.ts);
      // The day's peak: its opening equity (the last one before the day) and every equity of the day so far.
      const upTo = pnl.slice(0, pnl.indexOf(cause) + 1);
      const opening = upTo.filter((p) => dayOf(p.ts) < day).pop();
      const peak = Math.max(...upTo.filter((p) => dayOf(p.ts) === day).map((p) => p.payload.equity), opening?.payload.equity ?? -Infinity);
      expect(((peak - cause.payload.equity) / peak) * 100).toBeGreaterThanOrEqual(LIMIT_PCT);

      // Its order sells what the strategy held, and no buy follows until the day ends.
      const after = events.slice(events.indexOf(liquidation));
      const orders = after.filter((e): e is HeliosEvent<'order.new'> => e.type === 'order.new' && dayOf(e.ts) === day);
      expect(orders[0]?.payload).toMatchObject({ side: 'sell', qty: cause.payload.position });
      expect(orders.filter((o) => o.payload.side === 'buy')).toEqual([]);
    }
    // Entries refused meanwhile say why.
    const refusals = events.filter((e) => e.type === 'risk.rejected').flatMap((e) => (e as HeliosEvent<'risk.rejected'>).payload.reasons.map((r) => r.rule));
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals)).toEqual(new Set(['drawdownLiquidate']));
  });
});
