'use client';
import { Badge, Card, Flex, Metric, Text } from '@tremor/react';
import type { StrategySummary } from '../../shared/api';
import { formatPnl } from '../ui/format';
import { cardPnl, type PnlHistory } from './strategy-view-model';

const STATUS_COLOR = { running: 'emerald', paused: 'yellow', stopped: 'rose', unknown: 'slate' } as const;

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

/** One Tremor card per configured strategy: status, live P&L, trades, win rate, Sharpe, drawdown. */
export function StrategyCards({ strategies, pnl: history, selected, onSelect }: { strategies: StrategySummary[]; pnl: PnlHistory; selected: string[]; onSelect: (id: string) => void }) {
  return (
    <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 xl:grid-cols-4" data-testid="strategy-cards">
      {strategies.map((s) => {
        const pnl = cardPnl(s, history);
        const m = s.metrics;
        return (
          <Card
            key={s.id}
            data-testid={`strategy-card-${s.id}`}
            className={`cursor-pointer !bg-abyss-900 ring-1 ${selected.includes(s.id) ? '!ring-neon-cyan' : '!ring-abyss-600'}`}
            onClick={() => onSelect(s.id)}
          >
            <Flex justifyContent="between" alignItems="center">
              <Text className="font-mono !text-slate-200">{s.id}</Text>
              <Badge color={STATUS_COLOR[s.status]}>{s.status}</Badge>
            </Flex>
            <Metric className={pnl === undefined ? '!text-slate-500' : pnl >= 0 ? '!text-neon-green' : '!text-neon-red'}>{pnl === undefined ? '—' : formatPnl(pnl)}</Metric>
            <div className="mt-2 grid grid-cols-4 gap-1 text-[11px]">
              <Stat label="Trades" value={m ? String(m.trades) : '—'} />
              <Stat label="Win" value={pct(m?.winRate)} />
              <Stat label="Sharpe" value={num(m?.sharpe)} />
              <Stat label="Max DD" value={pct(m?.maxDrawdownPct)} />
            </div>
          </Card>
        );
      })}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <div className="text-[9px] uppercase tracking-wider text-slate-500">{label}</div>
      <div className="font-mono text-slate-200">{value}</div>
    </div>
  );
}
