import { idFromText, isId } from '@helios/contracts';
import { basename, extname } from 'node:path';
import type { FlagSpec, ParsedFlags } from '../args/flags';
import { UsageError } from '../args/usage-error';

/** Flags shared by `backtest` and `sweep`: the account and the venue's trading costs. */
export const MARKET_FLAGS: FlagSpec[] = [
  { name: 'cash', kind: 'number', valueName: 'AMOUNT', default: 10_000, min: 0, minExclusive: true, description: 'starting cash (quote currency)' },
  { name: 'lot-size', kind: 'number', valueName: 'UNITS', default: 1, min: 0, minExclusive: true, description: 'order quantities are whole multiples of this' },
  { name: 'fee-bps', kind: 'number', valueName: 'BPS', default: 0, min: 0, description: 'fee per fill, basis points of notional' },
  { name: 'slippage-bps', kind: 'number', valueName: 'BPS', default: 0, min: 0, description: 'market fills move this many basis points against you' },
  { name: 'bars-per-year', kind: 'number', valueName: 'N', min: 0, minExclusive: true, description: 'annualise Sharpe/Sortino by this (default: 365.25 days / median bar spacing; e.g. 252 for exchange days)' },
  { name: 'symbol', kind: 'string', valueName: 'NAME', description: 'instrument name on the events (default: from the data file name)' },
];

export interface MarketSettings {
  cash: number;
  lotSize: number;
  feeBps: number;
  slippageBps: number;
  symbol: string;
  /** Undefined: from the median bar spacing. */
  barsPerYear: number | undefined;
}

export function readMarketFlags(flags: ParsedFlags, dataFile: string): MarketSettings {
  const symbol = (flags['symbol'] as string | undefined) ?? symbolFromFile(dataFile);
  if (!isId(symbol)) {
    throw new UsageError(`--symbol ${JSON.stringify(symbol)} must be letters, digits, - and _ (a subject token), starting with a letter or digit`);
  }
  const feeBps = flags['fee-bps'] as number;
  const slippageBps = flags['slippage-bps'] as number;
  if (feeBps >= 10_000) throw new UsageError(`--fee-bps must be below 10000, got ${feeBps}`);
  if (slippageBps >= 10_000) throw new UsageError(`--slippage-bps must be below 10000, got ${slippageBps}`);
  const barsPerYear = flags['bars-per-year'] as number | undefined;
  return { cash: flags['cash'] as number, lotSize: flags['lot-size'] as number, feeBps, slippageBps, symbol, barsPerYear };
}

/** `../data/btc_perp_ftx_1h.csv` -> `btc_perp_ftx_1h`. */
export function symbolFromFile(file: string): string {
  return idFromText(basename(file, extname(file)), 'ASSET');
}
