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
  TrueRange,
  VWAP,
  WMA,
  type Indicator,
} from '@helios/indicators';

/** Longest window an indicator node may ask for: each window keeps a ring buffer of this many numbers. */
export const MAX_PERIOD = 5000;

export interface IndicatorParamSpec {
  readonly name: string;
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  /** Absent for an optional parameter whose absence means something (cumulative VWAP). */
  readonly default?: number;
  readonly optional?: boolean;
  readonly description: string;
}

/**
 * One indicator as the graph and the expression language see it. `create` (interpreter) and
 * `constructorSource` (compiler) are written separately on purpose: the evaluator property test
 * then also checks that they build the same indicator.
 */
export interface IndicatorDef {
  readonly name: string;
  readonly title: string;
  /** `series`: one number input port `source`; `bar`: reads the OHLCV of the bar itself. */
  readonly input: 'series' | 'bar';
  readonly params: readonly IndicatorParamSpec[];
  /** Output ports; a single output is called `value`. */
  readonly outputs: readonly string[];
  /** Extra port names the expression language accepts (`bbands(...).up`). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Name of the class in @helios/indicators. */
  readonly className: string;
  create(args: ReadonlyArray<number | undefined>): Indicator<unknown, unknown>;
  /** Constructor arguments as JavaScript source, e.g. `14, { wilder: true }`. */
  constructorSource(args: ReadonlyArray<number | undefined>): string;
  /** A rule across parameters; returns the problem or null. */
  check?(args: ReadonlyArray<number | undefined>): string | null;
}

const period = (fallback: number, min = 1, description = 'Window length in bars.'): IndicatorParamSpec => ({
  name: 'period',
  integer: true,
  min,
  max: MAX_PERIOD,
  default: fallback,
  description,
});

/** Numbers in generated source: String() is the shortest text that reads back to the same double. */
export function numberSource(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

const list = (args: ReadonlyArray<number | undefined>) => args.map((a) => numberSource(a as number)).join(', ');
const n = (args: ReadonlyArray<number | undefined>, i: number) => args[i] as number;
type AnyIndicator = Indicator<unknown, unknown>;

const defs: IndicatorDef[] = [
  {
    name: 'sma',
    title: 'Simple moving average',
    input: 'series',
    params: [period(20)],
    outputs: ['value'],
    className: 'SMA',
    create: (a) => new SMA(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'ema',
    title: 'Exponential moving average (alpha = 2 / (period + 1), SMA seed)',
    input: 'series',
    params: [period(20)],
    outputs: ['value'],
    className: 'EMA',
    create: (a) => new EMA(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'rma',
    title: "Wilder's moving average (EMA with alpha = 1 / period)",
    input: 'series',
    params: [period(14)],
    outputs: ['value'],
    className: 'EMA',
    create: (a) => new EMA(n(a, 0), { wilder: true }) as AnyIndicator,
    constructorSource: (a) => `${list(a)}, { wilder: true }`,
  },
  {
    name: 'wma',
    title: 'Linearly weighted moving average',
    input: 'series',
    params: [period(20)],
    outputs: ['value'],
    className: 'WMA',
    create: (a) => new WMA(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'rsi',
    title: 'Relative strength index (Wilder), 0..100',
    input: 'series',
    params: [period(14)],
    outputs: ['value'],
    className: 'RSI',
    create: (a) => new RSI(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'macd',
    title: 'MACD: EMA(fast) - EMA(slow), its EMA(signal) and the histogram',
    input: 'series',
    params: [
      { name: 'fast', integer: true, min: 1, max: MAX_PERIOD, default: 12, description: 'Fast EMA period.' },
      { name: 'slow', integer: true, min: 2, max: MAX_PERIOD, default: 26, description: 'Slow EMA period (> fast).' },
      { name: 'signal', integer: true, min: 1, max: MAX_PERIOD, default: 9, description: 'Signal EMA period.' },
    ],
    outputs: ['macd', 'signal', 'histogram'],
    aliases: { hist: 'histogram' },
    className: 'MACD',
    create: (a) => new MACD(n(a, 0), n(a, 1), n(a, 2)) as AnyIndicator,
    constructorSource: list,
    check: (a) => (n(a, 0) < n(a, 1) ? null : `fast (${n(a, 0)}) must be less than slow (${n(a, 1)})`),
  },
  {
    name: 'bbands',
    title: 'Bollinger bands: SMA(period) +- multiplier x population standard deviation',
    input: 'series',
    params: [
      period(20),
      { name: 'multiplier', integer: false, min: 0.01, max: 100, default: 2, description: 'Band width in standard deviations.' },
    ],
    outputs: ['upper', 'middle', 'lower', 'pctB'],
    aliases: { up: 'upper', mid: 'middle', dn: 'lower', lo: 'lower' },
    className: 'BollingerBands',
    create: (a) => new BollingerBands(n(a, 0), n(a, 1)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'stddev',
    title: 'Rolling population standard deviation',
    input: 'series',
    params: [period(20)],
    outputs: ['value'],
    className: 'RollingStdDev',
    create: (a) => new RollingStdDev(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'zscore',
    title: 'Rolling z-score of the latest value (population standard deviation)',
    input: 'series',
    params: [period(20, 2)],
    outputs: ['value'],
    className: 'RollingZScore',
    create: (a) => new RollingZScore(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'truerange',
    title: 'True range',
    input: 'bar',
    params: [],
    outputs: ['value'],
    className: 'TrueRange',
    create: () => new TrueRange() as AnyIndicator,
    constructorSource: () => '',
  },
  {
    name: 'atr',
    title: 'Average true range (Wilder)',
    input: 'bar',
    params: [period(14)],
    outputs: ['value'],
    className: 'ATR',
    create: (a) => new ATR(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'adx',
    title: 'Average directional index with +DI / -DI',
    input: 'bar',
    params: [period(14)],
    outputs: ['adx', 'diPlus', 'diMinus', 'dx'],
    className: 'ADX',
    create: (a) => new ADX(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'stoch',
    title: 'Stochastic oscillator, fractions in [0, 1]',
    input: 'bar',
    params: [
      { name: 'kPeriod', integer: true, min: 1, max: MAX_PERIOD, default: 14, description: '%K window.' },
      { name: 'dPeriod', integer: true, min: 1, max: MAX_PERIOD, default: 3, description: '%D smoothing.' },
      { name: 'slowPeriod', integer: true, min: 1, max: MAX_PERIOD, default: 3, description: 'Slow %D smoothing.' },
    ],
    outputs: ['fastK', 'fastD', 'slowD'],
    className: 'Stochastic',
    create: (a) => new Stochastic(n(a, 0), n(a, 1), n(a, 2)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'vwap',
    title: 'Volume-weighted average typical price: cumulative, or rolling over `period` bars',
    input: 'bar',
    params: [{ name: 'period', integer: true, min: 1, max: MAX_PERIOD, optional: true, description: 'Rolling window; absent = cumulative.' }],
    outputs: ['value'],
    className: 'VWAP',
    create: (a) => (a[0] === undefined ? new VWAP() : new VWAP({ period: a[0] })) as AnyIndicator,
    constructorSource: (a) => (a[0] === undefined ? '' : `{ period: ${numberSource(a[0])} }`),
  },
  {
    name: 'donchian',
    title: 'Donchian channel: highest high / lowest low of the last `period` bars (current bar included)',
    input: 'bar',
    params: [period(20)],
    outputs: ['upper', 'middle', 'lower'],
    aliases: { up: 'upper', mid: 'middle', dn: 'lower', lo: 'lower' },
    className: 'DonchianChannel',
    create: (a) => new DonchianChannel(n(a, 0)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'cci',
    title: 'Commodity channel index',
    input: 'bar',
    params: [period(20), { name: 'constant', integer: false, min: 0.0001, max: 1, default: 0.015, description: 'Scaling constant.' }],
    outputs: ['value'],
    className: 'CCI',
    create: (a) => new CCI(n(a, 0), n(a, 1)) as AnyIndicator,
    constructorSource: list,
  },
  {
    name: 'obv',
    title: 'On-balance volume',
    input: 'bar',
    params: [],
    outputs: ['value'],
    className: 'OBV',
    create: () => new OBV() as AnyIndicator,
    constructorSource: () => '',
  },
];

export const indicatorCatalog: ReadonlyMap<string, IndicatorDef> = new Map(defs.map((d) => [d.name, d]));

export function indicatorNames(): string[] {
  return [...indicatorCatalog.keys()];
}

/** Classes the generated code may instantiate, by class name. */
export const indicatorClasses = {
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
  TrueRange,
  VWAP,
  WMA,
} as const;
