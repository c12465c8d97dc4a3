import { templates, specToGraph, validateGraph, type StrategyGraph } from '@helios/strategy-dsl';
import { canvasToGraph, freshNodeId, graphToCanvas } from './graph-canvas';
import { linkProblem } from './connection-check';
import { expressionsOfGraph, graphOfExpressions } from './expression-sync';
import { PALETTE, idStem } from './palette';

const meanReversion = (): StrategyGraph => specToGraph(templates['mean-reversion'].spec);
const meta = (g: StrategyGraph) => {
  const { nodes: _nodes, ...rest } = g;
  return rest;
};

describe('graph <-> canvas', () => {
  it('maps every node to a block and every filled input port to an edge between the right handles', () => {
    const { nodes, edges } = graphToCanvas(meanReversion());
    expect(nodes.map((n) => n.id)).toEqual(['close', 'bbands1', 'lt1', 'gt1', 'sizing', 'target']);
    expect(edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle])).toEqual([
      ['close', 'value', 'bbands1', 'source'],
      ['close', 'value', 'lt1', 'a'],
      ['bbands1', 'lower', 'lt1', 'b'],
      ['close', 'value', 'gt1', 'a'],
      ['bbands1', 'middle', 'gt1', 'b'],
      ['lt1', 'value', 'sizing', 'entry'],
      ['gt1', 'value', 'sizing', 'exit'],
      ['sizing', 'value', 'target', 'weight'],
    ]);
    // Laid out left to right by depth: the price feeds the bands, the target is last.
    const x = Object.fromEntries(nodes.map((n) => [n.id, n.position.x]));
    expect(x['close']).toBeLessThan(x['bbands1']);
    expect(x['bbands1']).toBeLessThan(x['lt1']);
    expect(x['sizing']).toBeLessThan(x['target']);
  });

  it('round-trips: canvas -> graph gives the same graph (plus positions), still valid', () => {
    const graph = meanReversion();
    const { nodes, edges } = graphToCanvas(graph);
    const back = canvasToGraph(meta(graph), nodes, edges);
    expect(back.nodes.map(({ position: _p, ...n }) => n)).toEqual(graph.nodes);
    expect(back.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(validateGraph(back)).toEqual([]);
    expect(back.params).toEqual(graph.params);
  });

  it('a deleted edge empties that input (and the DSL then reports the missing input)', () => {
    const graph = meanReversion();
    const { nodes, edges } = graphToCanvas(graph);
    const back = canvasToGraph(meta(graph), nodes, edges.filter((e) => e.id !== 'sizing:entry'));
    expect(back.nodes.find((n) => n.id === 'sizing')).toMatchObject({ inputs: { exit: 'gt1' } });
    expect(validateGraph(back).map((i) => i.rule)).toContain('missingInput');
  });

  it('every palette block makes a node that is valid on the canvas; new ids are fresh identifiers', () => {
    for (const block of PALETTE) {
      const node = { id: freshNodeId(idStem(block.make()), []), ...block.make() };
      const issues = validateGraph({ version: 1, nodes: [node, { id: 't', kind: 'target', inputs: {} }] })
        .filter((i) => i.nodeId === node.id && i.rule !== 'missingInput');
      expect({ block: block.key, issues }).toEqual({ block: block.key, issues: [] });
    }
    expect(freshNodeId('sma', ['sma1', 'sma2'])).toBe('sma3');
  });
});

describe('linking typed ports', () => {
  const graph = meanReversion();

  it('accepts a number output into a number input, and a boolean into a boolean', () => {
    expect(linkProblem(graph, { source: 'bbands1', sourceHandle: 'upper', target: 'gt1', targetHandle: 'b' })).toBeNull();
    expect(linkProblem(graph, { source: 'gt1', sourceHandle: 'value', target: 'sizing', targetHandle: 'entry' })).toBeNull();
  });

  it('refuses a boolean signal into a number input and a number into a signal input, saying which types', () => {
    expect(linkProblem(graph, { source: 'lt1', sourceHandle: 'value', target: 'bbands1', targetHandle: 'source' })).toBe(
      'bbands1.source takes a number series, but lt1 gives a boolean series',
    );
    expect(linkProblem(graph, { source: 'close', sourceHandle: 'value', target: 'sizing', targetHandle: 'entry' })).toBe(
      'sizing.entry takes a boolean series, but close gives a number series',
    );
  });

  it('refuses a link that closes a cycle', () => {
    const problem = linkProblem(graph, { source: 'lt1', sourceHandle: 'value', target: 'sizing', targetHandle: 'exit' });
    expect(problem).toBeNull();
    const cyc: StrategyGraph = {
      version: 1,
      nodes: [
        { id: 'close', kind: 'price', field: 'close' },
        { id: 'a', kind: 'arith', op: 'add', inputs: { a: 'close', b: 'b' } },
        { id: 'b', kind: 'arith', op: 'add', inputs: { a: 'close', b: 'close' } },
      ],
    };
    expect(linkProblem(cyc, { source: 'a', sourceHandle: 'value', target: 'b', targetHandle: 'b' })).toBe('a already depends on b: this link would close a cycle');
  });

  it('refuses self links and unknown ports', () => {
    expect(linkProblem(graph, { source: 'lt1', sourceHandle: 'value', target: 'lt1', targetHandle: 'a' })).toBe('a block cannot read its own output ("lt1")');
    expect(linkProblem(graph, { source: 'bbands1', sourceHandle: 'nope', target: 'lt1', targetHandle: 'a' })).toBe('"bbands1" has no output "nope"');
    expect(linkProblem(graph, { source: 'close', sourceHandle: 'value', target: 'target', targetHandle: 'x' })).toBe('"target" has no input "x"');
  });
});

describe('expression view <-> graph', () => {
  it('prints the graph as the template expressions', () => {
    const result = expressionsOfGraph(meanReversion());
    expect(result).toEqual({
      ok: true,
      value: {
        entry: 'close < bbands(close, $period, $multiplier).lower',
        exit: 'close > bbands(close, $period, $multiplier).middle',
        signal: '',
        sizing: { mode: 'long-only', weight: 1 },
      },
    });
  });

  it('an edited expression becomes the graph, keeping params and the positions of surviving nodes', () => {
    const before = canvasToGraph(meta(meanReversion()), ...Object.values(graphToCanvas(meanReversion())) as [never, never]);
    const moved = { ...before, nodes: before.nodes.map((n) => (n.id === 'bbands1' ? { ...n, position: { x: 999, y: 7 } } : n)) };
    const edited = graphOfExpressions(
      { entry: 'close < bbands(close, $period, $multiplier).lower and rsi(close, 14) < 30', exit: 'close > bbands(close, $period, $multiplier).middle', signal: '', sizing: { mode: 'long-only', weight: 1 } },
      moved,
    );
    if (!edited.ok) throw new Error(edited.error);
    expect(validateGraph(edited.value)).toEqual([]);
    expect(edited.value.params).toEqual(moved.params);
    expect(edited.value.nodes.find((n) => n.id === 'bbands1')?.position).toEqual({ x: 999, y: 7 });
    expect(edited.value.nodes.some((n) => n.kind === 'indicator' && n.indicator === 'rsi')).toBe(true);
    // And back to text: the same expression, printed by the DSL.
    const text = expressionsOfGraph(edited.value);
    expect(text.ok && text.value.entry).toBe('close < bbands(close, $period, $multiplier).lower and rsi(close, 14) < 30');
  });

  it('a broken expression is an error with its position, not a graph', () => {
    const result = graphOfExpressions({ entry: 'close < sma(close,', exit: '', signal: '', sizing: { mode: 'long-only', weight: 1 } }, meanReversion());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/1:\d+/);
  });

  it('a graph whose target is not fed by a sizing block has no expression form, and says so', () => {
    const g: StrategyGraph = { version: 1, nodes: [{ id: 'c', kind: 'constant', value: 1 }, { id: 'target', kind: 'target', inputs: { weight: 'c' } }] };
    const result = expressionsOfGraph(g);
    expect(result.ok).toBe(false);
  });
});
