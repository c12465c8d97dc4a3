import type { WindowResult } from './candle-load';
import { notSustained, strategiesRate } from './pipeline-bench';

const window = (over: Partial<WindowResult> = {}): WindowResult => ({
  rate: 1000,
  published: 35_000,
  achievedRate: 1000,
  measuredCandles: 30_000,
  candlesWithoutFill: 29_000,
  fills: 1_000,
  fillRate: 33,
  p50Ms: 3,
  p99Ms: 9,
  maxMs: 20,
  firstThirdP50Ms: 3,
  lastThirdP50Ms: 3,
  lagGrew: false,
  orders: 1_000,
  ordersLate: 0,
  ordersWithoutFill: 0,
  decisionP50Ms: 5,
  decisionP99Ms: 9,
  candleAckP50Ms: 1,
  candleAckP99Ms: 4,
  hops: { intentP50Ms: 2, intentP99Ms: 5, approvalP50Ms: 3, approvalP99Ms: 7 },
  publishErrors: 0,
  maxPublishesInFlight: 3,
  cpuMsPerCandle: {},
  ...over,
});

describe('strategiesRate', () => {
  it('divides the main rate by the count (at least 1/s), unless given', () => {
    expect(strategiesRate({ rate: 1000 }, 50)).toBe(20);
    expect(strategiesRate({ rate: 1000 }, 10)).toBe(100);
    expect(strategiesRate({ rate: 10 }, 50)).toBe(1);
    expect(strategiesRate({ rate: 1000, strategiesRate: 7 }, 50)).toBe(7);
  });
});

describe('notSustained', () => {
  it('on btc counts late and unfilled orders against 1%, not candles without a fill (most have none)', () => {
    expect(notSustained(window(), 'btc')).toBe('');
    expect(notSustained(window({ ordersLate: 10 }), 'btc')).toBe('');
    expect(notSustained(window({ ordersLate: 8, ordersWithoutFill: 3 }), 'btc')).toBe('11 of 1000 orders missed their next bar (8 late, 3 never filled)');
  });

  it('on zigzag keeps the candle rule as before', () => {
    expect(notSustained(window({ candlesWithoutFill: 300 }), 'zigzag')).toBe('');
    expect(notSustained(window({ candlesWithoutFill: 301 }), 'zigzag')).toBe('301 of 30000 candles got no fill in time');
  });

  it('checks the publisher, the fills and the lag first', () => {
    expect(notSustained(window({ publishErrors: 2 }), 'btc')).toBe('2 publish errors');
    expect(notSustained(window({ achievedRate: 900 }), 'btc')).toBe('publisher reached only 900/s');
    expect(notSustained(window({ p50Ms: null }), 'btc')).toBe('the fills did not come back within the drain time');
    expect(notSustained(window({ lagGrew: true, firstThirdP50Ms: 3, lastThirdP50Ms: 40 }), 'btc')).toBe('latency grew: median 3 -> 40 ms');
  });
});
