import type { HaltState } from '../../shared/live';
import { formatTime } from '../ui/format';

/** Shown on every page while the global kill switch is on: nothing trades until it is cleared. */
export function HaltBanner({ halt }: { halt: HaltState | undefined }) {
  if (halt?.halted !== true) return null;
  return (
    <div role="alert" data-testid="halt-banner" className="flex items-center justify-center gap-3 border-b border-neon-red bg-neon-red/15 px-4 py-2 text-sm text-neon-red shadow-[0_0_20px_rgba(255,59,107,0.35)]">
      <span className="font-bold tracking-[0.2em]">TRADING HALTED</span>
      {halt.reason !== undefined && <span className="text-slate-200">{halt.reason}</span>}
      {halt.since !== undefined && <span className="font-mono text-xs text-slate-400">since {formatTime(halt.since)} UTC</span>}
      <a href="/orders" className="underline decoration-dotted hover:text-white">
        Orders &amp; risk → clear halt
      </a>
    </div>
  );
}
