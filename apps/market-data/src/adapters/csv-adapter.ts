import { readFileSync } from 'node:fs';
import { medianSpacingMs, msToTimeframe, parseOhlcvCsv } from '@helios/domain-market-data';
import type { Speed } from './pacer';
import { SeriesReplayAdapter } from './series-replay-adapter';

export interface CsvAdapterOptions {
  file: string;
  venue: string;
  symbol: string;
  /** The bar timeframe; by default the file's median bar spacing. */
  tf?: string;
  speed: Speed;
}

/**
 * Replays an OHLCV CSV file. The whole file is parsed before anything is published, so a bad row
 * stops the service before its first candle (OhlcvCsvError names the line).
 */
export function csvAdapter(o: CsvAdapterOptions): SeriesReplayAdapter {
  let text: string;
  try {
    text = readFileSync(o.file, 'utf8');
  } catch (err) {
    throw new Error(`--csv: cannot read ${o.file}: ${(err as Error).message}`);
  }
  const { series } = parseOhlcvCsv(text, { source: o.file });
  const tf = o.tf ?? msToTimeframe(medianSpacingMs(series.time));
  return new SeriesReplayAdapter(`csv:${o.file}`, { venue: o.venue, symbol: o.symbol, tf }, series, o.speed);
}
