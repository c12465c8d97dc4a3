import { ADX, ATR, BollingerBands, CCI, DonchianChannel, EMA, MACD, OBV, RollingStdDev, RollingZScore, RSI, SMA, Stochastic, TrueRange, VWAP, WMA } from '@helios/indicators';
import { UsageError } from '../args/usage-error';

/** One bar as the indicator columns read it (fields of the current row). */
export interface BarView {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** One or more output columns fed bar by bar; `write` puts the current values (NaN = warming up) at `into[at..]`. */
export interface ColumnGroup {
  readonly columns: readonly string[];
  update(bar: BarView): void;
  write(into: Float64Array, at: number): void;
}

export const DEFAULT_SPEC = 'sma:20,ema:20,rsi:14,macd:12:26:9,bbands:20:2,atr:14,adx:14,stoch:14:3:3';

interface Kind {
  /** Parameter names and defaults, in the order they follow the name in a spec item. */
  params: Array<[string, number]>;
  build(p: number[], suffix: string, columns: Set<string>): ColumnGroup;
  /** Integer parameters (periods); the others may be fractions. */
  integer: boolean[];
  help: string;
}

const v = (x: number | undefined): number => (x === undefined ? NaN : x);

function single<I>(column: string, indicator: { update(input: I): number | undefined }, input: (bar: BarView) => I): ColumnGroup {
  let value = NaN;
  return {
    columns: [column],
    update: (bar) => {
      value = v(indicator.update(input(bar)));
    },
    write: (into, at) => {
      into[at] = value;
    },
  };
}

/** Multi-output indicators keep NaN in parts still warming up, which is exactly an empty cell. */
function multi<O extends object>(columns: string[], indicator: { update(bar: never): unknown; output: Readonly<O> }, parts: Array<keyof O>, input: (bar: BarView) => unknown): ColumnGroup {
  return {
    columns,
    update: (bar) => void indicator.update(input(bar) as never),
    write: (into, at) => {
      for (let k = 0; k < parts.length; k++) into[at + k] = indicator.output[parts[k]] as number;
    },
  };
}

const close = (bar: BarView) => bar.close;
const asBar = (bar: BarView) => bar;

const KINDS: Record<string, Kind> = {
  sma: { params: [['period', 20]], integer: [true], help: 'sma:N -> smaN', build: ([n]) => single(`sma${n}`, new SMA(n), close) },
  ema: { params: [['period', 20]], integer: [true], help: 'ema:N -> emaN', build: ([n]) => single(`ema${n}`, new EMA(n), close) },
  wma: { params: [['period', 20]], integer: [true], help: 'wma:N -> wmaN', build: ([n]) => single(`wma${n}`, new WMA(n), close) },
  rsi: { params: [['period', 14]], integer: [true], help: 'rsi:N -> rsiN', build: ([n]) => single(`rsi${n}`, new RSI(n), close) },
  macd: {
    params: [['fast', 12], ['slow', 26], ['signal', 9]],
    integer: [true, true, true],
    help: 'macd:F:S:G -> macd, macd_signal, macd_hist',
    build: ([f, s, g], suffix) => multi([`macd${suffix}`, `macd_signal${suffix}`, `macd_hist${suffix}`], new MACD(f, s, g), ['macd', 'signal', 'histogram'], close),
  },
  bbands: {
    params: [['period', 20], ['k', 2]],
    integer: [true, false],
    help: 'bbands:N:K -> bb_dn, bb_mavg, bb_up, bb_pctB',
    build: ([n, k], suffix) =>
      multi([`bb_dn${suffix}`, `bb_mavg${suffix}`, `bb_up${suffix}`, `bb_pctB${suffix}`], new BollingerBands(n, k), ['lower', 'middle', 'upper', 'pctB'], close),
  },
  atr: {
    params: [['period', 14]],
    integer: [true],
    help: 'atr:N -> tr, atrN (tr once, however many atr)',
    build: ([n], _suffix, columns) => {
      const atr = new ATR(n);
      if (columns.has('tr')) return single(`atr${n}`, atr, asBar);
      const tr = new TrueRange();
      let trValue = NaN;
      let atrValue = NaN;
      return {
        columns: ['tr', `atr${n}`],
        update: (b) => {
          trValue = v(tr.update(b));
          atrValue = v(atr.update(b));
        },
        write: (into, at) => {
          into[at] = trValue;
          into[at + 1] = atrValue;
        },
      };
    },
  },
  adx: {
    params: [['period', 14]],
    integer: [true],
    help: 'adx:N -> di_plusN, di_minusN, dxN, adxN',
    build: ([n]) => multi([`di_plus${n}`, `di_minus${n}`, `dx${n}`, `adx${n}`], new ADX(n), ['diPlus', 'diMinus', 'dx', 'adx'], asBar),
  },
  stoch: {
    params: [['k', 14], ['d', 3], ['slow', 3]],
    integer: [true, true, true],
    help: 'stoch:K:D:S -> stoch_fastK, stoch_fastD, stoch_slowD',
    build: ([k, d, s], suffix) => multi([`stoch_fastK${suffix}`, `stoch_fastD${suffix}`, `stoch_slowD${suffix}`], new Stochastic(k, d, s), ['fastK', 'fastD', 'slowD'], asBar),
  },
  cci: { params: [['period', 20]], integer: [true], help: 'cci:N -> cciN', build: ([n]) => single(`cci${n}`, new CCI(n), asBar) },
  donchian: {
    params: [['period', 20]],
    integer: [true],
    help: 'donchian:N -> dc_dnN, dc_midN, dc_upN',
    build: ([n]) => multi([`dc_dn${n}`, `dc_mid${n}`, `dc_up${n}`], new DonchianChannel(n), ['lower', 'middle', 'upper'], asBar),
  },
  sd: { params: [['period', 20]], integer: [true], help: 'sd:N -> sdN (population)', build: ([n]) => single(`sd${n}`, new RollingStdDev(n), close) },
  zscore: { params: [['period', 20]], integer: [true], help: 'zscore:N -> zscoreN', build: ([n]) => single(`zscore${n}`, new RollingZScore(n), close) },
  obv: { params: [], integer: [], help: 'obv -> obv', build: () => single('obv', new OBV(), asBar) },
  vwap: {
    params: [['period', 0]],
    integer: [true],
    help: 'vwap[:N] -> vwap (cumulative) or vwapN (rolling)',
    build: ([n]) => single(n === 0 ? 'vwap' : `vwap${n}`, new VWAP(n === 0 ? {} : { period: n }), asBar),
  },
};

export const SPEC_HELP = Object.values(KINDS)
  .map((k) => k.help)
  .join('; ');

/**
 * `sma:20,macd:12:26:9,...` to column groups. Omitted parameters take the defaults; a multi-output
 * indicator with non-default parameters gets them as a column suffix (`macd_5_35_5`) so several can
 * sit side by side. With the default spec the columns are exactly the TTR reference files' names.
 */
export function parseIndicatorSpec(spec: string): ColumnGroup[] {
  const groups: ColumnGroup[] = [];
  const columns = new Set<string>();
  const items = spec.split(',').map((s) => s.trim());
  items.forEach((item, index) => {
    const where = `--spec item ${index + 1} ${JSON.stringify(item)}`;
    const [name, ...rawParams] = item.split(':');
    const kind = KINDS[name.toLowerCase()];
    if (kind === undefined) throw new UsageError(`${where}: unknown indicator ${JSON.stringify(name)}; known: ${Object.keys(KINDS).join(', ')}`);
    if (rawParams.length > kind.params.length) {
      throw new UsageError(`${where}: ${name} takes ${kind.params.length} parameter(s) (${kind.params.map(([p]) => p).join(', ') || 'none'})`);
    }
    const params = kind.params.map(([param, fallback], k) => {
      if (k >= rawParams.length) return fallback;
      const value = Number(rawParams[k]);
      const ok = rawParams[k].trim() !== '' && Number.isFinite(value) && value > 0 && (!kind.integer[k] || Number.isInteger(value));
      if (!ok) throw new UsageError(`${where}: ${param} must be a ${kind.integer[k] ? 'whole number' : 'number'} > 0, got ${JSON.stringify(rawParams[k])}`);
      return value;
    });
    const isDefault = params.every((p, k) => p === kind.params[k][1]);
    const suffix = isDefault || params.length <= 1 ? '' : `_${params.join('_')}`;
    let group: ColumnGroup;
    try {
      group = kind.build(params, suffix, columns);
    } catch (error) {
      throw new UsageError(`${where}: ${(error as Error).message}`);
    }
    for (const column of group.columns) {
      if (columns.has(column)) throw new UsageError(`${where}: column ${column} is already produced by an earlier item`);
      columns.add(column);
    }
    groups.push(group);
  });
  return groups;
}
