import { realpathSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { medianSpacingMs, msToTimeframe, OhlcvCsvError, parseOhlcvCsv, type OhlcvSeries } from '@helios/domain-market-data';
import { idFromText } from '@helios/contracts';
import type { DataFile } from '../../shared/api';
import { ApiFailure } from '../route';

/** A data file name as offered by GET /data-files: a plain file name in the data folder, never a path. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\.csv$/;

interface Loaded {
  key: string;
  series: OhlcvSeries;
  info: DataFile;
}

// Parsing a large file takes a while; a file is parsed again only when its size or mtime changes.
const cache = new Map<string, Loaded>();

/**
 * The absolute path of `name` inside `dataDir`. Anything that is not a plain `.csv` file name, or
 * that resolves (through links) outside the folder, is refused with a 400 naming the field.
 */
export function resolveDataFile(dataDir: string, name: string, where = 'dataFile'): string {
  if (typeof name !== 'string' || !FILE_NAME.test(name) || name.includes('..')) {
    throw new ApiFailure(400, `${JSON.stringify(name)} is not a data file name (a .csv file name from GET /api/v1/data-files)`, where);
  }
  let root: string;
  let real: string;
  try {
    root = realpathSync(dataDir);
    real = realpathSync(join(root, name));
  } catch {
    throw new ApiFailure(404, `no data file ${JSON.stringify(name)} in the data folder`, where);
  }
  if (!real.startsWith(root + sep)) throw new ApiFailure(400, `data file ${JSON.stringify(name)} points outside the data folder`, where);
  return real;
}

/** Parses (or takes from the cache) one data file; a malformed file is a 422 naming its line. */
export function loadDataFile(dataDir: string, name: string, where = 'dataFile'): Loaded {
  const path = resolveDataFile(dataDir, name, where);
  const stat = statSync(path);
  const key = `${stat.size}:${stat.mtimeMs}`;
  const hit = cache.get(path);
  if (hit && hit.key === key) return hit;
  let parsed;
  try {
    parsed = parseOhlcvCsv(readFileSync(path, 'utf8'), { source: name });
  } catch (error) {
    if (error instanceof OhlcvCsvError) throw new ApiFailure(422, error.message, where);
    throw error;
  }
  const series = parsed.series;
  const spacing = medianSpacingMs(series.time, series.length);
  const info: DataFile = {
    name,
    bars: series.length,
    symbol: symbolOfFile(name),
    ...(Number.isFinite(spacing) ? { timeframe: msToTimeframe(spacing) } : {}),
  };
  const loaded = { key, series, info };
  cache.set(path, loaded);
  return loaded;
}

/** Every readable OHLCV file in the data folder with its bar count; unreadable files are left out. */
export function listDataFiles(dataDir: string): DataFile[] {
  let names: string[];
  try {
    names = readdirSync(dataDir).filter((n) => FILE_NAME.test(n)).sort();
  } catch {
    return [];
  }
  const files: DataFile[] = [];
  for (const name of names) {
    try {
      files.push(loadDataFile(dataDir, name).info);
    } catch {
      // Not an OHLCV file (or it vanished): nothing a backtest could use.
    }
  }
  return files;
}

/** `btc_perp_ftx_1h.csv` -> `btc_perp_ftx_1h`: the instrument name on the backtest's events (as the CLI does). */
export function symbolOfFile(name: string): string {
  return idFromText(name.replace(/\.csv$/i, ''), 'ASSET');
}
