import type { RunDetail } from '../../shared/api';
import { paramDiff, rerunRequest } from './rerun';

const base: RunDetail = { runId: 'r1', kind: 'backtest', status: 'completed', startedAt: 1, strategy: 'sma-cross', dataFile: 'goog.csv', params: { fast: 10, slow: 30 } };

it('re-runs a template run on the same data and settings with the new parameters', () => {
  const run = { ...base, result: { strategy: { name: 'sma-cross', kind: 'template', params: { fast: 10, slow: 30 } }, settings: { cash: 5000, lotSize: 0.1, feeBps: 2 } } };
  expect(rerunRequest(run, { fast: 5, slow: 30 })).toEqual({ dataFile: 'goog.csv', template: 'sma-cross', params: { fast: 5, slow: 30 }, capital: 5000, lotSize: 0.1, feeBps: 2 });
});

it('re-runs a builder run with the graph it ran', () => {
  const graph = { version: 1, nodes: [{ id: 'x' }] };
  const run = { ...base, strategy: 'mine', result: { strategy: { name: 'mine', kind: 'graph', params: {}, graph }, settings: { cash: 10_000 } } };
  expect(rerunRequest(run, { len: 3 })).toEqual({ dataFile: 'goog.csv', graph, params: { len: 3 }, capital: 10_000 });
});

it('says why a run cannot be re-run', () => {
  expect(() => rerunRequest({ ...base, dataFile: undefined }, {})).toThrow('run r1 has no data file recorded; it cannot be re-run here');
  expect(() => rerunRequest({ ...base, result: { strategy: { kind: 'expression' } } }, {})).toThrow('only template and graph runs can be re-run');
});

it('lists every parameter of either run', () => {
  expect(paramDiff({ fast: 5, slow: 30 }, { fast: 8, mult: 2 })).toEqual([
    { name: 'fast', a: 5, b: 8 },
    { name: 'mult', a: undefined, b: 2 },
    { name: 'slow', a: 30, b: undefined },
  ]);
});
