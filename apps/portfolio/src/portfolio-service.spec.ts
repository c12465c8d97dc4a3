import { step } from '@helios/domain-core';
import { createEvent, eventId, PortfolioConfigSchema, type HeliosEvent } from '@helios/contracts';
import { resolveServiceConfig } from '@helios/nest';
import { DEFAULT_PORTFOLIO_CONFIG } from './portfolio-config';
import { portfolioPnl, portfolioService, portfolioServiceDecider } from './portfolio-service';

const T0 = 1_704_067_200_000;

function bar(i: number, close: number): HeliosEvent<'md.candle'> {
  const openTime = T0 + i * 60_000;
  return createEvent(
    'md.candle',
    { venue: 'paper', symbol: 'BTC-USDT', tf: '1m', openTime, closeTime: openTime + 59_999, open: close, high: close, low: close, close, volume: 1, closed: true },
    { id: eventId('paper', 'BTC-USDT', '1m', openTime), ts: openTime + 59_999, src: 'md', run: 'paper' },
  );
}

function fill(side: 'buy' | 'sell', qty: number, price: number, fee: number, n: number): HeliosEvent<'order.fill'> {
  return createEvent(
    'order.fill',
    { account: 'paper', clientOrderId: `o-${n}`, fillId: `f-${n}`, instrument: 'BTC-USDT', side, qty, price, fee, liquidity: 'taker', remainingQty: 0, strategyId: 'sma-cross' },
    { id: eventId('fill', n), ts: T0 + n * 60_000, src: 'paper-exchange', run: 'paper' },
  );
}

describe('the portfolio service', () => {
  it('reads fills, the order events that name their strategy, and candles', () => {
    expect(portfolioService.inputs).toEqual(['order.fill', 'order.new', 'order.reject', 'order.cancel', 'md.candle']);
    expect(portfolioService.name).toBe('portfolio');
  });

  it('emits P&L on every closed bar and reports realized - fees + unrealized in its heartbeat', () => {
    const d = portfolioServiceDecider(resolveServiceConfig(PortfolioConfigSchema, DEFAULT_PORTFOLIO_CONFIG, undefined, 'test'));
    let state = d.initialState();
    const outputs: HeliosEvent[] = [];
    for (const e of [fill('buy', 2, 100, 1, 1), bar(1, 110), fill('sell', 1, 120, 0.5, 2), bar(2, 90)]) {
      const r = step(d, state, e as never);
      state = r.state;
      outputs.push(...r.outputs);
    }
    // Each fill: pnl.update + pnl.global; each bar with an open position: pnl.update + pnl.global.
    expect(outputs.map((o) => o.type)).toEqual(['pnl.update', 'pnl.global', 'pnl.update', 'pnl.global', 'pnl.update', 'pnl.global', 'pnl.update', 'pnl.global']);
    // Realized 1 x (120 - 100) = 20; fees 1.5; unrealized 1 x (90 - 100) = -10.
    expect(portfolioPnl(state)).toBe(20 - 1.5 - 10);
    const last = outputs.at(-1) as HeliosEvent<'pnl.global'>;
    expect(last.payload.equity - 10_000).toBe(portfolioPnl(state));
  });

  it('validates its configuration against the schema', () => {
    expect(resolveServiceConfig(PortfolioConfigSchema, DEFAULT_PORTFOLIO_CONFIG, { initialCapital: { 'sma-cross': 5_000 } }, 'portfolio')).toEqual({
      defaultCapital: 10_000,
      recordCurve: false,
      initialCapital: { 'sma-cross': 5_000 },
    });
    expect(() => resolveServiceConfig(PortfolioConfigSchema, DEFAULT_PORTFOLIO_CONFIG, { initialCapital: { 'sma-cross': -1 } }, 'portfolio')).toThrow(
      /portfolio: invalid configuration: \/initialCapital\/sma-cross: must be >= 0/,
    );
    expect(() => resolveServiceConfig(PortfolioConfigSchema, DEFAULT_PORTFOLIO_CONFIG, { emitEveryBar: 'no' }, 'portfolio')).toThrow(/\/emitEveryBar: must be boolean/);
    expect(() => resolveServiceConfig(PortfolioConfigSchema, DEFAULT_PORTFOLIO_CONFIG, { emitEvery: false }, 'portfolio')).toThrow(/\/emitEvery: is not an allowed property/);
  });

  it('emits P&L on every bar unless the configuration turns it off (a replay of a backtest)', () => {
    const candle = createEvent(
      'md.candle',
      { venue: 'v', symbol: 'BTC', tf: '1h', openTime: 0, closeTime: 3_600_000, open: 1, high: 1, low: 1, close: 1, volume: 1, closed: true },
      { id: eventId('v', 'BTC', '1h', 0), ts: 3_600_000, src: 'market-data', run: 'paper' },
    );
    const fill = { initialCapital: { s: 100 } };
    const paper = portfolioServiceDecider({ ...DEFAULT_PORTFOLIO_CONFIG, ...fill });
    const replay = portfolioServiceDecider({ ...DEFAULT_PORTFOLIO_CONFIG, ...fill, emitEveryBar: false });
    expect(paper.decide(paper.initialState(), candle).map((e) => e.type)).toEqual(['pnl.global']);
    expect(replay.decide(replay.initialState(), candle)).toEqual([]);
  });
});
