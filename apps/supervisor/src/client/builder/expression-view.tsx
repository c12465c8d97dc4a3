'use client';
// The strategy as text, next to the canvas. Canvas edits re-print it; "Apply" compiles the text back
// into the canvas. While the text has unapplied edits, canvas changes do not overwrite it.
import { useEffect, useMemo, useState } from 'react';
import type { StrategyGraph } from '@helios/strategy-dsl';
import { Button } from '../ui/button';
import { expressionsOfGraph, graphOfExpressions, type ExpressionText } from './expression-sync';

export function ExpressionView({ graph, onGraph }: { graph: StrategyGraph; onGraph: (graph: StrategyGraph) => void }) {
  // Printed once per graph (the canvas memoizes it), not on every keystroke in the text boxes.
  const printed = useMemo(() => expressionsOfGraph(graph), [graph]);
  const [text, setText] = useState<ExpressionText | null>(printed.ok ? printed.value : null);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const printedKey = printed.ok ? JSON.stringify(printed.value) : printed.error;

  useEffect(() => {
    if (!dirty) setText(printed.ok ? printed.value : null);
    // Keyed by what was printed: a new graph object that prints the same text leaves the boxes alone.
  }, [printedKey, dirty]);

  const base: ExpressionText = text ?? { entry: '', exit: '', signal: '', sizing: { mode: 'long-only', weight: 1 } };
  const edit = (changes: Partial<ExpressionText>) => {
    setText({ ...base, ...changes });
    setDirty(true);
    setError(null);
  };
  const apply = () => {
    const result = graphOfExpressions(base, graph);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDirty(false);
    onGraph(result.value);
  };

  return (
    <div className="space-y-2" data-testid="expression-view">
      {!printed.ok && !dirty && graph.nodes.length > 0 && <p className="text-xs text-neon-yellow">The canvas has no expression form yet: {printed.error}</p>}
      {base.sizing.mode === 'proportional' ? (
        <ExprBox label="Signal" value={base.signal} onChange={(signal) => edit({ signal })} />
      ) : (
        <>
          <ExprBox label="Entry" value={base.entry} onChange={(entry) => edit({ entry })} />
          <ExprBox label="Exit" value={base.exit} onChange={(exit) => edit({ exit })} />
        </>
      )}
      {error !== null && (
        <pre role="alert" className="whitespace-pre-wrap rounded border border-neon-red/60 bg-neon-red/10 p-2 text-[11px] text-neon-red">
          {error}
        </pre>
      )}
      <div className="flex gap-2">
        <Button variant="primary" onClick={apply} disabled={!dirty}>
          Apply to canvas
        </Button>
        {dirty && (
          <Button
            onClick={() => {
              setDirty(false);
              setError(null);
            }}
          >
            Discard
          </Button>
        )}
      </div>
    </div>
  );
}

function ExprBox({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="block text-xs">
      <span className="text-slate-400">{label}</span>
      <textarea
        aria-label={`${label} expression`}
        spellCheck={false}
        rows={2}
        className="mt-1 w-full rounded border border-abyss-600 bg-abyss-950 px-2 py-1 font-mono text-[12px] text-neon-cyan focus:border-neon-cyan focus:outline-none"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
