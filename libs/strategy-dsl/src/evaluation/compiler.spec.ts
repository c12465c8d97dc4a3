import type { StrategyGraph } from '../graph/graph-schema';
import { instantiateTemplate } from '../templates/registry';
import { Prng } from '../testing/prng';
import { randomBars } from '../testing/random-graph';
import { compileGraph, generateSource } from './compiler';
import { interpretGraph } from './interpreter';
import { buildPlan } from './plan';

describe('compileGraph', () => {
  const smaCross = instantiateTemplate('sma-cross', { instruments: ['BTC-USDT'] }).graph;

  it('generates readable source: one class, indicator fields, plain locals in topological order', () => {
    const { source } = compileGraph(smaCross);
    const lines = source.split('\n').map((l) => l.trim());
    const expectInOrder = [
      "const { SMA } = lib;",
      'class SmaCrossStrategy {',
      'this.sma1 = new SMA(10);',
      'this.sma2 = new SMA(30);',
      'evaluate(bar, isNew) {',
      'this.crossUp1_a0 = this.crossUp1_a;',
      'const close = bar.close;',
      '// sma1 = sma(close, 10)',
      'const sma1 = (isNew ? this.sma1.update(close) : this.sma1.replaceLast(close)) ?? NaN;',
      'const sma2 = (isNew ? this.sma2.update(close) : this.sma2.replaceLast(close)) ?? NaN;',
      'const crossUp1 = crossedAbove(this.crossUp1_a0, this.crossUp1_b0, sma1, sma2);',
      'const crossDown1 = crossedBelow(this.crossDown1_a0, this.crossDown1_b0, sma1, sma2);',
      '// long-only sizing: crossUp1 -> 1, crossDown1 -> 0; neither or both: hold',
      'this.sizing_latest = crossUp1 === 1 ? (crossDown1 === 1 ? this.sizing_before : 1) : crossDown1 === 1 ? 0 : this.sizing_before;',
      'this.target = sizing !== sizing ? this.targetBefore : Math.max(-10, Math.min(10, sizing));',
      'return this.target;',
      'return SmaCrossStrategy;',
    ];
    let at = 0;
    for (const wanted of expectInOrder) {
      const found = lines.indexOf(wanted, at);
      expect([wanted, found >= at]).toEqual([wanted, true]);
      at = found + 1;
    }
    // Only the helpers it uses, and no evaluation of anything the target does not need.
    expect(source).not.toContain('function lessThan');
    expect(source).toContain('function crossedAbove(a0, b0, a, b)');
  });

  it('is deterministic: the same graph gives the same source', () => {
    expect(generateSource(buildPlan(smaCross))).toBe(generateSource(buildPlan(instantiateTemplate('sma-cross', { instruments: ['X'] }).graph)));
  });

  it('loads one class per distinct source, so evaluators of one strategy share optimised code', () => {
    const a = compileGraph(smaCross).create();
    const b = compileGraph(instantiateTemplate('sma-cross', { instruments: ['Y'] }).graph).create();
    const c = compileGraph(smaCross, {}, { probe: true }).create();
    expect(a.constructor).toBe(b.constructor);
    expect(a.constructor).not.toBe(c.constructor);
  });

  it('binds parameters into the source', () => {
    const { graph, params } = instantiateTemplate('sma-cross', { params: { fast: 3, slow: 7 }, instruments: ['X'] });
    expect(params).toEqual({ fast: 3, slow: 7 });
    const { source } = compileGraph(graph);
    expect(source).toContain('this.sma1 = new SMA(3);');
    expect(source).toContain('this.sma2 = new SMA(7);');
  });

  it('keeps slot values only when compiled with probe', () => {
    const plain = compileGraph(smaCross).create();
    expect(() => plain.readSlots(new Float64Array(6))).toThrow('compiled without { probe: true }');
    const probed = compileGraph(smaCross, {}, { probe: true });
    const evaluator = probed.create();
    evaluator.onBar({ open: 1, high: 1, low: 1, close: 1, volume: 1 });
    const slots = new Float64Array(probed.plan.slots.length);
    evaluator.readSlots(slots);
    expect(probed.plan.slots.map((s) => s.key)).toEqual(['close.value', 'sma1.value', 'sma2.value', 'crossUp1.value', 'crossDown1.value', 'sizing.value']);
    expect([...slots]).toEqual([1, NaN, NaN, NaN, NaN, 0]);
  });

  it('gives nodes named like JavaScript keywords or its own members their own names, and still runs', () => {
    const graph: StrategyGraph = {
      version: 1,
      name: '42 strange names',
      nodes: [
        { id: 'class', kind: 'price', field: 'close' },
        { id: 'bar', kind: 'indicator', indicator: 'ema', params: { period: 3 }, inputs: { source: 'class' } },
        { id: 'evaluate', kind: 'indicator', indicator: 'sma', params: { period: 5 }, inputs: { source: 'class' } },
        { id: 'isNew', kind: 'cross', direction: 'up', inputs: { a: 'bar', b: 'evaluate' } },
        { id: 'this', kind: 'cross', direction: 'down', inputs: { a: 'bar', b: 'evaluate' } },
        { id: 'target', kind: 'sizing', mode: 'long-short', inputs: { entry: 'isNew', exit: 'this' } },
        { id: 'onBar', kind: 'target', inputs: { weight: 'target' } },
      ],
    };
    const compiled = compileGraph(graph);
    expect(compiled.source).toContain('class CompiledStrategy {');
    expect(compiled.source).toContain('const class_2 = bar.close;');
    const a = compiled.create();
    const b = interpretGraph(graph);
    const targets = new Set<number>();
    for (const bar of randomBars(new Prng(3), 300)) {
      const t = a.onBar(bar);
      expect(t).toBe(b.onBar(bar));
      targets.add(t);
    }
    expect([...targets].sort()).toEqual([-1, 0, 1]);
  });
});
