'use client';
// The sidebar form of the selected block: each field of its node kind, numbers with the ranges the DSL
// enforces (indicator periods, weights), or a `$parameter` of the strategy.
import {
  ARITH_OPS,
  COMPARE_OPS,
  indicatorCatalog,
  LOGIC_OPS,
  PRICE_FIELDS,
  SIZING_MODES,
  describeRange,
  type GraphNode,
  type ParamDecls,
} from '@helios/strategy-dsl';

type Patch = (changes: Record<string, unknown>) => void;

function Field({ label, hint, children }: { label: string; hint?: string; children: React.ReactNode }) {
  return (
    <label className="block space-y-1 text-xs">
      <span className="text-slate-400">{label}</span>
      {children}
      {hint !== undefined && <span className="block text-[10px] text-slate-500">{hint}</span>}
    </label>
  );
}

const inputClass = 'w-full rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-slate-100 focus:border-neon-cyan focus:outline-none';

function Choice({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (v: string) => void }) {
  return (
    <Field label={label}>
      <select aria-label={label} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </Field>
  );
}

/** A number, or `$name` for a strategy parameter; shown with its allowed range. */
function NumberOrParam({ label, value, range, params, onChange }: { label: string; value: number | string | undefined; range?: { min: number; max: number; integer?: boolean }; params: ParamDecls; onChange: (v: number | string) => void }) {
  const text = value === undefined ? '' : String(value);
  const isParam = typeof value === 'string' && value.startsWith('$');
  const problem = (() => {
    if (isParam) return Object.hasOwn(params, value.slice(1)) ? undefined : `no parameter ${value}`;
    if (typeof value !== 'number' || !range) return undefined;
    if (value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) return `must be ${describeRange({ type: range.integer ? 'integer' : 'number', ...range })}`;
    return undefined;
  })();
  return (
    <Field label={label} hint={problem ?? (range ? `${range.integer ? 'integer' : 'number'} ${range.min}..${range.max}, or $param` : 'number, or $param')}>
      <input
        aria-label={label}
        className={`${inputClass} ${problem ? 'border-neon-red' : ''}`}
        defaultValue={text}
        key={text}
        onBlur={(e) => {
          const raw = e.target.value.trim();
          if (raw.startsWith('$')) onChange(raw);
          else if (raw !== '' && Number.isFinite(Number(raw))) onChange(Number(raw));
        }}
      />
    </Field>
  );
}

export function BlockForm({ node, params, onPatch, onDelete }: { node: GraphNode; params: ParamDecls; onPatch: Patch; onDelete: () => void }) {
  return (
    <div className="space-y-3" data-testid="block-form">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-semibold text-neon-cyan">
          {node.id} <span className="text-xs font-normal text-slate-400">({node.kind})</span>
        </h3>
        <button type="button" className="text-xs text-neon-red hover:underline" onClick={onDelete}>
          Delete
        </button>
      </div>
      <KindFields node={node} params={params} onPatch={onPatch} />
    </div>
  );
}

function KindFields({ node, params, onPatch }: { node: GraphNode; params: ParamDecls; onPatch: Patch }) {
  switch (node.kind) {
    case 'price':
      return <Choice label="Field" value={node.field} options={PRICE_FIELDS} onChange={(field) => onPatch({ field })} />;
    case 'constant':
      return <NumberOrParam label="Value" value={node.value} params={params} onChange={(value) => onPatch({ value })} />;
    case 'indicator': {
      const def = indicatorCatalog.get(node.indicator);
      return (
        <>
          <p className="text-xs text-slate-400">{def?.title}</p>
          {def?.params.map((p) => (
            <NumberOrParam
              key={p.name}
              label={p.name}
              value={node.params?.[p.name]}
              range={{ min: p.min, max: p.max, integer: p.integer }}
              params={params}
              onChange={(v) => onPatch({ params: { ...(node.params ?? {}), [p.name]: v } })}
            />
          ))}
        </>
      );
    }
    case 'compare':
      return <Choice label="Operator" value={node.op} options={COMPARE_OPS} onChange={(op) => onPatch({ op })} />;
    case 'cross':
      return <Choice label="Direction" value={node.direction} options={['up', 'down']} onChange={(direction) => onPatch({ direction })} />;
    case 'logic':
      return <Choice label="Operator" value={node.op} options={LOGIC_OPS} onChange={(op) => onPatch({ op })} />;
    case 'arith':
      return <Choice label="Operator" value={node.op} options={ARITH_OPS} onChange={(op) => onPatch({ op })} />;
    case 'threshold':
      return (
        <>
          <Choice label="Direction" value={node.direction} options={['above', 'below']} onChange={(direction) => onPatch({ direction })} />
          <NumberOrParam label="Level" value={node.level} params={params} onChange={(level) => onPatch({ level })} />
          <NumberOrParam label="Hysteresis" value={node.hysteresis ?? 0} range={{ min: 0, max: 1e9 }} params={params} onChange={(hysteresis) => onPatch({ hysteresis })} />
        </>
      );
    case 'lag':
      return <NumberOrParam label="Bars" value={node.bars} range={{ min: 1, max: 5000, integer: true }} params={params} onChange={(bars) => onPatch({ bars })} />;
    case 'sizing':
      return (
        <>
          <Choice label="Mode" value={node.mode} options={SIZING_MODES} onChange={(mode) => onPatch({ mode })} />
          <NumberOrParam label="Weight" value={node.weight ?? 1} range={{ min: 0, max: 10 }} params={params} onChange={(weight) => onPatch({ weight })} />
          {node.mode === 'proportional' && <NumberOrParam label="Scale" value={node.scale ?? 1} params={params} onChange={(scale) => onPatch({ scale })} />}
        </>
      );
    case 'ml':
      return <p className="text-xs text-slate-400">Latest ml.advice score for the instrument. Advisory only: it can feed a signal, never size an order by itself.</p>;
    case 'target':
      return <p className="text-xs text-slate-400">The strategy&apos;s target weight, sent to the risk gate (the multiplexer). Exactly one per strategy.</p>;
  }
}

/** The strategy's declared parameters with their ranges: the values the backtest runs with. */
export function ParamsForm({ params, values, onChange }: { params: ParamDecls; values: Record<string, number>; onChange: (name: string, value: number) => void }) {
  const names = Object.keys(params);
  if (names.length === 0) return <p className="text-xs text-slate-500">No parameters: use $name in a block to declare one through a template.</p>;
  return (
    <div className="space-y-2" data-testid="params-form">
      {names.map((name) => {
        const decl = params[name];
        const value = values[name] ?? decl.default;
        const bad = !(value >= decl.min && value <= decl.max) || (decl.type === 'integer' && !Number.isInteger(value));
        return (
          <Field key={name} label={`$${name}`} hint={bad ? `must be ${describeRange(decl)}` : `${decl.description ?? ''} (${decl.min}..${decl.max})`}>
            <input
              aria-label={`param ${name}`}
              type="number"
              className={`${inputClass} ${bad ? 'border-neon-red' : ''}`}
              min={decl.min}
              max={decl.max}
              step={decl.type === 'integer' ? 1 : 'any'}
              value={value}
              onChange={(e) => onChange(name, Number(e.target.value))}
            />
          </Field>
        );
      })}
    </div>
  );
}
