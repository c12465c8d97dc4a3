import { createEvent, eventId, type HeliosEvent } from '@helios/contracts';
import { step } from '@helios/domain-core';
import { createRiskDecider, RISK_INPUT_TYPES, type RiskInput } from '@helios/domain-risk';
import { createOrdersDecider, ORDERS_INPUT_TYPES, type OrdersInput } from './orders-decider';
import { ACCOUNT, candle, expectAllValid, fill, halt, RUN, T0 } from './orders-events.testing';

function intent(weight: number, ts: number): HeliosEvent<'strategy.intent'> {
  return createEvent(
    'strategy.intent',
    { strategyId: 'sma', targets: [{ instrument: 'BTC-USDT', weight }], barTime: ts - 59_999 },
    { id: eventId('intent', 'sma', ts), ts, src: 'strategy-runner', run: RUN },
  );
}

/**
 * Risk gate and order engine wired the way a bus does: each decider gets the event types it declares
 * (its own outputs are already folded in by `step`), and every output is published in turn.
 */
function pipeline() {
  const risk = createRiskDecider({ strategies: { sma: { allocation: 0.5, initialEquity: 10_000 } } });
  const orders = createOrdersDecider({ account: ACCOUNT, initialCapital: 10_000, defaultLotSize: 0.001 });
  const riskReads = new Set<string>(RISK_INPUT_TYPES);
  const ordersReads = new Set<string>(ORDERS_INPUT_TYPES);
  let rs = risk.initialState();
  let os = orders.initialState();
  const log: HeliosEvent[] = [];
  const publish = (e: HeliosEvent): void => {
    log.push(e);
    const outputs: HeliosEvent[] = [];
    if (riskReads.has(e.type)) {
      const r = step(risk, rs, e as RiskInput);
      rs = r.state;
      outputs.push(...r.outputs);
    }
    if (ordersReads.has(e.type)) {
      const o = step(orders, os, e as OrdersInput);
      os = o.state;
      outputs.push(...o.outputs);
    }
    for (const out of outputs) publish(out);
  };
  return { publish, log, ordersSent: () => log.filter((e): e is HeliosEvent<'order.new'> => e.type === 'order.new'), risk: () => rs };
}

describe('risk gate + order engine', () => {
  it('an allocation-scaled weight becomes one quote-sized buy; the fill is attributed back to the strategy', () => {
    const p = pipeline();
    p.publish(candle('BTC-USDT', 100));
    p.publish(intent(1, T0));
    const [buy] = p.ordersSent();
    expect(buy.payload).toMatchObject({ side: 'buy', type: 'market', quoteQty: 5000, strategyId: 'sma' });
    p.publish(fill(buy.payload.clientOrderId, 'buy', 50, 100, 0));
    expect(p.risk().books.get('sma')?.positions.get('BTC-USDT')).toBe(50);
    expect(p.risk().books.get('sma')?.approvals.count).toBe(1);
    // Flat again: the engine sells exactly what the fill bought.
    p.publish(candle('BTC-USDT', 110, T0 + 60_000));
    p.publish(intent(0, T0 + 60_000));
    expect(p.ordersSent().map((o) => [o.payload.side, o.payload.qty ?? o.payload.quoteQty])).toEqual([
      ['buy', 5000],
      ['sell', 50],
    ]);
    expectAllValid(p.log);
  });

  it('after the halt no order leaves the order engine, whatever the strategies ask; after it is lifted, they trade again', () => {
    const p = pipeline();
    p.publish(candle('BTC-USDT', 100));
    p.publish(intent(1, T0));
    const [buy] = p.ordersSent();
    p.publish(fill(buy.payload.clientOrderId, 'buy', 50, 100, 0));
    p.publish(halt(true, T0 + 1));
    const before = p.ordersSent().length;
    for (let k = 1; k <= 5; k++) {
      p.publish(candle('BTC-USDT', 100 + k, T0 + k * 60_000));
      p.publish(intent(k % 2 === 0 ? 1 : 0, T0 + k * 60_000));
    }
    expect(p.ordersSent()).toHaveLength(before);
    expect(p.log.filter((e) => e.type === 'risk.rejected')).toHaveLength(5);
    p.publish(halt(false, T0 + 6 * 60_000));
    p.publish(candle('BTC-USDT', 100, T0 + 7 * 60_000));
    p.publish(intent(0, T0 + 7 * 60_000));
    expect(p.ordersSent().slice(before).map((o) => [o.payload.side, o.payload.qty])).toEqual([['sell', 50]]);
  });

  it('the order engine alone also holds the halt: an approval already in flight when the halt lands sends nothing', () => {
    const risk = createRiskDecider({ strategies: { sma: { allocation: 1, initialEquity: 10_000 } } });
    const orders = createOrdersDecider({ account: ACCOUNT, initialCapital: 10_000 });
    let rs = step(risk, risk.initialState(), candle('BTC-USDT', 100)).state;
    const approved = step(risk, rs, intent(1, T0));
    rs = approved.state;
    let os = step(orders, orders.initialState(), candle('BTC-USDT', 100)).state;
    os = step(orders, os, halt(true)).state;
    expect(step(orders, os, approved.outputs[0] as OrdersInput).outputs).toEqual([]);
  });
});
