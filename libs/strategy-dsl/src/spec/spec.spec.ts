import type { StrategyGraph } from '../graph/graph-schema';
import { ExpressionError } from '../expression/expression-error';
import { graphToSpec } from './graph-to-spec';
import { compileSpec, specToGraph } from './spec-to-graph';
import type { StrategyRules } from './strategy-spec';

describe('strategy spec <-> graph', () => {
  const rules: StrategyRules = {
    name: 'rsi-dip',
    entry: 'rsi(close, $period) < 30 and close > sma(close, 200)',
    exit: 'rsi(close, $period) > 60',
    sizing: { mode: 'long-only', weight: 0.5 },
    params: { period: { type: 'integer', default: 14, min: 2, max: 100 } },
  };

  it('compiles entry and exit around one sizing node and one target node, sharing common nodes', () => {
    const graph = specToGraph(rules);
    expect(graph.nodes.map((n) => n.id)).toEqual(['close', 'rsi1', 'const1', 'lt1', 'sma1', 'gt1', 'and1', 'const2', 'gt2', 'sizing', 'target']);
    expect(graph.nodes.slice(-2)).toEqual([
      { id: 'sizing', kind: 'sizing', mode: 'long-only', weight: 0.5, inputs: { entry: 'and1', exit: 'gt2' } },
      { id: 'target', kind: 'target', inputs: { weight: 'sizing' } },
    ]);
    expect(graph.params).toEqual(rules.params);
  });

  it('prints a graph back to the same spec, and that spec compiles to the same graph', () => {
    const graph = specToGraph(rules);
    expect(graphToSpec(graph)).toEqual(rules);
    expect(specToGraph(graphToSpec(graph))).toEqual(graph);
  });

  it('prints the proportional and long-short modes', () => {
    const proportional: StrategyRules = { signal: "ml('trend') * 2", sizing: { mode: 'proportional', weight: 1, scale: 0.5 } };
    expect(graphToSpec(specToGraph(proportional))).toEqual(proportional);
    const reversal: StrategyRules = { entry: 'close > open', exit: 'close < open', sizing: { mode: 'long-short' } };
    expect(graphToSpec(specToGraph(reversal))).toEqual(reversal);
  });

  it('labels expression errors with the expression they are in', () => {
    const run = (r: StrategyRules) => () => specToGraph(r);
    expect(run({ ...rules, exit: 'rsi(close, $period) + 60' })).toThrow(
      'exit expression at 1:1: the exit expression must be a condition (boolean series), but it is a number series\n  rsi(close, $period) + 60\n  ^^^^^^^^^^^^^^^^^^^^^^^^',
    );
    expect(run({ ...rules, entry: 'rsi(close, $length) < 30' })).toThrow('entry expression at 1:12: $length is not a declared parameter');
    expect(run({ ...rules, entry: 'rsi(close, $period) < 30' })).not.toThrow();
    try {
      specToGraph({ ...rules, exit: 'close >' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionError);
      expect([(error as ExpressionError).label, (error as ExpressionError).line, (error as ExpressionError).col]).toEqual(['exit expression', 1, 8]);
    }
  });

  it('requires the expressions each sizing mode needs', () => {
    expect(() => specToGraph({ signal: 'close', sizing: { mode: 'long-only' } })).toThrow(
      'invalid strategy spec: field "entry": the long-only sizing mode needs an "entry" expression [schema]',
    );
    expect(() => specToGraph({ entry: 'close > 1', sizing: { mode: 'proportional' } })).toThrow('the proportional sizing mode needs a "signal" expression');
    expect(() => specToGraph({ entry: 'close > 1', signal: 'close', sizing: { mode: 'proportional' } })).toThrow(
      'field "entry": the proportional sizing mode uses "signal", not "entry"',
    );
    expect(() => specToGraph({ entry: 'close > 1', sizing: { mode: 'all-in' } } as unknown as StrategyRules)).toThrow(
      'field "sizing.mode": must be one of "long-only", "long-short", "proportional"',
    );
  });

  it('checks parameter ranges of the compiled graph', () => {
    expect(() => specToGraph({ ...rules, sizing: { mode: 'long-only', weight: 20 } })).toThrow('node "sizing" field "weight": must be a number in (0, 10], got 20');
  });

  it('compileSpec also checks the instruments and timeframe', () => {
    expect(compileSpec({ ...rules, instruments: ['BTC-USDT'], timeframe: '1m' })).toEqual(specToGraph(rules));
    expect(() => compileSpec({ ...rules, instruments: [] })).toThrow('field "instruments": must not have fewer than 1 items');
    expect(() => compileSpec({ ...rules, instruments: ['X'], timeframe: 'minute' })).toThrow('field "timeframe": must match pattern');
  });

  it('refuses to print a graph whose target does not read a sizing node', () => {
    const graph: StrategyGraph = {
      version: 1,
      name: 'raw',
      nodes: [
        { id: 'close', kind: 'price', field: 'close' },
        { id: 'out', kind: 'target', inputs: { weight: 'close' } },
      ],
    };
    expect(() => graphToSpec(graph)).toThrow('graph "raw" cannot be printed as a spec: its target node "out" must read a sizing node');
  });
});
