import type { RiskView } from '../../shared/api';
import { DEFAULT_THRESHOLDS } from '../board/node-status';
import { EmptyState } from '../ui/states';
import { TONE_BG } from '../ui/status-colors';

/** Bar colour by how close a limit is: yellow from the board's warning level (80 %), red from 100 %. */
export function usageTone(pct: number): 'healthy' | 'warning' | 'error' {
  return pct >= 100 ? 'error' : pct >= DEFAULT_THRESHOLDS.riskWarnPct ? 'warning' : 'healthy';
}

// Three significant digits: enough to tell 0.093 % from 0.1 %, short enough to sit beside the label.
const fmt = (x: number) => (Math.abs(x) >= 1000 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : Number(x.toPrecision(3)).toString());

/** A limit's name with line-break opportunities after its dots, so a narrow panel wraps it between words, not inside one. */
function limitName(limit: string) {
  const parts = limit.split('.');
  return parts.map((part, i) => (i < parts.length - 1 ? [part, '.', <wbr key={i} />] : part));
}

export function RiskUsage({ usage }: { usage: RiskView['usage'] }) {
  if (usage.length === 0) {
    return (
      <EmptyState title="No limit on the equity in use">
        Usage shows for maxGrossExposure, maxGrossExposureMultiple, portfolioDrawdown and each strategy's drawdown in KV risk.limits (a daily window from the peak of the UTC day), once the portfolio has reported the P&L.
      </EmptyState>
    );
  }
  return (
    <ul className="space-y-2.5" aria-label="risk limits">
      {usage.map((u) => {
        const tone = usageTone(u.pct);
        return (
          <li key={u.limit} data-testid="risk-limit">
            <div className="flex items-baseline justify-between gap-3 text-xs">
              <span className="min-w-0 font-mono text-slate-300">{limitName(u.limit)}</span>
              <span className="shrink-0 whitespace-nowrap font-mono text-slate-400">
                {fmt(u.used)} / {fmt(u.max)} · <span className={tone === 'healthy' ? 'text-slate-300' : tone === 'warning' ? 'text-neon-yellow' : 'text-neon-red'}>{Math.round(u.pct)}%</span>
              </span>
            </div>
            <div className="mt-1 h-2 overflow-hidden rounded bg-abyss-800" role="meter" aria-label={u.limit} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(u.pct)}>
              <div className={`h-full ${TONE_BG[tone]}`} style={{ width: `${Math.max(0, Math.min(100, u.pct))}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
