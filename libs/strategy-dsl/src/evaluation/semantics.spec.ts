import type { GraphNode, StrategyGraph } from '../graph/graph-schema';
import { GraphBuilder } from '../expression/graph-builder';
import { specToGraph } from '../spec/spec-to-graph';
import type { StrategyRules } from '../spec/strategy-spec';
import { instantiateTemplate } from '../templates/registry';
import { Prng } from '../testing/prng';
import { randomBarAfter, randomBars } from '../testing/random-graph';
import { compileGraph } from './compiler';
import type { BarValues, EvaluatorKind, StrategyEvaluator } from './evaluator';
import { interpretGraph } from './interpreter';
import { buildPlan, type EvaluationPlan } from './plan';

const bar = (close: number, extra: Partial<BarValues> = {}): BarValues => ({ open: close, high: close, low: close, close, volume: 1, ...extra });

function make(kind: EvaluatorKind, plan: EvaluationPlan): StrategyEvaluator {
  return kind === 'interpreted' ? interpretGraph(plan) : compileGraph(plan, {}, { probe: true }).create();
}

/** A graph around one expression, with a sizing node reading it so the graph is complete. */
function expressionGraph(expression: string): { graph: StrategyGraph; key: string } {
  const builder = new GraphBuilder();
  const out = builder.addExpression(expression);
  const sizing: GraphNode =
    out.type === 'number'
      ? { id: 'sizing', kind: 'sizing', mode: 'proportional', inputs: { signal: out.ref } }
      : { id: 'sizing', kind: 'sizing', mode: 'long-only', inputs: { entry: out.ref } };
  const nodes: GraphNode[] = [...builder.nodes, sizing, { id: 'target', kind: 'target', inputs: { weight: 'sizing' } }];
  return { graph: { version: 1, nodes }, key: out.ref.includes('.') ? out.ref : `${out.ref}.value` };
}

describe.each<EvaluatorKind>(['interpreted', 'compiled'])('%s evaluator', (kind) => {
  /** Values of `expression` after each bar (booleans as 1 / 0 / NaN = not ready). */
  function series(expression: string, bars: readonly BarValues[]): number[] {
    const { graph, key } = expressionGraph(expression);
    const plan = buildPlan(graph, {}, { keepUnused: true });
    const slot = plan.slots.find((s) => s.key === key);
    if (!slot) throw new Error(`no slot ${key}`);
    const evaluator = make(kind, plan);
    const values = new Float64Array(plan.slots.length);
    return bars.map((b) => {
      evaluator.onBar(b);
      evaluator.readSlots(values);
      return values[slot.index];
    });
  }
  const closes = (...xs: number[]) => xs.map((x) => bar(x));

  function targets(rules: StrategyRules, bars: readonly BarValues[]): number[] {
    const plan = buildPlan(specToGraph(rules));
    const evaluator = make(kind, plan);
    return bars.map((b) => evaluator.onBar(b));
  }

  it('an indicator is not ready (NaN) until its warm-up is over', () => {
    expect(series('sma(close, 3)', closes(1, 2, 3, 4))).toEqual([NaN, NaN, 2, 3]);
    // MACD(2, 3, 2): the macd line needs 3 inputs, the signal line 3 + 2 - 1.
    expect(series('macd(close, 2, 3, 2).macd', closes(1, 2, 3, 4, 5)).map(Number.isNaN)).toEqual([true, true, false, false, false]);
    expect(series('macd(close, 2, 3, 2).signal', closes(1, 2, 3, 4, 5)).map(Number.isNaN)).toEqual([true, true, true, false, false]);
  });

  it('a comparison with a not-ready input is not ready, and so are and / or / not of it', () => {
    expect(series('sma(close, 3) > 1.5', closes(1, 2, 3, 1, 0))).toEqual([NaN, NaN, 1, 1, 0]);
    expect(series('not (sma(close, 3) > 1.5)', closes(1, 2, 3, 1, 0))).toEqual([NaN, NaN, 0, 0, 1]);
    expect(series('close > 0 or sma(close, 2) > 100', closes(1, 2))).toEqual([NaN, 1]);
    expect(series('close > 0 and lag(close) > 0', closes(1, 2))).toEqual([NaN, 1]);
    expect(series('close != sma(close, 2)', closes(1, 1, 2))).toEqual([NaN, 0, 1]);
    expect(series('close == 2', closes(1, 2))).toEqual([0, 1]);
  });

  it('crossUp / crossDown are strict on both bars: touching the level and leaving it is not a cross', () => {
    const path = closes(9, 10, 11, 9, 11, 12, 11, 10, 9);
    expect(series('crossUp(close, 10)', path)).toEqual([NaN, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(series('crossDown(close, 10)', path)).toEqual([NaN, 0, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('above / below with hysteresis switch at level +- h and hold in between', () => {
    const path = closes(10, 11.5, 10.5, 9.5, 9, 10.5, 11.1);
    expect(series('above(close, 10, 1)', path)).toEqual([0, 1, 1, 1, 0, 0, 1]);
    expect(series('above(close, 10)', path)).toEqual([0, 1, 1, 0, 0, 1, 1]);
    expect(series('below(close, 10, 1)', closes(10, 8.5, 10.5, 11, 8.9))).toEqual([0, 1, 1, 0, 1]);
    expect(series('above(sma(close, 2), 10)', closes(12, 12, 8))).toEqual([NaN, 1, 0]);
  });

  it('lag(x, n) is x from n bars before, not ready for the first n bars', () => {
    expect(series('lag(close, 2)', closes(1, 2, 3, 4))).toEqual([NaN, NaN, 1, 2]);
    expect(series('lag(close)', closes(1, 2, 3, 4))).toEqual([NaN, 1, 2, 3]);
  });

  it('arithmetic that gives no finite number (x / 0) is not ready', () => {
    expect(series('close / (close - 2)', closes(1, 2, 4))).toEqual([-1, NaN, 2]);
    expect(series('min(close, 3) * -2 + abs(-close)', closes(1, 5))).toEqual([-1, -1]);
  });

  it('an indicator is fed only on bars where its input is ready', () => {
    // x = 2, NaN, 3, 1.5: the SMA sees 2, 3, 1.5.
    expect(series('sma(close / (close - 2), 2)', closes(4, 2, 3, 6))).toEqual([NaN, NaN, 2.5, 2.25]);
  });

  it('ml() is not ready until advice arrives, then reads the latest score of its model', () => {
    const { graph } = expressionGraph("ml() + ml('m1')");
    const plan = buildPlan(graph, {}, { keepUnused: true });
    const evaluator = make(kind, plan);
    const values = new Float64Array(plan.slots.length);
    const read = (key: string) => {
      evaluator.readSlots(values);
      return values[plan.slots.findIndex((s) => s.key === key)];
    };
    evaluator.onBar(bar(1));
    expect([read('ml1.value'), read('ml2.value')]).toEqual([NaN, NaN]);
    evaluator.setMlAdvice('m2', 0.5);
    evaluator.onBar(bar(1));
    expect([read('ml1.value'), read('ml2.value'), read('add1.value')]).toEqual([0.5, NaN, NaN]);
    evaluator.setMlAdvice('m1', -0.25);
    evaluator.onBar(bar(1));
    expect([read('ml1.value'), read('ml2.value'), read('add1.value')]).toEqual([-0.25, -0.25, -0.5]);
  });

  it('long-only sizing: entry -> weight, exit -> 0, neither or both -> hold', () => {
    const path = closes(8, 11, 12, 7, 4, 6, 11);
    expect(targets({ entry: 'close > 10', exit: 'close < 5', sizing: { mode: 'long-only' } }, path)).toEqual([0, 1, 1, 1, 0, 0, 1]);
    expect(targets({ entry: 'close > 10', exit: 'close > 11', sizing: { mode: 'long-only', weight: 0.5 } }, closes(11, 12, 4))).toEqual([0.5, 0.5, 0.5]);
    expect(targets({ entry: 'close > 10', sizing: { mode: 'long-only' } }, closes(8, 11, 4))).toEqual([0, 1, 1]);
  });

  it('long-short sizing: entry -> +weight, exit -> -weight', () => {
    const path = closes(8, 11, 12, 7, 4, 6, 11);
    expect(targets({ entry: 'close > 10', exit: 'close < 5', sizing: { mode: 'long-short', weight: 0.5 } }, path)).toEqual([0, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5]);
  });

  it('proportional sizing: signal x scale clamped to +-weight; a signal that is not ready holds', () => {
    const path = closes(8, 12, 20, 4, 10);
    expect(targets({ signal: 'sma(close, 2) - 10', sizing: { mode: 'proportional', scale: 0.5, weight: 2 } }, path)).toEqual([0, 0, 2, 1, -1.5]);
  });

  it('the target clamps to +-10 and keeps its previous value while its input is not ready', () => {
    const graph: StrategyGraph = {
      version: 1,
      nodes: [
        { id: 'close', kind: 'price', field: 'close' },
        { id: 'two', kind: 'constant', value: 2 },
        { id: 'x', kind: 'arith', op: 'div', inputs: { a: 'close', b: 'two' } },
        { id: 'gap', kind: 'arith', op: 'sub', inputs: { a: 'close', b: 'two' } },
        { id: 'y', kind: 'arith', op: 'div', inputs: { a: 'x', b: 'gap' } },
        { id: 'target', kind: 'target', inputs: { weight: 'y' } },
      ],
    };
    const evaluator = make(kind, buildPlan(graph));
    expect(closes(4, 2, 2.1, 3).map((b) => evaluator.onBar(b))).toEqual([1, 1, 10, 1.5]);
  });

  it('revising the latest bar gives exactly what a run fed only the final bars gives', () => {
    const graphs = [
      instantiateTemplate('sma-cross', { params: { fast: 2, slow: 5 }, instruments: ['X'] }).graph,
      instantiateTemplate('macd-rsi', { params: { fast: 2, slow: 4, signal: 2, rsiPeriod: 3 }, instruments: ['X'] }).graph,
      instantiateTemplate('donchian-breakout', { params: { entryPeriod: 3, exitPeriod: 2 }, instruments: ['X'] }).graph,
      specToGraph({
        entry: 'above(sma(typical, 2), 100, 0.5) and crossUp(lag(close, 2), typical)',
        exit: 'below(zscore(close, 3), 0, 0.2) or adx(3).adx > 30',
        sizing: { mode: 'long-short' },
      }),
    ];
    const rng = new Prng(11);
    for (const graph of graphs) {
      const plan = buildPlan(graph, {}, { keepUnused: true });
      const fresh = make(kind, plan);
      const revised = make(kind, plan);
      const a = new Float64Array(plan.slots.length);
      const b = new Float64Array(plan.slots.length);
      let revisions = 0;
      for (const final of randomBars(rng, 200)) {
        fresh.onBar(final);
        if (rng.chance(0.5)) {
          revised.onBar(randomBarAfter(rng, final.open));
          if (rng.chance(0.5)) revised.reviseBar(randomBarAfter(rng, final.open));
          revised.reviseBar(final);
          revisions++;
        } else revised.onBar(final);
        fresh.readSlots(a);
        revised.readSlots(b);
        expect([graph.name, revised.target, [...b]]).toEqual([graph.name, fresh.target, [...a]]);
      }
      expect([revisions > 50, revised.bars, fresh.bars]).toEqual([true, 200, 200]);
    }
  });

  it('a revision that makes an indicator input not ready gives NaN and keeps the input fed earlier in the bar (known limit)', () => {
    // Indicators cannot forget an input, so the draft's 2 stays in the SMA after the final bar's
    // input turns out not ready; a fresh run fed only the final bars would not have it.
    const { graph, key } = expressionGraph('sma(close / (close - 2), 2)');
    const plan = buildPlan(graph, {}, { keepUnused: true });
    const evaluator = make(kind, plan);
    const values = new Float64Array(plan.slots.length);
    const read = () => {
      evaluator.readSlots(values);
      return values[plan.slots.findIndex((s) => s.key === key)];
    };
    evaluator.onBar(bar(3)); // 3
    evaluator.onBar(bar(4)); // draft: 2
    expect(read()).toBe(2.5);
    evaluator.reviseBar(bar(2)); // final: not ready
    expect(read()).toBeNaN();
    evaluator.onBar(bar(6)); // 1.5
    expect(read()).toBe(1.75);
  });

  it('reviseBar before any bar evaluates a first bar; bars counts new bars only', () => {
    const evaluator = make(kind, buildPlan(specToGraph({ entry: 'close > lag(close)', sizing: { mode: 'long-only' } })));
    expect([evaluator.reviseBar(bar(5)), evaluator.bars]).toEqual([0, 1]);
    expect([evaluator.reviseBar(bar(6)), evaluator.bars]).toEqual([0, 1]);
    expect([evaluator.onBar(bar(7)), evaluator.bars]).toEqual([1, 2]);
    expect([evaluator.reviseBar(bar(5)), evaluator.target, evaluator.bars]).toEqual([0, 0, 2]);
  });
});
