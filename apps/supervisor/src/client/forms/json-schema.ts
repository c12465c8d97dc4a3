// The subset of JSON Schema the config forms understand, read from the plain schema object the
// gateway serves. Anything outside the subset is edited as raw JSON (still checked for syntax).

export type JsonSchema = Record<string, unknown>;

export type FieldKind = 'object' | 'number' | 'integer' | 'string' | 'boolean' | 'enum' | 'array' | 'json';

/** The field kind of a schema node. An array is a list field only when its items are primitives. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (Array.isArray(schema['enum']) && schema['enum'].every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return 'enum';
  const type = schema['type'];
  if (type === 'object' && isRecord(schema['properties'])) return 'object';
  if (type === 'number' || type === 'integer' || type === 'string' || type === 'boolean') return type;
  if (type === 'array' && isRecord(schema['items'])) {
    const item = fieldKind(schema['items']);
    if (item !== 'object' && item !== 'array' && item !== 'json') return 'array';
  }
  return 'json';
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function propertiesOf(schema: JsonSchema): Array<[string, JsonSchema]> {
  const props = schema['properties'];
  return isRecord(props) ? Object.entries(props).filter((e): e is [string, JsonSchema] => isRecord(e[1])) : [];
}

export function requiredOf(schema: JsonSchema): Set<string> {
  const req = schema['required'];
  return new Set(Array.isArray(req) ? req.filter((r): r is string => typeof r === 'string') : []);
}

export const num = (schema: JsonSchema, key: string): number | undefined => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);

/** A field's human name: the schema's title, else its property key. */
export function labelOf(key: string, schema: JsonSchema): string {
  return typeof schema['title'] === 'string' ? schema['title'] : key;
}
