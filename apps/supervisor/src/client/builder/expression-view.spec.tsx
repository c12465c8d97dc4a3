/** @jest-environment jsdom */
import './jsdom-text-encoding.testing';
import { fireEvent, render, screen } from '@testing-library/react';
import { specToGraph, templates, type StrategyGraph } from '@helios/strategy-dsl';
import { ExpressionView } from './expression-view';

const smaCross = (): StrategyGraph => specToGraph(templates['sma-cross'].spec);

it('shows the graph as expressions, and a graph change re-prints them', () => {
  const graph = smaCross();
  const { rerender } = render(<ExpressionView graph={graph} onGraph={() => undefined} />);
  expect((screen.getByLabelText('Entry expression') as HTMLTextAreaElement).value).toBe('crossUp(sma(close, $fast), sma(close, $slow))');
  const flipped = { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'cross' && n.direction === 'up' ? { ...n, direction: 'down' as const } : n)) };
  rerender(<ExpressionView graph={flipped} onGraph={() => undefined} />);
  expect((screen.getByLabelText('Entry expression') as HTMLTextAreaElement).value).toBe('crossDown(sma(close, $fast), sma(close, $slow))');
});

it('applies an edited expression to the canvas as a graph; a broken one shows the error and changes nothing', () => {
  const onGraph = jest.fn();
  render(<ExpressionView graph={smaCross()} onGraph={onGraph} />);
  const entry = screen.getByLabelText('Entry expression');
  fireEvent.change(entry, { target: { value: 'close > sma(close, $slow' } });
  fireEvent.click(screen.getByText('Apply to canvas'));
  expect(onGraph).not.toHaveBeenCalled();
  expect(screen.getByRole('alert').textContent).toMatch(/1:\d+/);

  fireEvent.change(entry, { target: { value: 'close > sma(close, $slow)' } });
  fireEvent.click(screen.getByText('Apply to canvas'));
  expect(onGraph).toHaveBeenCalledTimes(1);
  const graph = onGraph.mock.calls[0][0] as StrategyGraph;
  expect(graph.nodes.map((n) => n.kind)).toEqual(expect.arrayContaining(['price', 'indicator', 'compare', 'sizing', 'target']));
  expect(graph.params).toEqual(smaCross().params);
});
