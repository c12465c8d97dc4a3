import { FlowMeter, flowOf } from './flow-meter';

const T = 1_750_000_000_000; // a whole second

describe('flowOf', () => {
  it('maps subjects to their flow edge, with the strategy of per-strategy edges', () => {
    expect(flowOf('md.candle.binance.BTC-USDT.1m')).toEqual({ family: 'md.candle' });
    expect(flowOf('md.tick.binance.BTC-USDT')).toBeUndefined();
    expect(flowOf('indicator.sma20.v1.BTC.1m')).toEqual({ family: 'indicator' });
    expect(flowOf('strategy.intent.s1')).toEqual({ family: 'strategy.intent', strategyId: 's1' });
    expect(flowOf('risk.rejected.s1')).toEqual({ family: 'risk.rejected', strategyId: 's1' });
    expect(flowOf('risk.halt')).toBeUndefined();
    expect(flowOf('order.fill.paper')).toEqual({ family: 'order.fill' });
    expect(flowOf('order.amend.paper')).toBeUndefined();
    expect(flowOf('pnl.update.s1')).toEqual({ family: 'pnl.update', strategyId: 's1' });
    expect(flowOf('pnl.global')).toEqual({ family: 'pnl.global' });
  });
});

describe('FlowMeter', () => {
  it('reports messages per second over the window with the median latency, and forgets a quiet edge', () => {
    const meter = new FlowMeter(3);
    for (let i = 0; i < 6; i++) meter.count('md.candle.x.BTC.1m', T + i * 500, T + i * 500 - (i + 1) * 10);
    meter.count('strategy.intent.s1', T + 2_000);
    meter.count('md.tick.x.BTC', T + 2_000); // not an edge
    // At T + 3.5 s: 6 candles over 3.5 s; latencies 10..60 ms.
    expect(meter.rates(T + 3_500)).toEqual([
      { family: 'md.candle', perSec: 1.71, latencyMsP50: 35 },
      { family: 'strategy.intent', strategyId: 's1', perSec: 0.29 },
    ]);
    // Three seconds later every counted second has left the window: the edges are gone.
    expect(meter.rates(T + 6_000)).toEqual([]);
  });

  it('reads the event time of an undecoded message only while samples are needed', () => {
    const meter = new FlowMeter(3);
    let reads = 0;
    const tsOf = () => (reads++, T - 5);
    for (let i = 0; i < 64; i++) meter.countSampled('indicator.a.v1.B.1m', T, tsOf);
    expect(reads).toBe(64);
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.5);
    for (let i = 0; i < 100; i++) meter.countSampled('indicator.a.v1.B.1m', T, tsOf);
    random.mockReturnValue(0.01);
    meter.countSampled('indicator.a.v1.B.1m', T, tsOf);
    random.mockRestore();
    expect(reads).toBe(65);
    expect(meter.rates(T + 1_000)).toEqual([{ family: 'indicator', perSec: 55, latencyMsP50: 5 }]);
    meter.countSampled('md.tick.x.B', T, tsOf);
    expect(reads).toBe(65);
  });
});
