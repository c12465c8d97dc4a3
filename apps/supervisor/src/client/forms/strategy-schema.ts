// The form of a strategy definition (KV `strategy.<id>`). The runner owns the full schema; the form
// offers what an operator changes live (parameters, instruments, timeframe, pause, kill switch) and
// keeps the rest (template/spec/graph, id) as it is.
import type { JsonSchema } from './json-schema';

const ID = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

export function strategyFormSchema(definition: Record<string, unknown>): JsonSchema {
  const params = definition['params'] !== null && typeof definition['params'] === 'object' ? Object.keys(definition['params'] as object) : [];
  return {
    type: 'object',
    required: ['instruments', 'timeframe'],
    properties: {
      ...(params.length > 0 ? { params: { type: 'object', title: 'parameters', properties: Object.fromEntries(params.map((p) => [p, { type: 'number' }])) } } : {}),
      instruments: { type: 'array', items: { type: 'string', pattern: ID }, minItems: 1, uniqueItems: true },
      timeframe: { type: 'string', pattern: '^[1-9][0-9]*[smhdw]$', description: 'e.g. 1m, 15m, 1h' },
      maxIntentsPerMinute: { type: 'integer', minimum: 1 },
      paused: { type: 'boolean', description: 'keep state, emit no targets' },
      killSwitch: { type: 'boolean', description: 'flatten now and stay flat' },
    },
  };
}

/** The definition to store: the form's fields over the original (template, spec, graph, id kept). */
export function mergeStrategyForm(definition: Record<string, unknown>, form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...definition };
  for (const key of ['params', 'instruments', 'timeframe', 'maxIntentsPerMinute', 'paused', 'killSwitch']) {
    if (form[key] === undefined) delete out[key];
    else out[key] = form[key];
  }
  return out;
}
