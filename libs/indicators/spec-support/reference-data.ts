/**
 * Spec-only helpers: read the shared OHLCV data and the TTR 0.24.3 reference values from
 * `../shared` (next to the repo), never copied into it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bar } from '../src/indicator';

const SHARED = resolve(__dirname, '../../../../shared');

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function readCsv(file: string): Table {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length === 0) throw new Error(`${file}: empty CSV`);
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) {
      throw new Error(`${file}: line ${i + 2} has ${cells.length} cells, expected ${header.length}`);
    }
    return cells;
  });
  return { header, rows };
}

function parseNumber(file: string, row: number, column: string, cell: string): number {
  const value = Number(cell);
  if (cell.trim() === '' || !Number.isFinite(value)) {
    throw new Error(`${file}: row ${row + 1} column ${column} is not a number: '${cell}'`);
  }
  return value;
}

function column(table: Table, file: string, name: string): number {
  const index = table.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (index < 0) throw new Error(`${file}: no column '${name}' in ${table.header.join(',')}`);
  return index;
}

/** Bars from a `Date|ts,Open,High,Low,Close,Volume` file (either capitalisation). */
export function readBars(file: string): Bar[] {
  const table = readCsv(file);
  const [o, h, l, c, v] = ['open', 'high', 'low', 'close', 'volume'].map((name) => column(table, file, name));
  return table.rows.map((cells, row) => ({
    open: parseNumber(file, row, 'open', cells[o]),
    high: parseNumber(file, row, 'high', cells[h]),
    low: parseNumber(file, row, 'low', cells[l]),
    close: parseNumber(file, row, 'close', cells[c]),
    volume: parseNumber(file, row, 'volume', cells[v]),
  }));
}

/** Reference columns by name; an empty cell (warm-up) is `undefined`. */
export function readReference(file: string): Map<string, (number | undefined)[]> {
  const table = readCsv(file);
  const columns = new Map<string, (number | undefined)[]>();
  table.header.forEach((name, index) => {
    if (index === 0) return;
    columns.set(
      name,
      table.rows.map((cells, row) => (cells[index] === '' ? undefined : parseNumber(file, row, name, cells[index]))),
    );
  });
  return columns;
}

export interface ReferenceCase {
  /** File name of the reference, for test names. */
  readonly referenceFile: string;
  readonly bars: Bar[];
  readonly reference: Map<string, (number | undefined)[]>;
}

export function loadReferenceCase(dataFile: string, referenceFile: string): ReferenceCase {
  const bars = readBars(resolve(SHARED, 'data', dataFile));
  const reference = readReference(resolve(SHARED, 'reference', referenceFile));
  const closes = reference.get('close');
  if (closes === undefined || closes.length !== bars.length) {
    throw new Error(`${referenceFile}: expected ${bars.length} rows with a close column`);
  }
  closes.forEach((close, i) => {
    if (close !== bars[i].close) throw new Error(`${referenceFile}: row ${i + 1} close ${close} != data ${bars[i].close}`);
  });
  return { referenceFile, bars, reference };
}

export const ttrcCase = (): ReferenceCase => loadReferenceCase('ttrc_daily.csv', 'ttr_ttrc.csv');
export const googCase = (): ReferenceCase => loadReferenceCase('goog_daily_2004_2013.csv', 'ttr_goog_daily.csv');
export const ttrcBars = (): Bar[] => readBars(resolve(SHARED, 'data', 'ttrc_daily.csv'));
