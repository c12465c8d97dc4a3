import { isId } from '@helios/contracts';
export interface PortfolioConfig {
  /** `src` of every emitted event; default `portfolio`. */
  readonly src?: string;
  /** Starting cash per strategy id. */
  readonly initialCapital?: Readonly<Record<string, number>>;
  /** Starting cash of a strategy first seen in a fill and not listed above; default 0. */
  readonly defaultCapital?: number;
  /**
   * Emit `pnl.update` (per open position of the bar's instrument) and `pnl.global` on every closed
   * bar. Live and paper trading want this; a backtest leaves it off (the default) and reads the
   * equity curve from the state, so a million bars do not produce millions of P&L events.
   */
  readonly emitEveryBar?: boolean;
  /** Keep the bar-close equity curves (two numbers per bar per strategy); default true. */
  readonly recordCurve?: boolean;
  /** When set, candles of other timeframes are ignored (one mark series per instrument). */
  readonly timeframe?: string;
}

export interface PortfolioSettings {
  readonly src: string;
  readonly initialCapital: ReadonlyMap<string, number>;
  readonly defaultCapital: number;
  readonly emitEveryBar: boolean;
  readonly recordCurve: boolean;
  readonly timeframe: string | undefined;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new Error(`portfolio config: ${path} must be ${expected}, got ${typeof got === 'string' ? JSON.stringify(got) : String(got)}`);
}

const isCapital = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

function flag(value: boolean | undefined, fallback: boolean, path: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

export function resolvePortfolioConfig(config: PortfolioConfig): PortfolioSettings {
  if (config === null || typeof config !== 'object') fail('config', 'an object', config);
  const src = config.src ?? 'portfolio';
  if (typeof src !== 'string' || src.length === 0) fail('src', 'a non-empty string', src);
  const initialCapital = new Map<string, number>();
  for (const [id, capital] of Object.entries(config.initialCapital ?? {})) {
    if (!isId(id)) fail(`initialCapital key ${JSON.stringify(id)}`, 'a strategy id', id);
    if (!isCapital(capital)) fail(`initialCapital[${JSON.stringify(id)}]`, 'a finite number >= 0', capital);
    initialCapital.set(id, capital);
  }
  const defaultCapital = config.defaultCapital ?? 0;
  if (!isCapital(defaultCapital)) fail('defaultCapital', 'a finite number >= 0', defaultCapital);
  if (config.timeframe !== undefined && (typeof config.timeframe !== 'string' || !/^[1-9][0-9]*[smhdw]$/.test(config.timeframe))) {
    fail('timeframe', 'a timeframe such as 1m', config.timeframe);
  }
  return {
    src,
    initialCapital,
    defaultCapital,
    emitEveryBar: flag(config.emitEveryBar, false, 'emitEveryBar'),
    recordCurve: flag(config.recordCurve, true, 'recordCurve'),
    timeframe: config.timeframe,
  };
}
