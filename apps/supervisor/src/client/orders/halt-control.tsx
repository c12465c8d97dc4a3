'use client';
// The global kill switch. Turning it on is behind a confirmation with a reason (it flattens every
// position); clearing it is one confirmation too, since trading resumes at once.
import { useState } from 'react';
import type { HaltState } from '../../shared/live';
import { Button } from '../ui/button';
import { formatTime } from '../ui/format';

export interface HaltControlProps {
  halt: HaltState | undefined;
  onSet: (halted: boolean, reason?: string) => Promise<void>;
}

export function HaltControl({ halt, onSet }: HaltControlProps) {
  const [confirming, setConfirming] = useState<'on' | 'off'>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const halted = halt?.halted === true;

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onSet(confirming === 'on', confirming === 'on' ? reason.trim() : undefined);
      setConfirming(undefined);
      setReason('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <span data-testid="halt-state" data-halted={halted} className={`rounded border px-3 py-1 text-sm font-semibold tracking-wider ${halted ? 'border-neon-red bg-neon-red/15 text-neon-red' : 'border-neon-green/60 text-neon-green'}`}>
          {halt === undefined ? 'unknown' : halted ? 'HALTED' : 'TRADING'}
        </span>
        {halted && halt?.reason !== undefined && <span className="text-sm text-slate-300">{halt.reason}</span>}
        {halt?.since !== undefined && <span className="font-mono text-xs text-slate-500">since {formatTime(halt.since)} UTC</span>}
      </div>
      {halted ? (
        <Button variant="primary" onClick={() => setConfirming('off')}>
          Clear halt
        </Button>
      ) : (
        <Button variant="danger" onClick={() => setConfirming('on')} className="font-bold tracking-wider">
          HALT ALL TRADING
        </Button>
      )}
      {confirming !== undefined && (
        <div role="dialog" aria-modal="true" aria-label={confirming === 'on' ? 'confirm halt' : 'confirm clear halt'} className="fixed inset-0 z-50 flex items-center justify-center bg-abyss-950/80 backdrop-blur-sm">
          <div className="w-[440px] rounded-lg border border-neon-red/60 bg-abyss-900 p-5 shadow-[0_0_40px_rgba(255,59,107,0.25)]">
            <h3 className="text-base font-semibold text-slate-100">{confirming === 'on' ? 'Halt all trading?' : 'Clear the halt?'}</h3>
            <p className="mt-1 text-sm text-slate-400">
              {confirming === 'on'
                ? 'The risk gate rejects every target and the order engine sends nothing but orders that flatten positions, until the halt is cleared.'
                : 'Strategies’ targets are approved again and the order engine resumes sending orders at once.'}
            </p>
            {confirming === 'on' && (
              <label className="mt-3 block text-xs text-slate-300">
                Reason (shown on the board and recorded in the halt event)
                <input autoFocus value={reason} onChange={(e) => setReason(e.target.value)} className="mt-1 w-full rounded border border-abyss-600 bg-abyss-950 px-2 py-1 text-sm text-slate-100 outline-none focus:border-neon-red" placeholder="e.g. exchange incident" />
              </label>
            )}
            {error !== undefined && <p role="alert" className="mt-2 text-xs text-neon-red">{error}</p>}
            <div className="mt-4 flex justify-end gap-2">
              <Button onClick={() => setConfirming(undefined)} disabled={busy}>
                Cancel
              </Button>
              <Button variant={confirming === 'on' ? 'danger' : 'primary'} disabled={busy || (confirming === 'on' && reason.trim() === '')} onClick={() => void confirm()}>
                {busy ? 'Sending…' : confirming === 'on' ? 'Halt now' : 'Clear halt'}
              </Button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
