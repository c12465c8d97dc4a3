import type { ArithOp, CompareOp, GraphNode, ParamDecls, PriceField, SizingMode, StrategyGraph } from '../graph/graph-schema';
import { ARITH_OPS, COMPARE_OPS, PRICE_FIELDS, SIZING_MODES } from '../graph/graph-schema';
import { indicatorCatalog } from '../graph/indicator-catalog';
import type { BarValues } from '../evaluation/evaluator';
import type { Prng } from './prng';

/**
 * Random valid strategy graphs for property tests: every node kind, small indicator periods (so
 * values appear within a hundred bars), `$parameters`, shared nodes, and a sizing node reading
 * random signals. Only expression-shaped nodes feed the sizing node, so graphToSpec can print it.
 */
export function randomGraph(rng: Prng, index: number): StrategyGraph {
  const nodes: GraphNode[] = [];
  const numbers: string[] = [];
  const booleans: string[] = [];
  const params: ParamDecls = {};
  let next = 0;
  const id = (prefix: string) => `${prefix}${next++}`;
  const add = (node: GraphNode, out: string[], ports: readonly string[] = ['']) => {
    nodes.push(node);
    for (const port of ports) out.push(port === '' ? node.id : `${node.id}.${port}`);
  };
  // Recent outputs are picked more often, which makes deeper graphs.
  const pickFrom = (pool: string[]) => (rng.chance(0.5) ? pool[rng.int(Math.max(0, pool.length - 3), pool.length - 1)] : rng.pick(pool));
  const num = () => pickFrom(numbers);
  const bool = () => pickFrom(booleans);
  const small = () => rng.int(1, 6);
  /** Sometimes a literal, sometimes a declared `$parameter` with that default. */
  const value = (v: number, decl: { type: 'integer' | 'number'; min: number; max: number }) => {
    if (!rng.chance(0.25)) return v;
    const name = `p${Object.keys(params).length}`;
    params[name] = { ...decl, default: v };
    return `$${name}`;
  };

  for (const field of new Set([rng.pick(PRICE_FIELDS), 'close' as PriceField, rng.pick(PRICE_FIELDS)])) {
    add({ id: id(field), kind: 'price', field }, numbers);
  }
  add({ id: id('const'), kind: 'constant', value: value(rng.int(-3, 3) * 0.5 + 100, { type: 'number', min: -1e6, max: 1e6 }) }, numbers);
  if (rng.chance(0.3)) add({ id: id('ml'), kind: 'ml', ...(rng.chance(0.5) ? { model: rng.pick(['m1', 'm2']) } : {}) }, numbers);
  if (rng.chance(0.5)) {
    // (close - open) / (high - low): not ready on flat bars, so inputs go from ready to not ready and back.
    const [open, close, high, low] = (['open', 'close', 'high', 'low'] as const).map((field) => {
      const node: GraphNode = { id: id(field), kind: 'price', field };
      nodes.push(node);
      return node.id;
    });
    const body = id('sub');
    const range = id('sub');
    add({ id: body, kind: 'arith', op: 'sub', inputs: { a: close, b: open } }, []);
    add({ id: range, kind: 'arith', op: 'sub', inputs: { a: high, b: low } }, []);
    add({ id: id('div'), kind: 'arith', op: 'div', inputs: { a: body, b: range } }, numbers);
  }

  const count = rng.int(6, 18);
  for (let i = 0; i < count || booleans.length < 2; i++) {
    const roll = booleans.length === 0 && i > 3 ? 0.6 : rng.next();
    if (roll < 0.3) {
      const def = rng.pick([...indicatorCatalog.values()]);
      const args: Record<string, number | string> = {};
      for (const spec of def.params) {
        if (spec.optional && rng.chance(0.5)) continue;
        const fallback = spec.integer ? Math.max(spec.min, small()) : rng.pick([0.015, 0.5, 1, 2, 2.5].filter((x) => x >= spec.min && x <= spec.max));
        args[spec.name] = value(fallback, { type: spec.integer ? 'integer' : 'number', min: spec.min, max: spec.max });
      }
      if (def.name === 'macd') {
        args['fast'] = rng.int(1, 3);
        args['slow'] = rng.int(4, 7);
      }
      const node: GraphNode = { id: id(def.name), kind: 'indicator', indicator: def.name, params: args, ...(def.input === 'series' ? { inputs: { source: num() } } : {}) };
      add(node, numbers, def.outputs.length === 1 ? [''] : def.outputs);
    } else if (roll < 0.45) {
      const op: ArithOp = rng.pick(ARITH_OPS);
      const unary = op === 'abs' || op === 'neg';
      add({ id: id(op), kind: 'arith', op, inputs: unary ? { a: num() } : { a: num(), b: num() } }, numbers);
    } else if (roll < 0.6) {
      const op: CompareOp = rng.pick(COMPARE_OPS);
      add({ id: id(op), kind: 'compare', op, inputs: { a: num(), b: num() } }, booleans);
    } else if (roll < 0.7) {
      add({ id: id('cross'), kind: 'cross', direction: rng.pick(['up', 'down'] as const), inputs: { a: num(), b: num() } }, booleans);
    } else if (roll < 0.78 && booleans.length > 0) {
      const op = rng.pick(['and', 'or', 'not'] as const);
      add({ id: id(op), kind: 'logic', op, inputs: op === 'not' ? { a: bool() } : { a: bool(), b: bool() } }, booleans);
    } else if (roll < 0.88) {
      const hysteresis = rng.chance(0.5) ? { hysteresis: value(rng.pick([0, 0.5, 1, 2]), { type: 'number', min: 0, max: 10 }) } : {};
      add(
        {
          id: id('th'),
          kind: 'threshold',
          direction: rng.pick(['above', 'below'] as const),
          level: value(rng.pick([0, 1, 50, 100, 101]), { type: 'number', min: -1e6, max: 1e6 }),
          ...hysteresis,
          inputs: { value: num() },
        },
        booleans,
      );
    } else {
      add({ id: id('lag'), kind: 'lag', bars: value(rng.int(1, 3), { type: 'integer', min: 1, max: 10 }), inputs: { value: num() } }, numbers);
    }
  }

  const mode: SizingMode = rng.pick(SIZING_MODES);
  const sizingInputs: Record<string, string> =
    mode === 'proportional' ? { signal: num() } : { entry: bool(), ...(rng.chance(0.8) ? { exit: bool() } : {}) };
  const weight = rng.chance(0.5) ? { weight: value(rng.pick([0.5, 1, 2]), { type: 'number', min: 0.1, max: 10 }) } : {};
  const scale = mode === 'proportional' && rng.chance(0.5) ? { scale: rng.pick([0.01, 0.1, -1]) } : {};
  nodes.push({ id: 'sizing', kind: 'sizing', mode, ...weight, ...scale, inputs: sizingInputs });
  nodes.push({ id: 'target', kind: 'target', inputs: { weight: 'sizing' } });
  // Shuffled: validation must order the nodes, not the generator.
  for (let i = nodes.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  }
  return { version: 1, name: `random-${index}`, ...(Object.keys(params).length > 0 ? { params } : {}), nodes };
}

/**
 * A random walk on a grid of 0.1 (ten ticks a unit: values like 100.3 that binary floating point
 * cannot hold exactly, so any difference in how two evaluators round shows), coarse enough that
 * equal values (touches, ties, flat bars with high = low) happen often; volume is sometimes 0.
 */
export function randomBars(rng: Prng, count: number): BarValues[] {
  const bars: BarValues[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const bar = randomBarAfter(rng, close);
    bars.push(bar);
    close = bar.close;
  }
  return bars;
}

export function randomBarAfter(rng: Prng, previousClose: number): BarValues {
  const ticks = (x: number) => x / 10;
  const last = Math.round(previousClose * 10);
  const open = Math.max(5, last + rng.int(-1, 1) * 3);
  if (rng.chance(0.1)) return { open: ticks(open), high: ticks(open), low: ticks(open), close: ticks(open), volume: rng.int(0, 5) };
  const close = Math.max(5, open + rng.int(-3, 3) * 3);
  const high = Math.max(open, close) + rng.int(0, 2) * 3;
  const low = Math.max(1, Math.min(open, close) - rng.int(0, 2) * 3);
  return { open: ticks(open), high: ticks(high), low: ticks(low), close: ticks(close), volume: rng.chance(0.1) ? 0 : rng.int(1, 50) };
}
