import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { medianSpacingMs, msToTimeframe, OhlcvCsvError, parseOhlcvCsv, type ParsedOhlcvCsv } from '@helios/domain-market-data';

/** A data file that cannot be used: the message names the file (and line, for CSV errors). Exit 1. */
export class DataFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

export interface LoadedData extends ParsedOhlcvCsv {
  path: string;
  /** Reading and parsing, in ms. */
  loadMs: number;
}

export function loadOhlcvFile(file: string, cwd: string): LoadedData {
  const path = resolve(cwd, file);
  const started = performance.now();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DataFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const parsed = parseOhlcvCsv(text, { source: file });
    return { ...parsed, path, loadMs: performance.now() - started };
  } catch (error) {
    if (error instanceof OhlcvCsvError) throw new DataFileError(error.message);
    throw error;
  }
}

/** The bars' timeframe, read off their median spacing (1d when there are too few bars to tell). */
export function timeframeOf(data: LoadedData): string {
  const spacing = medianSpacingMs(data.series.time, data.series.length);
  return Number.isFinite(spacing) ? msToTimeframe(spacing) : '1d';
}
