import { createEvent, eventId, type HeliosEvent, type OrderNewPayload } from '@helios/contracts';
import { step } from '@helios/domain-core';
import { createExchangeDecider } from '@helios/domain-exchange';
import { closedTrades, createPortfolioDecider, equityCurve, openPositions, summaryOf } from './index';
import { closeOf, expectValid, RUN, T0, MINUTE } from './portfolio.testing';

/**
 * The exchange and the portfolio wired the way the backtest driver runs them within a bar: the
 * exchange fills at the open, then the portfolio sees the fills and marks at the close.
 */
function candle(i: number, open: number, close: number): HeliosEvent<'md.candle'> {
  const openTime = T0 + i * MINUTE;
  const payload = {
    venue: 'sim',
    symbol: 'BTC-USDT',
    tf: '1m',
    openTime,
    closeTime: closeOf(i),
    open,
    high: Math.max(open, close),
    low: Math.min(open, close),
    close,
    volume: 1_000,
    closed: true,
  };
  return createEvent('md.candle', payload, { id: eventId('sim', 'BTC-USDT', '1m', openTime), ts: closeOf(i), src: 'market-data', run: RUN });
}

function order(i: number, id: string, fields: Pick<OrderNewPayload, 'side'> & ({ qty: number } | { quoteQty: number })): HeliosEvent<'order.new'> {
  const payload = { account: 'paper-1', clientOrderId: id, instrument: 'BTC-USDT', type: 'market', strategyId: 's1', ...fields } as OrderNewPayload;
  return createEvent('order.new', payload, { id: eventId('order', id), ts: closeOf(i), src: 'order-engine', run: RUN });
}

describe('exchange -> portfolio', () => {
  it('an all-in quote-sized buy leaves cash >= 0 after price and fee, and the round trip books one trade', () => {
    const exchange = createExchangeDecider({ instruments: { 'BTC-USDT': { lotSize: 0.001 } }, takerFeeBps: 10 });
    const portfolio = createPortfolioDecider({ initialCapital: { s1: 1_000 } });
    let xs = exchange.initialState();
    let ps = portfolio.initialState();
    const emitted: HeliosEvent[] = [];
    const toBoth = (e: HeliosEvent<'order.new'> | HeliosEvent<'md.candle'>) => {
      const x = step(exchange, xs, e);
      xs = x.state;
      for (const out of x.outputs) {
        emitted.push(out);
        if (out.type === 'order.fill') {
          const p = step(portfolio, ps, out);
          ps = p.state;
          emitted.push(...p.outputs);
        }
      }
      const p = step(portfolio, ps, e);
      ps = p.state;
      emitted.push(...p.outputs);
    };
    toBoth(candle(0, 100, 100));
    toBoth(order(0, 'buy', { side: 'buy', quoteQty: summaryOf(ps, 's1').cash }));
    toBoth(candle(1, 123.45, 130));
    // 1000 / (123.45 x 1.001) = 8.0925... -> 8.092; cost 8.092 x 123.45 = 998.9574, fee 0.9989574.
    expect(openPositions(ps)).toEqual([expect.objectContaining({ qty: 8.092, avgPrice: 123.45, mark: 130 })]);
    const cash = summaryOf(ps, 's1').cash;
    expect(cash).toBeGreaterThanOrEqual(0);
    expect(cash).toBeCloseTo(1_000 - 998.9574 - 0.9989574, 9);
    toBoth(order(1, 'sell', { side: 'sell', qty: 8.092 }));
    toBoth(candle(2, 126, 127));
    expectValid(emitted);
    expect(openPositions(ps)).toEqual([]);
    const [trade] = closedTrades(ps, 's1');
    // (126 - 123.45) x 8.092 = 20.6346 gross; fees 0.9989574 + 8.092 x 126 x 0.001 = 2.0185494.
    expect(trade).toEqual(expect.objectContaining({ qty: 8.092, entryPrice: 123.45, exitPrice: 126, entryTs: closeOf(1), exitTs: closeOf(2) }));
    expect(trade.pnl).toBeCloseTo(20.6346 - 2.0185494, 9);
    expect(Array.from(equityCurve(ps, 's1').equity)).toEqual([1_000, expect.closeTo(cash + 8.092 * 130, 9), expect.closeTo(1_000 + trade.pnl, 9)]);
  });
});
