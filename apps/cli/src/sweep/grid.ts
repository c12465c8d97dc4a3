import { UsageError } from '../args/usage-error';

export interface GridAxis {
  name: string;
  values: number[];
}

/** Grids bigger than this are a typo, not a sweep. */
export const MAX_COMBINATIONS = 1_000_000;

/**
 * `fast=5..50:5` (from..to inclusive, step), `fast=5..50` (step 1), `fast=5,8,13` or `fast=7`.
 * Values of fractional steps are rounded to 12 significant digits, so 0.1..0.3:0.1 gives
 * 0.1, 0.2, 0.3 and not 0.30000000000000004.
 */
export function parseGridAxis(text: string): GridAxis {
  const fail = (why: string): never => {
    throw new UsageError(`--grid ${JSON.stringify(text)}: ${why} (forms: name=from..to:step, name=a,b,c)`);
  };
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(text);
  if (match === null) return fail('expected name=values');
  const [, name, spec] = match;
  const num = (s: string, what: string) => {
    const x = s.trim() === '' ? NaN : Number(s);
    if (!Number.isFinite(x)) fail(`${what} ${JSON.stringify(s)} is not a number`);
    return x;
  };
  const range = /^(.+?)\.\.(.+?)(?::(.+))?$/.exec(spec);
  if (range === null) {
    const values = spec.split(',').map((s) => num(s, 'value'));
    if (new Set(values).size !== values.length) fail('values repeat');
    return { name, values };
  }
  const from = num(range[1], 'from');
  const to = num(range[2], 'to');
  const step = range[3] === undefined ? 1 : num(range[3], 'step');
  if (!(step > 0)) fail('step must be > 0');
  if (to < from) fail(`to (${to}) is below from (${from})`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_COMBINATIONS) fail(`${count} values are too many`);
  const values = Array.from({ length: count }, (_, k) => Number((from + k * step).toPrecision(12)));
  return { name, values };
}

/** Every combination, the first axis varying slowest (the order the grid flags were given in). */
export function combinations(axes: readonly GridAxis[]): Array<Record<string, number>> {
  const names = new Set<string>();
  for (const axis of axes) {
    if (names.has(axis.name)) throw new UsageError(`--grid ${axis.name} is given twice`);
    names.add(axis.name);
  }
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_COMBINATIONS) throw new UsageError(`the grid has ${total} combinations, more than ${MAX_COMBINATIONS}`);
  const out: Array<Record<string, number>> = [];
  const walk = (k: number, current: Record<string, number>) => {
    if (k === axes.length) {
      out.push({ ...current });
      return;
    }
    for (const v of axes[k].values) {
      current[axes[k].name] = v;
      walk(k + 1, current);
    }
  };
  walk(0, {});
  return out;
}
