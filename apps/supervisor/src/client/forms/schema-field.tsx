'use client';
// One field of a schema form, recursive for objects; arrays of primitives are rows with add / remove.
import type { Draft } from './draft';
import { fieldKind, labelOf, num, propertiesOf, requiredOf, type JsonSchema } from './json-schema';
import { childPath, itemPath } from './validate';

export interface SchemaFieldProps {
  schema: JsonSchema;
  /** Property key ('' for the root). */
  name: string;
  /** Dotted path: the key of this field's messages. */
  field: string;
  draft: Draft;
  required: boolean;
  idPrefix: string;
  messages: Map<string, string[]>;
  onChange: (next: Draft) => void;
  onTouch: (field: string) => void;
}

const INPUT =
  'w-full rounded border border-abyss-600 bg-abyss-950 px-2 py-1 font-mono text-sm text-slate-100 outline-none focus:border-neon-cyan focus:shadow-neon aria-[invalid=true]:border-neon-red';

const idOf = (prefix: string, field: string) => `${prefix}-${field.replace(/[^A-Za-z0-9_-]/g, '_') || 'root'}`;

function hint(schema: JsonSchema): string | undefined {
  const parts: string[] = [];
  const min = num(schema, 'minimum') ?? num(schema, 'exclusiveMinimum');
  const max = num(schema, 'maximum') ?? num(schema, 'exclusiveMaximum');
  if (min !== undefined || max !== undefined) parts.push(`${min ?? '−∞'} … ${max ?? '∞'}`);
  if (typeof schema['description'] === 'string') parts.push(schema['description']);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function Messages({ id, label, messages }: { id: string; label: string; messages: string[] | undefined }) {
  if (messages === undefined || messages.length === 0) return null;
  return (
    <ul id={`${id}-msg`} className="mt-0.5 text-xs text-neon-red">
      {messages.map((m) => (
        <li key={m}>
          {label}: {m}
        </li>
      ))}
    </ul>
  );
}

export function SchemaField(props: SchemaFieldProps) {
  const { schema, name, field, draft, required, idPrefix, messages, onChange, onTouch } = props;
  const kind = fieldKind(schema);
  const id = idOf(idPrefix, field);
  const label = labelOf(name, schema) || 'value';
  const own = messages.get(field);
  const invalid = own !== undefined && own.length > 0;
  const describe = invalid ? `${id}-msg` : undefined;

  if (kind === 'object') {
    const obj = (draft !== null && typeof draft === 'object' && !Array.isArray(draft) ? draft : {}) as Record<string, Draft>;
    const req = requiredOf(schema);
    const body = propertiesOf(schema).map(([key, sub]) => (
      <SchemaField
        key={key}
        {...props}
        schema={sub}
        name={key}
        field={childPath(field, key)}
        draft={obj[key]}
        required={req.has(key)}
        onChange={(next) => onChange({ ...obj, [key]: next })}
      />
    ));
    if (field === '') return <div className="flex flex-col gap-3">{body}</div>;
    return (
      <fieldset className="flex flex-col gap-3 rounded border border-abyss-700 p-3">
        <legend className="px-1 text-xs font-semibold uppercase tracking-wider text-slate-400">{label}</legend>
        {body}
        <Messages id={id} label={field} messages={own} />
      </fieldset>
    );
  }

  const labelEl = (
    <label htmlFor={id} className="mb-0.5 flex items-baseline gap-1 text-xs text-slate-300">
      <span className="font-medium">{label}</span>
      {required && <span className="text-neon-cyan" title="required">*</span>}
      {hint(schema) !== undefined && <span className="truncate text-slate-500">{hint(schema)}</span>}
    </label>
  );

  if (kind === 'boolean') {
    return (
      <div>
        <label htmlFor={id} className="flex items-center gap-2 text-sm text-slate-300">
          <input id={id} type="checkbox" className="accent-cyan-400" checked={draft === true} onChange={(e) => { onTouch(field); onChange(e.target.checked); }} />
          <span className="font-medium">{label}</span>
          {typeof schema['description'] === 'string' && <span className="text-xs text-slate-500">{schema['description']}</span>}
        </label>
        <Messages id={id} label={field} messages={own} />
      </div>
    );
  }

  if (kind === 'enum') {
    const options = schema['enum'] as unknown[];
    return (
      <div>
        {labelEl}
        <select id={id} className={INPUT} value={typeof draft === 'string' ? draft : ''} aria-invalid={invalid} aria-describedby={describe} onChange={(e) => { onTouch(field); onChange(e.target.value === '' ? undefined : e.target.value); }}>
          <option value="">{required ? '— choose —' : '(not set)'}</option>
          {options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
        <Messages id={id} label={field} messages={own} />
      </div>
    );
  }

  if (kind === 'array') {
    const rows = Array.isArray(draft) ? draft : [];
    const item = schema['items'] as JsonSchema;
    return (
      <div>
        {labelEl}
        <div className="flex flex-col gap-1" id={id}>
          {rows.map((row, i) => (
            <div key={i} className="flex items-start gap-1">
              <div className="flex-1">
                <SchemaField {...props} schema={item} name={`${label}[${i}]`} field={itemPath(field, i)} draft={row} required onChange={(next) => onChange(rows.map((r, j) => (j === i ? next : r)))} />
              </div>
              <button type="button" aria-label={`remove ${label}[${i}]`} className="mt-0.5 rounded px-2 py-1 text-xs text-slate-400 hover:text-neon-red" onClick={() => { onTouch(field); onChange(rows.filter((_, j) => j !== i)); }}>
                ✕
              </button>
            </div>
          ))}
          <button type="button" className="self-start text-xs text-neon-cyan hover:underline" onClick={() => { onTouch(field); onChange([...rows, fieldKind(item) === 'boolean' ? false : '']); }}>
            + add {label}
          </button>
        </div>
        <Messages id={id} label={field} messages={own} />
      </div>
    );
  }

  if (kind === 'json') {
    return (
      <div>
        {labelEl}
        <textarea id={id} rows={5} className={INPUT} value={typeof draft === 'string' ? draft : ''} aria-invalid={invalid} aria-describedby={describe} onBlur={() => onTouch(field)} onChange={(e) => onChange(e.target.value)} />
        <Messages id={id} label={field} messages={own} />
      </div>
    );
  }

  const numeric = kind === 'number' || kind === 'integer';
  return (
    <div>
      {name.includes('[') ? null : labelEl}
      <input
        id={id}
        aria-label={name.includes('[') ? name : undefined}
        className={INPUT}
        inputMode={numeric ? (kind === 'integer' ? 'numeric' : 'decimal') : undefined}
        value={typeof draft === 'string' ? draft : ''}
        aria-invalid={invalid}
        aria-describedby={describe}
        onBlur={() => onTouch(field)}
        onChange={(e) => onChange(e.target.value)}
      />
      <Messages id={id} label={field} messages={own} />
    </div>
  );
}
