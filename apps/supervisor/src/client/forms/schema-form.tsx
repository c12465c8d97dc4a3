'use client';
// A form generated from a JSON Schema: one field per property, per-field messages that name the field,
// and the typed value handed to `onSubmit` only when it is valid.
import { useMemo, useState, type FormEvent } from 'react';
import { Button } from '../ui/button';
import { fromDraft, toDraft, type Draft } from './draft';
import { SchemaField } from './schema-field';
import { validateValue, type FieldIssue } from './validate';
import { isRecord, propertiesOf, type JsonSchema } from './json-schema';

export interface SchemaFormProps {
  schema: JsonSchema;
  /** The current value (e.g. the service's config from KV). */
  value?: unknown;
  onSubmit: (value: unknown) => void | Promise<void>;
  submitLabel?: string;
  busy?: boolean;
  /** An error the server gave back for the last submit (its `where` names the field). */
  serverError?: { error: string; where?: string };
  /** Prefix of the inputs' ids, unique per form on a page. */
  idPrefix?: string;
}

/** Parse issues first; a field that does not parse is not also reported by the schema check. */
export function checkDraft(schema: JsonSchema, draft: Draft): { value: unknown; issues: FieldIssue[] } {
  const parsed = fromDraft(schema, draft);
  const broken = new Set(parsed.issues.map((i) => i.field));
  const checked = validateValue(schema, parsed.value ?? (schema['type'] === 'object' ? {} : undefined)).filter((i) => !broken.has(i.field));
  const issues = [...parsed.issues, ...checked];
  const rank = new Map(issues.map((i) => [i.field, formOrder(schema, i.field)]));
  return { value: parsed.value, issues: issues.sort((a, b) => compareOrder(rank.get(a.field) ?? [], rank.get(b.field) ?? [])) };
}

/** Where a field appears in the form, as indices per level: issues are listed top to bottom. */
function formOrder(schema: JsonSchema, field: string): number[] {
  const out: number[] = [];
  let node: JsonSchema | undefined = schema;
  for (const part of field.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    if (node === undefined) break;
    if (part.startsWith('[')) {
      out.push(Number(part.slice(1, -1)));
      node = isRecord(node['items']) ? node['items'] : undefined;
    } else {
      const props = propertiesOf(node);
      const i = props.findIndex(([k]) => k === part);
      out.push(i);
      node = i >= 0 ? props[i][1] : undefined;
    }
  }
  return out;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function SchemaForm({ schema, value, onSubmit, submitLabel = 'Save', busy = false, serverError, idPrefix = 'cfg' }: SchemaFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(schema, value));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const { value: typed, issues } = useMemo(() => checkDraft(schema, draft), [schema, draft]);
  const shown = issues.filter((i) => submitted || touched.has(i.field) || [...touched].some((t) => i.field.startsWith(`${t}[`)));
  const byField = new Map<string, string[]>();
  for (const i of shown) byField.set(i.field, [...(byField.get(i.field) ?? []), i.message]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (issues.length === 0) void onSubmit(typed);
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3" aria-label="configuration">
      <SchemaField
        schema={schema}
        name=""
        field=""
        draft={draft}
        required
        idPrefix={idPrefix}
        messages={byField}
        onChange={(next) => setDraft(next)}
        onTouch={(field) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field)))}
      />
      {submitted && issues.length > 0 && (
        <p role="alert" className="text-xs text-neon-red">
          {issues.length === 1 ? '1 field needs attention' : `${issues.length} fields need attention`}: {issues.map((i) => i.field || 'value').join(', ')}
        </p>
      )}
      {serverError !== undefined && (
        <p role="alert" className="rounded border border-neon-red/60 bg-neon-red/10 px-2 py-1 text-xs text-neon-red">
          {serverError.where ? `${serverError.where}: ` : ''}
          {serverError.error}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
