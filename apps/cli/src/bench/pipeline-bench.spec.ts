import { dueBy, type WindowResult } from './candle-load';
import { backlogLimit, notSustained, strategiesRate, warmUpText } from './pipeline-bench';

const window = (over: Partial<WindowResult> = {}): WindowResult => ({
  rate: 1000,
  published: 35_000,
  achievedRate: 1000,
  warmUp: { ms: 5_000, caughtUp: true, behind: [], fillP50Ms: 4, fillMaxMs: 40 },
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
  ordersWithoutNextBar: 0,
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

describe('dueBy: the warm-up ramp', () => {
  it('publishes at the rate from the start without a ramp', () => {
    expect([0, 1, 500, 1_000, 7_000].map((t) => dueBy(t, 1000, 0))).toEqual([0, 1, 500, 1_000, 7_000]);
  });

  it('rises linearly from a tenth of the rate: the integral, continuous where the ramp ends, the full rate after it', () => {
    // 2.5 s from 100/s to 1,000/s: (100 + 1,000) / 2 x 2.5 = 1,375 candles.
    expect(dueBy(2_500, 1000, 2_500)).toBeCloseTo(1_375, 9);
    expect(dueBy(2_500 - 1e-9, 1000, 2_500)).toBeCloseTo(1_375, 5);
    // The first second: 100/s rising by 360/s each second: 100 + 360 / 2 = 280.
    expect(dueBy(1_000, 1000, 2_500)).toBeCloseTo(280, 9);
    // After the ramp, one candle per ms.
    expect(dueBy(5_000, 1000, 2_500) - dueBy(4_000, 1000, 2_500)).toBeCloseTo(1_000, 9);
    expect(dueBy(-5, 1000, 2_500)).toBe(0);
  });
});

describe('the warm-up: caught up, and what it printed', () => {
  it('allows 50 ms of the feed per consumer, at least 10 inputs', () => {
    expect([1000, 100, 20, 1, 5000].map(backlogLimit)).toEqual([50, 10, 10, 10, 250]);
  });

  it('says how long it took, whether the services caught up, and its own fills', () => {
    expect(warmUpText(window())).toBe('5.0 s, services caught up; its fills p50 4 ms, max 40 ms');
    expect(warmUpText(window({ warmUp: { ms: 25_012, caughtUp: false, behind: ['PNL/risk-gate-bench-PNL 212'], fillP50Ms: 1_093.25, fillMaxMs: 2_641.5 } }))).toBe(
      '25.0 s, services still behind (measured anyway): PNL/risk-gate-bench-PNL 212; its fills p50 1093.25 ms, max 2641.5 ms',
    );
    expect(warmUpText(window({ warmUp: { ms: 2_000, caughtUp: null, behind: [], fillP50Ms: null, fillMaxMs: null } }))).toBe('2.0 s');
  });
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
