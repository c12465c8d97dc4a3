import { describeIndicatorContract } from '../spec-support/indicator-contract';
import { ttrcBars } from '../spec-support/reference-data';
import type { Bar } from './indicator';
import {
  ADX,
  ATR,
  BollingerBands,
  CCI,
  DonchianChannel,
  EMA,
  MACD,
  OBV,
  RSI,
  RollingStdDev,
  RollingZScore,
  SMA,
  Stochastic,
  TrueRange,
  VWAP,
  WMA,
} from './index';

// Every indicator with its default parameters on TTR's 5550-bar ttrc series, and again on a copy
// with flat no-trade stretches (40 bars of high = low = close, volume 0, every 250 bars) that drive
// the special cases: constant windows, HH = LL, zero range, zero volume.
const bars = ttrcBars();
const closes = bars.map((bar) => bar.close);
const flatBars = bars.map((bar, i): Bar => {
  if (i % 250 < 200 || i % 250 >= 240) return bar;
  const close = bars[i - (i % 250) + 199].close;
  return { open: close, high: close, low: close, close, volume: 0 };
});
const flatCloses = flatBars.map((bar) => bar.close);

// Alternating up/down shifts make the provisional input differ in direction too (deque pops, ties).
const perturbValue = (x: number, i: number): number => (i % 2 === 0 ? x * 1.05 + 1 : x * 0.9);
const perturbBar = (bar: Bar, i: number): Bar => {
  const f = i % 2 === 0 ? 1.04 : 0.93;
  return {
    open: bar.open * f,
    high: bar.high * f + 0.5,
    low: bar.low * f - 0.25,
    close: bar.close * f,
    volume: i % 5 === 0 ? 0 : bar.volume * 1.7 + 1,
  };
};

const valueCases = {
  'SMA()': () => new SMA(),
  'EMA()': () => new EMA(),
  'EMA(20, wilder)': () => new EMA(20, { wilder: true }),
  'WMA()': () => new WMA(),
  'RSI()': () => new RSI(),
  'MACD()': () => new MACD(),
  'BollingerBands()': () => new BollingerBands(),
  'RollingStdDev()': () => new RollingStdDev(),
  'RollingStdDev(20, sample)': () => new RollingStdDev(20, { sample: true }),
  'RollingZScore()': () => new RollingZScore(),
};
const barCases = {
  'TrueRange()': () => new TrueRange(),
  'ATR()': () => new ATR(),
  'ADX()': () => new ADX(),
  'Stochastic()': () => new Stochastic(),
  'CCI()': () => new CCI(),
  'OBV()': () => new OBV(),
  'VWAP() cumulative': () => new VWAP(),
  'VWAP({ period: 20 })': () => new VWAP({ period: 20 }),
  'DonchianChannel()': () => new DonchianChannel(),
};

for (const [label, create] of Object.entries(valueCases)) {
  describeIndicatorContract<number, unknown>(`${label} on ttrc`, { create, inputs: closes, perturb: perturbValue });
  describeIndicatorContract<number, unknown>(`${label} on flat-stretch ttrc`, {
    create,
    inputs: flatCloses,
    perturb: perturbValue,
  });
}
for (const [label, create] of Object.entries(barCases)) {
  describeIndicatorContract<Bar, unknown>(`${label} on ttrc`, { create, inputs: bars, perturb: perturbBar });
  describeIndicatorContract<Bar, unknown>(`${label} on flat-stretch ttrc`, {
    create,
    inputs: flatBars,
    perturb: perturbBar,
  });
}
