// What the user is typing, before it is a value: numbers stay text until they parse ("1." or "-" are
// fine while typing), raw-JSON fields stay text. `toDraft` and `fromDraft` convert between the two.
import { fieldKind, isRecord, propertiesOf, type JsonSchema } from './json-schema';
import { childPath, itemPath, type FieldIssue } from './validate';

export type Draft = string | boolean | undefined | Draft[] | { [key: string]: Draft };

export function toDraft(schema: JsonSchema, value: unknown): Draft {
  const kind = fieldKind(schema);
  if (value === undefined) return kind === 'object' ? toDraft(schema, {}) : undefined;
  switch (kind) {
    case 'object': {
      const obj = isRecord(value) ? value : {};
      return Object.fromEntries(propertiesOf(schema).map(([k, sub]) => [k, toDraft(sub, obj[k])]));
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => toDraft(schema['items'] as JsonSchema, v)) : [];
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

/** The typed value of a draft, and the issues of text that does not parse. Empty text = absent. */
export function fromDraft(schema: JsonSchema, draft: Draft, field = ''): { value: unknown; issues: FieldIssue[] } {
  const kind = fieldKind(schema);
  if (draft === undefined || draft === '') return { value: undefined, issues: [] };
  switch (kind) {
    case 'object': {
      const issues: FieldIssue[] = [];
      const value: Record<string, unknown> = {};
      const obj = isRecord(draft) ? draft : {};
      for (const [k, sub] of propertiesOf(schema)) {
        const r = fromDraft(sub, obj[k] as Draft, childPath(field, k));
        issues.push(...r.issues);
        if (r.value !== undefined) value[k] = r.value;
      }
      return { value, issues };
    }
    case 'array': {
      const issues: FieldIssue[] = [];
      const items = Array.isArray(draft) ? draft : [];
      const value = items.map((d, i) => {
        const r = fromDraft(schema['items'] as JsonSchema, d, itemPath(field, i));
        issues.push(...r.issues);
        // An empty row is a value the user still has to give, not a row to drop silently.
        if (r.value === undefined) issues.push({ field: itemPath(field, i), message: 'is empty' });
        return r.value;
      });
      return { value, issues };
    }
    case 'number':
    case 'integer': {
      const text = String(draft).trim();
      const n = Number(text);
      return text === '' || !Number.isFinite(n) ? { value: undefined, issues: [{ field, message: `must be a number (got "${String(draft)}")` }] } : { value: n, issues: [] };
    }
    case 'enum': {
      const options = schema['enum'] as unknown[];
      // Options are shown as text; give back the option itself (a number stays a number).
      const match = options.find((o) => String(o) === draft);
      return { value: match ?? draft, issues: [] };
    }
    case 'boolean':
      return { value: draft === true, issues: [] };
    case 'json':
      try {
        return { value: JSON.parse(String(draft)), issues: [] };
      } catch (err) {
        return { value: undefined, issues: [{ field, message: `is not valid JSON (${(err as Error).message})` }] };
      }
    default:
      return { value: draft, issues: [] };
  }
}
