/** @jest-environment jsdom */
import { fireEvent, render, screen } from '@testing-library/react';
import type { StrategySummary } from '../../shared/api';
import { commandsFor, StrategyCards } from './strategy-cards';

const summary = (id: string, status: StrategySummary['status']): StrategySummary => ({
  id,
  definition: { id, template: 'sma-cross', instruments: ['BTC-PERP'], timeframe: '1m' },
  status,
  metrics: { trades: 4, winRate: 50, sharpe: 1.25, maxDrawdownPct: -3.5 },
});

describe('StrategyCards', () => {
  it('offers what each status allows: pause and stop when running, resume and stop when paused, start when stopped', () => {
    expect(commandsFor('running')).toEqual(['pause', 'stop']);
    expect(commandsFor('paused')).toEqual(['resume', 'stop']);
    expect(commandsFor('stopped')).toEqual(['start']);
    expect(commandsFor('unknown')).toEqual(['start', 'stop']);
  });

  it('sends the command of the button pressed without selecting the card, and holds the buttons of a pending one', () => {
    const commands: string[][] = [];
    const selected: string[] = [];
    const strategies = [summary('a', 'running'), summary('b', 'stopped'), summary('c', 'paused')];
    const { rerender } = render(<StrategyCards strategies={strategies} pnl={{}} selected={[]} onSelect={(id) => selected.push(id)} onCommand={(id, c) => commands.push([id, c])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Stop a' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start b' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resume c' }));
    expect(commands).toEqual([
      ['a', 'stop'],
      ['b', 'start'],
      ['c', 'resume'],
    ]);
    expect(selected).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Stop b' })).toBeNull();
    expect(screen.getByTestId('strategy-card-a').textContent).toContain('1.25');

    rerender(<StrategyCards strategies={strategies} pnl={{}} selected={[]} onSelect={(id) => selected.push(id)} onCommand={(id, c) => commands.push([id, c])} pending="a" />);
    expect(screen.getByRole('button', { name: 'Pause a' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Start b' })).toHaveProperty('disabled', false);
    fireEvent.click(screen.getByTestId('strategy-card-a'));
    expect(selected).toEqual(['a']);
  });
});
