import { allocateSeries, truncateSeries, type OhlcvSeries } from '../ohlcv-series';
import { OhlcvCsvError } from './ohlcv-csv-error';
import { parseDecimal } from './parse-decimal';
import { EPOCH_MS_THRESHOLD, formatTime, parseIsoTime, type TimeFormat } from './parse-time';

export interface ParsedOhlcvCsv {
  readonly series: OhlcvSeries;
  /** How the file wrote its times, so writers can answer in kind. */
  readonly timeFormat: TimeFormat;
  /** The time column's header as written (`ts`, `Date`, ...). */
  readonly timeHeader: string;
}

export interface ParseOhlcvCsvOptions {
  /** Named in error messages, e.g. the file path. */
  source?: string;
}

/** Accepted names of the first column; the other five are fixed. */
export const TIME_HEADERS = ['ts', 'date', 'time', 'timestamp', 'datetime'] as const;
const VALUE_HEADERS = ['open', 'high', 'low', 'close', 'volume'] as const;
const COLUMNS = 1 + VALUE_HEADERS.length;

const CARRIAGE_RETURN = 13;

/**
 * Reads OHLCV bars from CSV text into columns. Header `ts,open,high,low,close,volume` or
 * `Date,Open,High,Low,Close,Volume` in any case (also `time`, `timestamp`, `datetime`); times as
 * described in `parse-time.ts`. Every row must have six cells, finite prices > 0, a volume >= 0,
 * low <= open, close <= high, and a time after the previous row's. The first bad row throws an
 * OhlcvCsvError naming its line and what is wrong. Blank lines at the end are ignored; CRLF, a UTF-8
 * BOM and double-quoted cells are accepted.
 *
 * Speed: one pass over the text with charCode scanning and no per-cell substrings (900k rows in
 * about 0.3 s on one core).
 */
export function parseOhlcvCsv(text: string, options: ParseOhlcvCsvOptions = {}): ParsedOhlcvCsv {
  const source = options.source;
  const fail = (line: number, reason: string): never => {
    throw new OhlcvCsvError(line, reason, source);
  };
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const length = text.length;

  const headerEnd = lineEnd(text, pos);
  const header = text.slice(pos, trimCarriageReturn(text, pos, headerEnd)).split(',').map((h) => unquote(h.trim()));
  const timeHeader = header[0] ?? '';
  const headerOk =
    header.length === COLUMNS &&
    (TIME_HEADERS as readonly string[]).includes(timeHeader.toLowerCase()) &&
    VALUE_HEADERS.every((name, k) => header[k + 1].toLowerCase() === name);
  if (!headerOk) {
    fail(1, `header ${JSON.stringify(header.join(','))} is not ts,open,high,low,close,volume (or Date,Open,High,Low,Close,Volume; any case)`);
  }
  pos = headerEnd + 1;

  const capacity = countLines(text, pos);
  const series = allocateSeries(capacity);
  const { time, open, high, low, close, volume } = series;
  const cellStart = new Int32Array(COLUMNS);
  const cellEnd = new Int32Array(COLUMNS);
  let format: TimeFormat | undefined;
  let rows = 0;
  let line = 1;
  let blankFrom = 0;

  while (pos < length) {
    line++;
    const end = lineEnd(text, pos);
    const contentEnd = trimCarriageReturn(text, pos, end);
    if (contentEnd === pos || isBlank(text, pos, contentEnd)) {
      if (blankFrom === 0) blankFrom = line;
      pos = end + 1;
      continue;
    }
    if (blankFrom !== 0) fail(blankFrom, 'blank line before the end of the data');

    let cells = 0;
    let at = pos;
    for (;;) {
      let stop = text.indexOf(',', at);
      if (stop < 0 || stop > contentEnd) stop = contentEnd;
      if (cells < COLUMNS) {
        cellStart[cells] = at;
        cellEnd[cells] = stop;
      }
      cells++;
      if (stop >= contentEnd) break;
      at = stop + 1;
    }
    if (cells !== COLUMNS) fail(line, `${cells} columns, expected ${COLUMNS}`);
    for (let k = 0; k < COLUMNS; k++) trimCell(text, cellStart, cellEnd, k);

    const ts = readTime(text, cellStart[0], cellEnd[0], format, line, fail);
    if (format === undefined) format = detectFormat(text, cellStart[0], cellEnd[0]);
    const o = readNumber(text, cellStart, cellEnd, 1, line, fail);
    const h = readNumber(text, cellStart, cellEnd, 2, line, fail);
    const l = readNumber(text, cellStart, cellEnd, 3, line, fail);
    const c = readNumber(text, cellStart, cellEnd, 4, line, fail);
    const v = readNumber(text, cellStart, cellEnd, 5, line, fail);

    if (!(o > 0)) fail(line, `open ${o} must be > 0`);
    if (!(h > 0)) fail(line, `high ${h} must be > 0`);
    if (!(l > 0)) fail(line, `low ${l} must be > 0`);
    if (!(c > 0)) fail(line, `close ${c} must be > 0`);
    if (!(v >= 0)) fail(line, `volume ${v} must be >= 0`);
    if (h < l) fail(line, `high ${h} is below low ${l}`);
    if (h < o) fail(line, `high ${h} is below open ${o}`);
    if (h < c) fail(line, `high ${h} is below close ${c}`);
    if (l > o) fail(line, `low ${l} is above open ${o}`);
    if (l > c) fail(line, `low ${l} is above close ${c}`);
    if (rows > 0 && !(ts > time[rows - 1])) {
      const f = format as TimeFormat;
      fail(line, `time ${formatTime(ts, f)} is not after the previous row's ${formatTime(time[rows - 1], f)}`);
    }

    time[rows] = ts;
    open[rows] = o;
    high[rows] = h;
    low[rows] = l;
    close[rows] = c;
    volume[rows] = v;
    rows++;
    pos = end + 1;
  }
  if (rows === 0) fail(Math.max(2, line), 'no data rows after the header');
  return { series: truncateSeries(series, rows), timeFormat: format as TimeFormat, timeHeader };
}

function lineEnd(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

function trimCarriageReturn(text: string, start: number, end: number): number {
  return end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN ? end - 1 : end;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function countLines(text: string, from: number): number {
  let count = 1;
  for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function unquote(cell: string): string {
  return cell.length >= 2 && cell.startsWith('"') && cell.endsWith('"') ? cell.slice(1, -1) : cell;
}

/** Narrows cell k to drop surrounding spaces and one pair of double quotes. */
function trimCell(text: string, starts: Int32Array, ends: Int32Array, k: number): void {
  let s = starts[k];
  let e = ends[k];
  while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
  while (e > s && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e - s >= 2 && text.charCodeAt(s) === 34 && text.charCodeAt(e - 1) === 34) {
    s++;
    e--;
  }
  starts[k] = s;
  ends[k] = e;
}

const FIELD_NAMES = ['time', 'open', 'high', 'low', 'close', 'volume'];

function readNumber(
  text: string,
  starts: Int32Array,
  ends: Int32Array,
  k: number,
  line: number,
  fail: (line: number, reason: string) => never,
): number {
  const value = parseDecimal(text, starts[k], ends[k]);
  if (value - value !== 0) {
    const cell = text.slice(starts[k], ends[k]);
    fail(line, cell.length === 0 ? `${FIELD_NAMES[k]} is empty` : `${FIELD_NAMES[k]} ${JSON.stringify(cell)} is not a finite number`);
  }
  return value;
}

function detectFormat(text: string, start: number, end: number): TimeFormat {
  if (text.charCodeAt(start + 4) === 45) return end - start === 10 ? 'date' : 'iso';
  return parseDecimal(text, start, end) < EPOCH_MS_THRESHOLD ? 'epoch-s' : 'epoch-ms';
}

function readTime(
  text: string,
  start: number,
  end: number,
  format: TimeFormat | undefined,
  line: number,
  fail: (line: number, reason: string) => never,
): number {
  const numeric = format === 'epoch-s' || format === 'epoch-ms' || (format === undefined && text.charCodeAt(start + 4) !== 45);
  if (!numeric) {
    const ms = parseIsoTime(text, start, end);
    if (ms - ms !== 0) {
      fail(line, `time ${JSON.stringify(text.slice(start, end))} is not an ISO-8601 date (2022-01-31) or date-time (2022-01-31T13:45:00Z)`);
    }
    return ms;
  }
  const value = parseDecimal(text, start, end);
  if (!(value >= 0)) {
    fail(line, `time ${JSON.stringify(text.slice(start, end))} is not an ISO-8601 date or date-time, nor epoch seconds or milliseconds`);
  }
  const seconds = format === undefined ? value < EPOCH_MS_THRESHOLD : format === 'epoch-s';
  return seconds ? Math.round(value * 1000) : Math.round(value);
}
