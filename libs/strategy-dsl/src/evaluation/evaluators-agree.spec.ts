import { validateGraph } from '../graph/validate-graph';
import { graphToSpec } from '../spec/graph-to-spec';
import { specToGraph } from '../spec/spec-to-graph';
import { Prng } from '../testing/prng';
import { randomBarAfter, randomGraph } from '../testing/random-graph';
import { compileGraph } from './compiler';
import type { StrategyEvaluator } from './evaluator';
import { interpretGraph } from './interpreter';
import { buildPlan } from './plan';

const GRAPHS = 400;
const BARS = 120;

/** One random session of calls, replayed identically on several evaluators. */
type Call = { kind: 'bar' | 'revise'; bar: Parameters<StrategyEvaluator['onBar']>[0] } | { kind: 'ml'; model: string; score: number };

function randomSession(rng: Prng): Call[] {
  const calls: Call[] = [];
  let close = 100;
  for (let i = 0; i < BARS; i++) {
    const bar = randomBarAfter(rng, close);
    calls.push({ kind: 'bar', bar });
    // A forming bar revised once or twice, ending on its final values.
    if (rng.chance(0.25)) {
      for (let r = rng.int(1, 2); r > 0; r--) calls.push({ kind: 'revise', bar: randomBarAfter(rng, close) });
      calls.push({ kind: 'revise', bar });
    }
    if (rng.chance(0.1)) calls.push({ kind: 'ml', model: rng.pick(['m1', 'm2', 'm3']), score: rng.int(-4, 4) / 4 });
    close = bar.close;
  }
  return calls;
}

function run(evaluator: StrategyEvaluator, call: Call): number {
  if (call.kind === 'ml') {
    evaluator.setMlAdvice(call.model, call.score);
    return evaluator.target;
  }
  return call.kind === 'bar' ? evaluator.onBar(call.bar) : evaluator.reviseBar(call.bar);
}

describe('compiled and interpreted evaluators agree', () => {
  it(`give bit-identical values on every node output and the same targets, over ${GRAPHS} random graphs`, () => {
    const rng = new Prng(0x5eed_2024);
    const mismatches: string[] = [];
    const kinds = new Set<string>();
    const indicators = new Set<string>();
    let calls = 0;
    let targetChanges = 0;
    let booleansTrue = 0;
    let booleansFalse = 0;
    let notReady = 0;

    for (let g = 0; g < GRAPHS && mismatches.length === 0; g++) {
      const graph = randomGraph(rng, g);
      expect([graph.name, validateGraph(graph)]).toEqual([graph.name, []]);
      for (const node of graph.nodes) {
        kinds.add(node.kind === 'sizing' ? `sizing:${node.mode}` : node.kind);
        if (node.kind === 'indicator') indicators.add(node.indicator);
      }
      // Every node is evaluated, not only those the target reads, so every kind is compared.
      const plan = buildPlan(graph, {}, { keepUnused: true });
      const interpreted = interpretGraph(plan);
      const probed = compileGraph(plan, {}, { probe: true }).create();
      const plain = compileGraph(plan).create();
      const a = new Float64Array(plan.slots.length);
      const b = new Float64Array(plan.slots.length);
      let previousTarget = 0;
      for (const call of randomSession(rng)) {
        calls++;
        const ta = run(interpreted, call);
        const tb = run(probed, call);
        const tc = run(plain, call);
        if (!Object.is(ta, tb) || !Object.is(ta, tc)) mismatches.push(`${graph.name} call ${calls}: targets ${ta} / ${tb} / ${tc}`);
        if (ta !== previousTarget) targetChanges++;
        previousTarget = ta;
        if (call.kind === 'ml') continue;
        interpreted.readSlots(a);
        probed.readSlots(b);
        for (const slot of plan.slots) {
          const x = a[slot.index];
          if (!Object.is(x, b[slot.index])) mismatches.push(`${graph.name} call ${calls}: ${slot.key} interpreted ${x}, compiled ${b[slot.index]}`);
          if (slot.type === 'boolean') {
            if (x === 1) booleansTrue++;
            else if (x === 0) booleansFalse++;
            else notReady++;
          }
        }
      }
      expect([graph.name, interpreted.bars, probed.bars]).toEqual([graph.name, BARS, BARS]);
    }

    expect(mismatches.slice(0, 5)).toEqual([]);
    // The random graphs exercised what they are meant to: every kind, every indicator, every
    // sizing mode, and booleans in all three states.
    expect([...kinds].sort()).toEqual(
      ['arith', 'compare', 'constant', 'cross', 'indicator', 'lag', 'logic', 'ml', 'price', 'sizing:long-only', 'sizing:long-short', 'sizing:proportional', 'target', 'threshold'].sort(),
    );
    expect(indicators.size).toBe(17);
    expect(targetChanges).toBeGreaterThan(GRAPHS);
    expect(Math.min(booleansTrue, booleansFalse, notReady)).toBeGreaterThan(1000);
  });

  it('agree with the graph printed as a spec and compiled back (graph -> expressions -> graph)', () => {
    const rng = new Prng(77);
    let compared = 0;
    for (let g = 0; g < 150; g++) {
      const graph = randomGraph(rng, g);
      const spec = graphToSpec(graph);
      const again = specToGraph(spec);
      // Printing the rebuilt graph gives the same text: the canonical form is a fixed point.
      expect(graphToSpec(again)).toEqual(spec);
      const original = compileGraph(graph).create();
      const rebuilt = compileGraph(again).create();
      let close = 100;
      for (let i = 0; i < 80; i++) {
        const bar = randomBarAfter(rng, close);
        close = bar.close;
        const expected = original.onBar(bar);
        expect([graph.name, i, rebuilt.onBar(bar)]).toEqual([graph.name, i, expected]);
        compared++;
      }
    }
    expect(compared).toBe(150 * 80);
  });
});
