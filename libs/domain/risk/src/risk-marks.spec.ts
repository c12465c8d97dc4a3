import { givenWhenThen } from '@helios/domain-core';
import { createRiskDecider } from './risk-decider';
import { candle, intent, T0, tick } from './risk-events.testing';

const config = { strategies: { s1: { allocation: 1, initialEquity: 10_000 } }, instrumentDefaults: { priceCollarBps: 300, maxMarkAgeMs: 1000 } };

describe('risk gate: marks', () => {
  it('a price older than the mark neither replaces it nor feeds the collar', () => {
    givenWhenThen(createRiskDecider(config))
      .given(candle('BTC-USDT', 100), candle('BTC-USDT', 50, T0 - 60_000))
      .when(intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }]))
      .then((outputs, state) => {
        expect(state.marks.get('BTC-USDT')).toEqual({ price: 100, previous: NaN, ts: T0 });
        expect(outputs.map((o) => o.type)).toEqual(['risk.approved']);
      });
  });

  it('a tick is a fresher mark than the last candle', () => {
    givenWhenThen(createRiskDecider(config))
      .given(candle('BTC-USDT', 100, T0 - 5000), tick('BTC-USDT', 101, T0))
      .when(intent('s1', [{ instrument: 'BTC-USDT', qty: 1 }]))
      .then((outputs, state) => {
        expect(state.marks.get('BTC-USDT')).toEqual({ price: 101, previous: 100, ts: T0 });
        expect(outputs.map((o) => o.type)).toEqual(['risk.approved']);
      });
  });
});
