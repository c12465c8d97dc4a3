import { JSON_SCHEMA_DIALECT, renderJson, SCHEMA_BASE_URI, type Json } from '@helios/contracts';
import { STRATEGY_GRAPH_SCHEMA_ID, StrategyGraphSchema } from './graph-schema';

export const STRATEGY_GRAPH_SCHEMA_FILE = 'strategy-graph.v1.schema.json';

/**
 * The strategy graph schema as a JSON Schema file (draft 2020-12) for editors and other languages.
 * It states the shape of a graph; the rules across nodes are stated in the description.
 */
export function strategyGraphJsonSchema(): { [key: string]: Json } {
  const body = JSON.parse(JSON.stringify(StrategyGraphSchema)) as { [key: string]: Json };
  delete body['$id'];
  delete body['title'];
  delete body['description'];
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: SCHEMA_BASE_URI + STRATEGY_GRAPH_SCHEMA_FILE,
    title: 'Helios strategy graph v1',
    description:
      `A trading strategy as a typed dataflow graph (${STRATEGY_GRAPH_SCHEMA_ID}), evaluated once per closed bar of each instrument. ` +
      'Also enforced by @helios/strategy-dsl validateGraph (not expressible in JSON Schema): unique node ids; input ports and ' +
      'their types per node kind (number vs boolean series); every reference names an existing node and output port; no cycles; ' +
      'exactly one target node; known indicators with parameters in range; every $parameter declared in params.',
    ...body,
  };
}

/** The files this library contributes to `schemas/`, by name (see tools/generate-schemas.ts). */
export function generateStrategyGraphSchemaFiles(): Record<string, string> {
  return { [STRATEGY_GRAPH_SCHEMA_FILE]: renderJson(strategyGraphJsonSchema()) };
}
