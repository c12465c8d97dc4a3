// Test support shared by the contract specs: derives invalid payloads from a payload schema.
import type { TSchema } from 'typebox';

export interface Mutation {
  readonly name: string;
  /** Returns a mutated deep copy of the payload. */
  readonly apply: (payload: unknown) => Record<string, unknown>;
  readonly path: string;
  readonly rule: string;
}

const copy = (payload: unknown) => JSON.parse(JSON.stringify(payload)) as Record<string, unknown>;

interface ObjectSchemaLike {
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

/** A value of the wrong JSON type for a property schema, and the rule that should catch it. */
export function wrongValueFor(property: Record<string, unknown>): { value: unknown; rule: string } {
  if (Array.isArray(property['enum'])) return { value: '__not_a_member__', rule: 'enum' };
  switch (property['type']) {
    case 'string':
      return { value: 42, rule: 'type' };
    case 'number':
    case 'integer':
    case 'boolean':
      return { value: 'not-a-scalar-of-that-type', rule: 'type' };
    case 'array':
    case 'object':
      return { value: 'not-a-container', rule: 'type' };
    default:
      return { value: null, rule: 'type' };
  }
}

/** One mutation per required property (removed) and per property (wrong type), plus an unknown property. */
export function structuralMutations(schema: TSchema, prefix = '/payload'): Mutation[] {
  const object = schema as unknown as ObjectSchemaLike;
  const mutations: Mutation[] = [];
  for (const field of object.required ?? []) {
    mutations.push({
      name: `missing ${field}`,
      apply: (p) => {
        const m = copy(p);
        delete m[field];
        return m;
      },
      path: `${prefix}/${field}`,
      rule: 'required',
    });
  }
  for (const [field, property] of Object.entries(object.properties)) {
    const wrong = wrongValueFor(property);
    mutations.push({
      name: `${field} of the wrong type`,
      apply: (p) => ({ ...copy(p), [field]: wrong.value }),
      path: `${prefix}/${field}`,
      rule: wrong.rule,
    });
  }
  mutations.push({
    name: 'unknown property',
    apply: (p) => ({ ...copy(p), unexpectedField: 1 }),
    path: `${prefix}/unexpectedField`,
    rule: 'additionalProperties',
  });
  return mutations;
}
