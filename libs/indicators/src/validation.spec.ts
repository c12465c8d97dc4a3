import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  DonchianChannel,
  EMA,
  MACD,
  OBV,
  RollingStdDev,
  RollingZScore,
  RSI,
  SMA,
  Stochastic,
  VWAP,
  WMA,
} from './index';

describe('parameter validation names the indicator, the parameter and the value', () => {
  it.each([
    [() => new SMA(0), 'SMA: period must be an integer >= 1, got 0'],
    [() => new EMA(2.5), 'EMA: period must be an integer >= 1, got 2.5'],
    [() => new WMA(NaN), 'WMA: period must be an integer >= 1, got NaN'],
    [() => new RSI(-3), 'RSI: period must be an integer >= 1, got -3'],
    [() => new MACD(26, 12, 9), 'MACD(26, 12, 9): fast (26) must be shorter than slow (12)'],
    [() => new MACD(12, 26, 0), 'MACD(12, 26, 0): signal must be an integer >= 1, got 0'],
    [() => new BollingerBands(20, 0), 'BollingerBands(20, 0): multiplier must be a finite number > 0, got 0'],
    [() => new ATR(0), 'ATR: period must be an integer >= 1, got 0'],
    [() => new ADX(1.5), 'ADX: period must be an integer >= 1, got 1.5'],
    [() => new Stochastic(14, 0, 3), 'Stochastic(14, 0, 3): dPeriod must be an integer >= 1, got 0'],
    [() => new RollingStdDev(1, { sample: true }), 'RollingStdDev(1, sample): period must be an integer >= 2, got 1'],
    [() => new RollingZScore(1), 'RollingZScore(1): period must be an integer >= 2, got 1'],
    [() => new DonchianChannel(0), 'DonchianChannel: period must be an integer >= 1, got 0'],
    [() => new CCI(20, -0.015), 'CCI(20, -0.015): constant must be a finite number > 0, got -0.015'],
    [() => new VWAP({ period: 0 }), 'VWAP(0): period must be an integer >= 1, got 0'],
  ])('%#: %s', (create, message) => {
    expect(create).toThrow(RangeError);
    expect(create).toThrow(message);
  });
});

describe('bad inputs are rejected with the indicator, input index and field, leaving the state untouched', () => {
  it('a NaN value', () => {
    const sma = new SMA(2);
    sma.update(1);
    expect(() => sma.update(NaN)).toThrow('SMA(2): input #1 has value = NaN; expected a finite number');
    expect(sma.count).toBe(1);
    expect(sma.update(3)).toBe(2);
  });

  it('an infinite value in replaceLast names the replaced index', () => {
    const ema = new EMA(3);
    [1, 2].forEach((x) => ema.update(x));
    expect(() => ema.replaceLast(Infinity)).toThrow('EMA(3): input #1 has value = Infinity; expected a finite number');
    expect(ema.update(3)).toBe(2);
  });

  it('a bar with a missing field names the field', () => {
    const atr = new ATR(2);
    atr.update({ high: 2, low: 1, close: 1.5 });
    const bad = { high: 2, close: 1.5 } as unknown as { high: number; low: number; close: number };
    expect(() => atr.update(bad)).toThrow('ATR(2): input #1 has low = undefined; expected a finite number');
    expect(atr.count).toBe(1);
  });

  it('a negative or NaN volume', () => {
    const obv = new OBV();
    expect(() => obv.update({ close: 1, volume: -5 })).toThrow('OBV: input #0 has volume = -5; expected a volume >= 0');
    const vwap = new VWAP();
    expect(() => vwap.update({ high: 1, low: 1, close: 1, volume: NaN })).toThrow(
      'VWAP: input #0 has volume = NaN; expected a finite number',
    );
    const rolling = new VWAP({ period: 3 });
    expect(() => rolling.update({ high: 1, low: 1, close: 1, volume: Infinity })).toThrow(
      'VWAP(3): input #0 has volume = Infinity; expected a finite number',
    );
    expect(() => rolling.update({ high: 1, low: 1, close: 1, volume: -1 })).toThrow(
      'VWAP(3): input #0 has volume = -1; expected a volume >= 0',
    );
    expect([obv.count, vwap.count, rolling.count]).toEqual([0, 0, 0]);
  });
});
