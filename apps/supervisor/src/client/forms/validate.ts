// Checks a typed value against the form subset of JSON Schema. Every issue names its field by a dotted
// path (`limits.maxPosition`, `indicators[2]`), which is also the key the form shows it under.
import { fieldKind, isRecord, num, propertiesOf, requiredOf, type JsonSchema } from './json-schema';

export interface FieldIssue {
  /** Dotted path of the field; '' for the whole value. */
  field: string;
  message: string;
}

export const childPath = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);
export const itemPath = (parent: string, index: number) => `${parent}[${index}]`;

const show = (v: unknown) => JSON.stringify(v);

export function validateValue(schema: JsonSchema, value: unknown, field = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fail = (message: string) => issues.push({ field, message });
  const kind = fieldKind(schema);
  if (kind === 'enum') {
    const options = schema['enum'] as unknown[];
    if (!options.includes(value)) fail(`must be one of ${options.map(show).join(', ')}`);
    return issues;
  }
  if (kind === 'json') return issues;
  if (kind === 'number' || kind === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return [{ field, message: 'must be a number' }];
    if (kind === 'integer' && !Number.isInteger(value)) fail('must be a whole number');
    const min = num(schema, 'minimum');
    const max = num(schema, 'maximum');
    const xmin = num(schema, 'exclusiveMinimum');
    const xmax = num(schema, 'exclusiveMaximum');
    if (min !== undefined && value < min) fail(`must be at least ${min}`);
    if (max !== undefined && value > max) fail(`must be at most ${max}`);
    if (xmin !== undefined && value <= xmin) fail(`must be greater than ${xmin}`);
    if (xmax !== undefined && value >= xmax) fail(`must be less than ${xmax}`);
    const step = num(schema, 'multipleOf');
    if (step !== undefined && step > 0 && Math.abs(value / step - Math.round(value / step)) > 1e-9) fail(`must be a multiple of ${step}`);
    return issues;
  }
  if (kind === 'string') {
    if (typeof value !== 'string') return [{ field, message: 'must be text' }];
    const minLength = num(schema, 'minLength');
    const maxLength = num(schema, 'maxLength');
    if (minLength !== undefined && value.length < minLength) fail(minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters`);
    if (maxLength !== undefined && value.length > maxLength) fail(`must be at most ${maxLength} characters`);
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) fail(`must match ${schema['pattern']}`);
    return issues;
  }
  if (kind === 'boolean') return typeof value === 'boolean' ? issues : [{ field, message: 'must be true or false' }];
  if (kind === 'array') {
    if (!Array.isArray(value)) return [{ field, message: 'must be a list' }];
    const minItems = num(schema, 'minItems');
    const maxItems = num(schema, 'maxItems');
    if (minItems !== undefined && value.length < minItems) fail(`needs at least ${minItems} item${minItems === 1 ? '' : 's'}`);
    if (maxItems !== undefined && value.length > maxItems) fail(`takes at most ${maxItems} items`);
    if (schema['uniqueItems'] === true && new Set(value.map(show)).size !== value.length) fail('must not repeat an item');
    value.forEach((item, i) => issues.push(...validateValue(schema['items'] as JsonSchema, item, itemPath(field, i))));
    return issues;
  }
  // object
  if (!isRecord(value)) return [{ field, message: 'must be an object' }];
  const required = requiredOf(schema);
  for (const [key, sub] of propertiesOf(schema)) {
    const path = childPath(field, key);
    if (value[key] === undefined) {
      if (required.has(key)) issues.push({ field: path, message: 'is required' });
      continue;
    }
    issues.push(...validateValue(sub, value[key], path));
  }
  return issues;
}
