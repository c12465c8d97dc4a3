import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { templates, instantiateTemplate } from '../templates/registry';
import { Prng } from '../testing/prng';
import { randomGraph } from '../testing/random-graph';
import { generateStrategyGraphSchemaFiles, STRATEGY_GRAPH_SCHEMA_FILE } from './graph-json-schema';
import type { StrategyGraph } from './graph-schema';
import { validateGraph } from './validate-graph';

const generated = generateStrategyGraphSchemaFiles()[STRATEGY_GRAPH_SCHEMA_FILE];

describe('schemas/strategy-graph.v1.schema.json', () => {
  it('on disk matches the generator (otherwise: npm run gen:schemas)', () => {
    const onDisk = readFileSync(resolve(__dirname, '../../../../schemas', STRATEGY_GRAPH_SCHEMA_FILE), 'utf8');
    expect(onDisk === generated ? 'in sync' : 'schemas/strategy-graph.v1.schema.json is stale: run `npm run gen:schemas`').toBe('in sync');
  });

  it('is a draft 2020-12 schema with the platform $id convention', () => {
    const schema = JSON.parse(generated);
    expect([schema.$schema, schema.$id, schema.title]).toEqual([
      'https://json-schema.org/draft/2020-12/schema',
      'https://helios.local/schemas/strategy-graph.v1.schema.json',
      'Helios strategy graph v1',
    ]);
    expect(schema.properties.version).toEqual({ type: 'number', const: 1 });
  });

  describe('agrees with validateGraph (ajv 8, strict)', () => {
    const ajv = new Ajv2020({ strictSchema: true, strictNumbers: true, strictTypes: true, strictTuples: true, allowUnionTypes: true, allErrors: true });
    const validate = ajv.compile(JSON.parse(generated));

    it('accepts every template graph and 100 random graphs covering every node kind', () => {
      const graphs: StrategyGraph[] = Object.keys(templates).map((name) => instantiateTemplate(name, { instruments: ['X'] }).graph);
      const rng = new Prng(5);
      for (let i = 0; i < 100; i++) graphs.push(randomGraph(rng, i));
      for (const graph of graphs) expect([graph.name, validate(graph), validateGraph(graph)]).toEqual([graph.name, true, []]);
    });

    it('rejects the same shape errors', () => {
      const base = instantiateTemplate('sma-cross', { instruments: ['X'] }).graph;
      const broken: Array<[string, unknown]> = [
        ['no version', { ...base, version: undefined }],
        ['unknown kind', { ...base, nodes: [...base.nodes, { id: 'x', kind: 'spline' }] }],
        ['unknown compare op', { ...base, nodes: [...base.nodes, { id: 'x', kind: 'compare', op: 'less', inputs: {} }] }],
        ['extra node property', { ...base, nodes: [...base.nodes, { id: 'x', kind: 'price', field: 'close', color: 'red' }] }],
        ['bad node id', { ...base, nodes: [...base.nodes, { id: '1x', kind: 'price', field: 'close' }] }],
        ['parameter without $', { ...base, nodes: [...base.nodes, { id: 'x', kind: 'constant', value: 'fast' }] }],
        ['bad input reference', { ...base, nodes: [...base.nodes, { id: 'x', kind: 'lag', bars: 1, inputs: { value: 'a.b.c' } }] }],
        ['extra top-level property', { ...base, author: 'me' }],
        ['bad parameter declaration', { ...base, params: { fast: { type: 'float', default: 1, min: 0, max: 2 } } }],
      ];
      for (const [name, graph] of broken) {
        const json = JSON.parse(JSON.stringify(graph));
        expect([name, validate(json), validateGraph(json).some((i) => i.rule === 'schema')]).toEqual([name, false, true]);
      }
    });
  });
});
