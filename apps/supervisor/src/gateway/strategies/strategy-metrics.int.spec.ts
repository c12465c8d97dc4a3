import { createEvent, subjects } from '@helios/contracts';
import { waitFor } from '@helios/testing-services';
import { startTestGateway, type TestGateway } from '../../../spec-support/test-gateway';
import { LiveStrategyMetrics } from './live-strategy-metrics';

jest.setTimeout(90_000);

const T0 = 1_704_067_200_000;
const MIN = 60_000;
/** The equity points' spacing: the Sharpe ratio shows once the curve covers a day (MIN_SHARPE_SPAN_MS). */
const STEP = 12 * 3_600_000;
let n = 0;
const meta = (ts: number) => ({ id: `m-${++n}`, ts, src: 'spec', run: 'live' });

/** Sharpe of an equity curve on points STEP apart, by hand (as strategy-metrics-fold.spec.ts): sd with n - 1. */
function sharpeOf(equity: number[]): number {
  const r = equity.slice(1).map((e, i) => e / equity[i] - 1);
  const mean = r.reduce((a, x) => a + x, 0) / r.length;
  const sd = Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
  return (mean / sd) * Math.sqrt((365.25 * 86_400_000) / STEP);
}

// The strategy's own events in the real streams -> GET /strategies(/:id/metrics), read incrementally.
describe('supervisor gateway: live strategy metrics', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
    await t.fx.config.put('strategy.m1', JSON.stringify({ id: 'm1', template: 'sma-cross', params: { fast: 5, slow: 20 }, instruments: ['BTC-PERP'], timeframe: '1m' }));
  });
  afterAll(async () => t?.stop());

  const trade = async (side: 'buy' | 'sell', qty: number, price: number, ts: number) => {
    const clientOrderId = `o-${++n}`;
    await t.fx.publisher.publish(subjects.order('new', 'paper'), createEvent('order.new', { account: 'paper', clientOrderId, instrument: 'BTC-PERP', side, type: 'market', qty, strategyId: 'm1' }, meta(ts)));
    await t.fx.publisher.publish(
      subjects.order('fill', 'paper'),
      createEvent('order.fill', { account: 'paper', clientOrderId, fillId: `${clientOrderId}-f`, instrument: 'BTC-PERP', side, qty, price, fee: 0.5, liquidity: 'taker', remainingQty: 0, strategyId: 'm1' }, meta(ts)),
    );
  };
  const equity = (value: number, ts: number) =>
    t.fx.publisher.publish(subjects.pnlUpdate('m1'), createEvent('pnl.update', { strategyId: 'm1', position: 0, avgPrice: 0, realized: 0, unrealized: 0, equity: value, fees: 0 }, meta(ts)));
  const metrics = async () => ((await (await t.api('/api/v1/strategies/m1/metrics')).json()) as { metrics: Record<string, number | null> }).metrics;

  it('reports round trips net of fees, win rate and drawdown, and picks up what is published later', async () => {
    await trade('buy', 1, 100, T0);
    await trade('sell', 1, 110, T0 + MIN); // +10 - 1 fee
    for (const [i, e] of [1000, 1009, 990].entries()) await equity(e, T0 + i * STEP);
    expect(await metrics()).toEqual({ trades: 1, winRate: 100, sharpe: expect.closeTo(sharpeOf([1000, 1009, 990]), 8), maxDrawdownPct: expect.closeTo((990 / 1009 - 1) * 100, 10) });

    await trade('buy', 1, 100, T0 + 3 * MIN);
    await trade('sell', 1, 100.5, T0 + 4 * MIN); // +0.5 - 1 fee: a loss
    await equity(900, T0 + 3 * STEP);
    const later = await metrics();
    expect(later).toEqual({ trades: 2, winRate: 50, sharpe: expect.closeTo(sharpeOf([1000, 1009, 990, 900]), 8), maxDrawdownPct: expect.closeTo((900 / 1009 - 1) * 100, 10) });
    const list = (await (await t.api('/api/v1/strategies')).json()) as Array<{ id: string; metrics: unknown }>;
    expect(list.find((s) => s.id === 'm1')?.metrics).toEqual(later);
  });

  it('catches up with the streams when it starts (warmUp), before any request asks', async () => {
    const last = async (stream: string) => (await t.fx.jsm.streams.info(stream)).state.last_seq;
    const want = { ORDER: await last('ORDER'), PNL: await last('PNL') };
    expect(want.ORDER).toBeGreaterThan(0);
    expect(want.PNL).toBeGreaterThan(0);
    const fresh = new LiveStrategyMetrics(t.fx.js, t.fx.jsm);
    expect(fresh.folded()).toEqual({ ORDER: 0, PNL: 0 });
    const errors: unknown[] = [];
    fresh.warmUp((err) => errors.push(err));
    await waitFor('the fold to reach the streams\' last sequences', () => JSON.stringify(fresh.folded()) === JSON.stringify(want));
    expect(fresh.folded()).toEqual(want);
    expect(errors).toEqual([]);
    // What it folded is what a request reads: the same metrics as the gateway's.
    expect((await fresh.metricsOf(['m1'])).get('m1')).toEqual(await metrics());
  });
});
