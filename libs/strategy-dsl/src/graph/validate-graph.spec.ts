import { GraphValidationError } from './graph-issues';
import type { GraphNode, StrategyGraph } from './graph-schema';
import { resolveGraph, validateGraph } from './validate-graph';

/** close -> sma(10), sma(30) -> cross up / down -> long-only sizing -> target, with $fast declared. */
function smaCross(): StrategyGraph {
  return {
    version: 1,
    name: 'sma-cross',
    params: { fast: { type: 'integer', default: 10, min: 1, max: 100 } },
    nodes: [
      { id: 'target', kind: 'target', inputs: { weight: 'sizing' } },
      { id: 'sizing', kind: 'sizing', mode: 'long-only', inputs: { entry: 'golden', exit: 'death' } },
      { id: 'golden', kind: 'cross', direction: 'up', inputs: { a: 'fast', b: 'slow' } },
      { id: 'death', kind: 'cross', direction: 'down', inputs: { a: 'fast', b: 'slow' } },
      { id: 'fast', kind: 'indicator', indicator: 'sma', params: { period: '$fast' }, inputs: { source: 'close' } },
      { id: 'slow', kind: 'indicator', indicator: 'sma', params: { period: 30 }, inputs: { source: 'close' } },
      { id: 'close', kind: 'price', field: 'close' },
    ],
  };
}

function withNodes(change: (nodes: GraphNode[]) => void): StrategyGraph {
  const graph = smaCross();
  change(graph.nodes);
  return graph;
}

const node = <T extends GraphNode['kind']>(graph: StrategyGraph, id: string) => graph.nodes.find((n) => n.id === id) as Extract<GraphNode, { kind: T }>;
const messages = (graph: unknown, params = {}) => validateGraph(graph, params).map((i) => i.message);

describe('validateGraph', () => {
  it('accepts a valid graph and orders its nodes after their inputs', () => {
    const graph = smaCross();
    expect(validateGraph(graph)).toEqual([]);
    expect(resolveGraph(graph).order.map((r) => r.node.id)).toEqual(['close', 'fast', 'slow', 'golden', 'death', 'sizing', 'target']);
  });

  it('binds $parameters: defaults, given values, and the indicator arguments', () => {
    expect(resolveGraph(smaCross()).byId.get('fast')?.indicator?.args).toEqual([10]);
    expect(resolveGraph(smaCross(), { fast: 5 }).byId.get('fast')?.indicator?.args).toEqual([5]);
  });

  it('names the node and port of a missing input', () => {
    const graph = withNodes((nodes) => delete node<'cross'>({ version: 1, nodes }, 'golden').inputs['b']);
    expect(validateGraph(graph)).toEqual([
      { rule: 'missingInput', nodeId: 'golden', port: 'b', message: 'node "golden" port "b": needs a number input [missingInput]' },
    ]);
  });

  it('refuses a boolean output linked to a number input, and the reverse', () => {
    const graph = withNodes((nodes) => {
      node<'cross'>({ version: 1, nodes }, 'golden').inputs['a'] = 'death';
      node<'sizing'>({ version: 1, nodes }, 'sizing').inputs['exit'] = 'slow';
    });
    expect(messages(graph)).toEqual([
      'node "sizing" port "exit": expects a boolean series but "slow" is a number series [typeMismatch]',
      'node "golden" port "a": expects a number series but "death" is a boolean series [typeMismatch]',
    ]);
  });

  it('names a cycle by its nodes', () => {
    const graph = withNodes((nodes) => {
      nodes.push({ id: 'loop', kind: 'arith', op: 'add', inputs: { a: 'close', b: 'again' } });
      nodes.push({ id: 'again', kind: 'lag', bars: 1, inputs: { value: 'loop' } });
      node<'indicator'>({ version: 1, nodes }, 'slow').inputs = { source: 'loop' };
    });
    // slow reads the loop but is not part of it.
    expect(validateGraph(graph)).toEqual([{ rule: 'cycle', nodeId: 'loop', message: 'node "loop": the graph has a cycle: loop -> again -> loop [cycle]' }]);
    const self = withNodes((nodes) => nodes.push({ id: 'me', kind: 'arith', op: 'neg', inputs: { a: 'me' } }));
    expect(messages(self)).toEqual(['node "me": the graph has a cycle: me -> me [cycle]']);
  });

  it('names an unknown indicator, an unknown indicator parameter and a parameter out of range', () => {
    const graph = withNodes((nodes) => {
      nodes.push({ id: 'weird', kind: 'indicator', indicator: 'kama', params: { period: 10 }, inputs: { source: 'close' } });
      nodes.push({ id: 'bad', kind: 'indicator', indicator: 'rsi', params: { period: 0, length: 3 }, inputs: { source: 'close' } });
      nodes.push({ id: 'm', kind: 'indicator', indicator: 'macd', params: { fast: 26, slow: 12 }, inputs: { source: 'close' } });
      nodes.push({ id: 'bb', kind: 'indicator', indicator: 'bbands', params: { multiplier: 2.5, period: 20.5 }, inputs: { source: 'close' } });
    });
    expect(messages(graph)).toEqual([
      'node "weird" field "indicator": "kama" is not an indicator (known: sma, ema, rma, wma, rsi, macd, bbands, stddev, zscore, truerange, atr, adx, stoch, vwap, donchian, cci, obv) [unknownIndicator]',
      'node "bad" field "params.length": rsi has no parameter "length" (parameters: period) [unknownParam]',
      'node "bad" field "params.period": must be an integer in [1, 5000], got 0 [paramRange]',
      'node "m" field "params": fast (26) must be less than slow (12) [paramRange]',
      'node "bb" field "params.period": must be an integer in [1, 5000], got 20.5 [paramRange]',
    ]);
  });

  it('checks parameter values against their declaration and the node that uses them', () => {
    expect(messages(smaCross(), { fast: 0 })).toEqual(['parameter "fast": must be an integer in [1, 100], got 0 [paramRange]']);
    expect(messages(smaCross(), { slow: 5 })).toEqual(['parameter "slow": is not a parameter of this strategy (known: fast) [unknownParam]']);
    const wide = smaCross();
    (wide.params as NonNullable<StrategyGraph['params']>)['fast'].max = 10_000;
    expect(messages(wide, { fast: 6000 })).toEqual(['node "fast" field "params.period": must be an integer in [1, 5000], got 6000 (from $fast) [paramRange]']);
    const undeclared = withNodes((nodes) => (node<'indicator'>({ version: 1, nodes }, 'slow').params = { period: '$slow' }));
    expect(messages(undeclared)).toEqual(['node "slow" field "params.period": uses $slow, which the graph does not declare in "params" [undeclaredParam]']);
  });

  it('checks declarations and constraints between parameters', () => {
    const graph = smaCross();
    graph.params = {
      fast: { type: 'integer', default: 10, min: 1, max: 100 },
      slow: { type: 'integer', default: 300, min: 2, max: 200 },
    };
    graph.constraints = [{ param: 'fast', lessThan: 'slow' }];
    expect(messages(graph)).toEqual(['parameter "slow": must be an integer in [2, 200], its default is 300 [paramRange]']);
    expect(messages({ ...graph, params: { ...graph.params, slow: { ...graph.params.slow, default: 30 } } }, { fast: 40, slow: 40 })).toEqual([
      'parameter "fast": must be less than "slow" (40 >= 40) [paramRule]',
    ]);
  });

  it('names references to missing nodes and ports, and undeclared input ports', () => {
    const graph = withNodes((nodes) => {
      nodes.push({ id: 'm', kind: 'indicator', indicator: 'macd', inputs: { source: 'close' } });
      nodes.push({ id: 'c1', kind: 'compare', op: 'gt', inputs: { a: 'm', b: 'm.hist' } });
      nodes.push({ id: 'c2', kind: 'compare', op: 'gt', inputs: { a: 'nowhere', b: 'close.value', c: 'close' } });
      nodes.push({ id: 'c3', kind: 'compare', op: 'gt', inputs: { a: 'target', b: 'close' } });
    });
    expect(messages(graph)).toEqual([
      'node "c1" port "a": reads "m" but node "m" has several outputs (macd, signal, histogram); name one, e.g. "m.macd" [unknownPort]',
      'node "c1" port "b": reads "m.hist" but node "m" has no output "hist" (outputs: macd, signal, histogram) [unknownPort]',
      'node "c2" port "c": is not an input of this node (inputs: a, b) [unknownInput]',
      'node "c2" port "a": reads "nowhere" but there is no node "nowhere" [unknownNode]',
      'node "c3" port "a": reads "target" but node "target" has no outputs [unknownPort]',
    ]);
  });

  it('requires unique ids and exactly one target', () => {
    const twice = withNodes((nodes) => nodes.push({ id: 'close', kind: 'price', field: 'open' }));
    expect(messages(twice)).toEqual(['node "close": the id is used by more than one node [duplicateId]']);
    const none = withNodes((nodes) => nodes.splice(0, 1));
    expect(messages(none)).toEqual(['a graph needs exactly one target node, found 0 [targetCount]']);
    const two = withNodes((nodes) => nodes.push({ id: 't2', kind: 'target', inputs: { weight: 'slow' } }));
    expect(messages(two)).toEqual(['node "t2": a graph needs exactly one target node, found 2 (target, t2) [targetCount]']);
  });

  it('reports shape errors with the node id and field', () => {
    expect(messages({ version: 2, nodes: [] })).toEqual(['field "version": must be 1 [schema]', 'field "nodes": must not have fewer than 1 items [schema]']);
    const graph = withNodes((nodes) => {
      nodes.push({ id: 'x', kind: 'compare', op: 'less', inputs: {} } as unknown as GraphNode);
      nodes.push({ id: 'y', kind: 'threshold', direction: 'above', level: 'high', color: 'red', inputs: {} } as unknown as GraphNode);
      nodes.push({ id: 'z', kind: 'spline' } as unknown as GraphNode);
    });
    expect(messages(graph)).toEqual([
      'node "x" field "op": must be one of "lt", "le", "gt", "ge", "eq", "ne" [schema]',
      'node "y" field "color": is not an allowed property [schema]',
      'node "y" field "level": must be a number or a $parameter reference [schema]',
      'node "z" field "kind": must be one of price, constant, indicator, arith, compare, cross, logic, threshold, lag, ml, sizing, target, got "spline" [schema]',
    ]);
  });

  it('checks the ranges of lag, threshold and sizing numbers', () => {
    const graph = withNodes((nodes) => {
      nodes.push({ id: 'l', kind: 'lag', bars: 0, inputs: { value: 'close' } });
      nodes.push({ id: 't', kind: 'threshold', direction: 'above', level: 1, hysteresis: -1, inputs: { value: 'close' } });
      const sizing = node<'sizing'>({ version: 1, nodes }, 'sizing');
      sizing.weight = 11;
      sizing.scale = 2;
    });
    expect(messages(graph)).toEqual([
      'node "sizing" field "weight": must be a number in (0, 10], got 11 [paramRange]',
      'node "sizing" field "scale": only applies to the proportional mode, not long-only [paramRange]',
      'node "l" field "bars": must be an integer in [1, 1000], got 0 [paramRange]',
      'node "t" field "hysteresis": must be a finite number >= 0, got -1 [paramRange]',
    ]);
  });

  it('resolveGraph throws one error listing every issue', () => {
    const graph = withNodes((nodes) => delete node<'cross'>({ version: 1, nodes }, 'golden').inputs['b']);
    expect(() => resolveGraph(graph)).toThrow(GraphValidationError);
    expect(() => resolveGraph(graph)).toThrow('invalid strategy graph "sma-cross": node "golden" port "b": needs a number input [missingInput]');
  });
});
