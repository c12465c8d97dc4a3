'use client';
import { Badge, Card, Flex, Metric, Text } from '@tremor/react';
import type { StrategySummary } from '../../shared/api';
import { Button } from '../ui/button';
import { formatPnl } from '../ui/format';
import { cardPnl, type PnlHistory } from './strategy-view-model';

const STATUS_COLOR = { running: 'emerald', paused: 'yellow', stopped: 'rose', unknown: 'slate' } as const;

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));

export type CardCommand = 'start' | 'pause' | 'resume' | 'stop';

/** What a strategy in this status can be asked to do, in button order. */
export function commandsFor(status: StrategySummary['status']): CardCommand[] {
  switch (status) {
    case 'running':
      return ['pause', 'stop'];
    case 'paused':
      return ['resume', 'stop'];
    case 'stopped':
      return ['start'];
    default:
      // No heartbeat yet: start launches a runner only when none serves it.
      return ['start', 'stop'];
  }
}

const LABEL: Record<CardCommand, string> = { start: 'Start', pause: 'Pause', resume: 'Resume', stop: 'Stop' };

/** One Tremor card per configured strategy: status with its commands, live P&L, trades, win rate, Sharpe, drawdown. */
export function StrategyCards({
  strategies,
  pnl: history,
  selected,
  onSelect,
  onCommand,
  pending,
}: {
  strategies: StrategySummary[];
  pnl: PnlHistory;
  selected: string[];
  onSelect: (id: string) => void;
  onCommand: (id: string, command: CardCommand) => void;
  /** The strategy whose command is under way: its buttons wait. */
  pending?: string;
}) {
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
              <Stat label="Sharpe" value={num(m?.sharpe)} title="Annualised from the bar spacing; shown once the P&L curve covers a day of event time" />
              <Stat label="Max DD" value={pct(m?.maxDrawdownPct)} />
            </div>
            <div className="mt-2 flex gap-1.5">
              {commandsFor(s.status).map((command) => (
                <Button
                  key={command}
                  variant={command === 'stop' ? 'danger' : command === 'pause' ? 'ghost' : 'primary'}
                  className="!px-2 !py-0.5 !text-xs"
                  aria-label={`${LABEL[command]} ${s.id}`}
                  disabled={pending === s.id}
                  onClick={(e) => {
                    // The card itself selects the strategy for the chart; a command is not a selection.
                    e.stopPropagation();
                    onCommand(s.id, command);
                  }}
                >
                  {LABEL[command]}
                </Button>
              ))}
            </div>
          </Card>
        );
      })}
    </div>
  );
}

function Stat({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div title={title}>
      <div className="text-[9px] uppercase tracking-wider text-slate-500">{label}</div>
      <div className="font-mono text-slate-200">{value}</div>
    </div>
  );
}
