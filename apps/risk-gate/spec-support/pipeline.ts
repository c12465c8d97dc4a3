// Events of the risk-gate tests and the in-process reference: the risk and orders deciders wired
// the way the streams wire the two services.
import { createEvent, eventId, subjectFor, type HeliosEvent, type Target } from '@helios/contracts';
import { step } from '@helios/domain-core';
import { createOrdersDecider, ORDERS_INPUT_TYPES, type OrdersConfigInput, type OrdersInput } from '@helios/domain-orders';
import { createRiskDecider, RISK_INPUT_TYPES, type RiskConfigInput, type RiskInput } from '@helios/domain-risk';

export const T0 = 1_704_067_260_000;
export const RUN = 'paper';
export const SYMBOL = 'BTC-USDT';
const MINUTE = 60_000;

export function candle(close: number, ts: number): HeliosEvent<'md.candle'> {
  const openTime = ts - MINUTE + 1;
  return createEvent(
    'md.candle',
    { venue: 'paper', symbol: SYMBOL, tf: '1m', openTime, closeTime: ts, open: close, high: close, low: close, close, volume: 10, closed: true },
    { id: eventId('paper', SYMBOL, '1m', openTime), ts, src: 'market-data', run: RUN },
  );
}

export function intent(strategyId: string, targets: Target[], ts: number, key = 0): HeliosEvent<'strategy.intent'> {
  return createEvent('strategy.intent', { strategyId, targets, barTime: ts - MINUTE + 1 }, { id: eventId('intent', strategyId, ts, key), ts, src: 'strategy-runner', run: RUN });
}

export const subjectOf = (e: HeliosEvent) => subjectFor(e);

/** Feeds events depth-first: each output goes to the deciders that read its type before the next input. */
export function referencePipeline(limits: RiskConfigInput, orders: OrdersConfigInput) {
  const risk = createRiskDecider(limits);
  const engine = createOrdersDecider(orders);
  const riskReads = new Set<string>(RISK_INPUT_TYPES);
  const ordersReads = new Set<string>(ORDERS_INPUT_TYPES);
  let rs = risk.initialState();
  let os = engine.initialState();
  const emitted: HeliosEvent[] = [];
  const publish = (e: HeliosEvent, external: boolean): void => {
    if (!external) emitted.push(e);
    const outputs: HeliosEvent[] = [];
    if (riskReads.has(e.type)) {
      const r = step(risk, rs, e as RiskInput);
      rs = r.state;
      outputs.push(...r.outputs);
    }
    if (ordersReads.has(e.type)) {
      const o = step(engine, os, e as OrdersInput);
      os = o.state;
      outputs.push(...o.outputs);
    }
    for (const out of outputs) publish(out, false);
  };
  return { feed: (e: HeliosEvent) => publish(e, true), emitted };
}
