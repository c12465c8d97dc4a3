/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { BoardNode } from './board-types';
import { NodePanel, type NodePanelActions } from './node-panel';
import { strategyFormSchema } from '../forms/strategy-schema';

const definition = { id: 'sma-cross', template: 'sma-cross', params: { fast: 10, slow: 30 }, instruments: ['BTC-PERP'], timeframe: '1m' };

const node: BoardNode = {
  id: 'strategy:sma-cross',
  type: 'service',
  position: { x: 0, y: 0 },
  data: {
    kind: 'strategy',
    title: 'sma-cross',
    status: 'healthy',
    reasons: [],
    service: 'strategy-runner',
    instance: 'sma-cross',
    strategyId: 'sma-cross',
    pnl: -50,
    metrics: { msgsInPerSec: 1, msgsOutPerSec: 0.5, lagMsgs: 3, latencyMsP50: 1.25, latencyMsP99: 4, ageMs: 800, phase: 'live' },
  },
};

function actions(): NodePanelActions & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    loadConfig: async () => ({ schema: strategyFormSchema(definition), value: definition }),
    saveConfig: async (n, value) => {
      calls.push(['save', n.id, value]);
      return undefined;
    },
    command: async (n, command) => {
      calls.push(['command', n.id, command]);
      return `${command} sent to ${n.data.strategyId}`;
    },
  };
}

describe('NodePanel', () => {
  it('shows the live metrics and P&L of the node', async () => {
    render(<NodePanel node={node} logs={[]} actions={actions()} onClose={() => undefined} />);
    await screen.findByLabelText(/^fast/);
    const panel = screen.getByRole('complementary', { name: 'sma-cross panel' });
    expect(panel.textContent).toContain('1.00/s');
    expect(panel.textContent).toContain('3 msgs');
    expect(panel.textContent).toContain('1.3 ms');
    expect(panel.textContent).toContain('-$50.00');
    expect(screen.getByText('No log lines yet.')).toBeTruthy();
    expect(panel.textContent).not.toContain(' · on ');
  });

  it('names the node (laptop) the instance runs on', async () => {
    render(<NodePanel node={{ ...node, data: { ...node.data, runsOn: 'laptop-a' } }} logs={[]} actions={actions()} onClose={() => undefined} />);
    await screen.findByLabelText(/^fast/);
    expect(screen.getByText(/strategy-runner · sma-cross · on laptop-a · healthy/)).toBeTruthy();
  });

  it('sends Stop for the strategy and reports what the gateway answered', async () => {
    const a = actions();
    render(<NodePanel node={node} logs={[]} actions={a} onClose={() => undefined} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Stop' })));
    expect(a.calls).toEqual([['command', 'strategy:sma-cross', 'stop']]);
    expect(screen.getByRole('status').textContent).toBe('stop sent to sma-cross');
    // Resume only makes sense for a paused node.
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveProperty('disabled', true);
  });

  it('starts a stopped strategy, and removes one only on the second click', async () => {
    const a = actions();
    const stopped: BoardNode = { ...node, data: { ...node.data, status: 'stopped' } };
    render(<NodePanel node={stopped} logs={[]} actions={a} onClose={() => undefined} />);
    await screen.findByLabelText(/^fast/);
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Start' })));
    expect(a.calls).toEqual([['command', 'strategy:sma-cross', 'start']]);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove' })));
    expect(a.calls).toHaveLength(1);
    expect(screen.getByText(/refused while it holds a position/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Confirm remove' })));
    expect(a.calls).toEqual([
      ['command', 'strategy:sma-cross', 'start'],
      ['command', 'strategy:sma-cross', 'remove'],
    ]);
    expect(screen.getByRole('status').textContent).toBe('remove sent to sma-cross');
    expect(screen.getByRole('button', { name: 'Remove' })).toBeTruthy();
  });

  it('offers Start and Remove only for strategies, and Start only when stopped', async () => {
    const service: BoardNode = { ...node, id: 'service:portfolio', data: { ...node.data, kind: 'service', title: 'portfolio', service: 'portfolio', instance: 'main', strategyId: undefined } };
    const { unmount } = render(<NodePanel node={service} logs={[]} actions={actions()} onClose={() => undefined} />);
    await screen.findByLabelText(/^fast/);
    expect(screen.queryByRole('button', { name: 'Start' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull();
    unmount();
    render(<NodePanel node={node} logs={[]} actions={actions()} onClose={() => undefined} />);
    await screen.findByLabelText(/^fast/);
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', true);
  });

  it('edits the strategy definition through the generated form and saves the typed value', async () => {
    const a = actions();
    render(<NodePanel node={node} logs={[]} actions={a} onClose={() => undefined} />);
    fireEvent.change(await screen.findByLabelText(/^fast/), { target: { value: '12' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save and apply' })));
    expect(a.calls).toEqual([['save', 'strategy:sma-cross', { params: { fast: 12, slow: 30 }, instruments: ['BTC-PERP'], timeframe: '1m' }]]);
  });

  it('shows the log lines of the node and a load error plainly', async () => {
    const failing: NodePanelActions = { ...actions(), loadConfig: () => Promise.reject(new Error('503 NATS unreachable')) };
    const logs = [{ service: 'strategy-runner', instance: 'sma-cross', ts: Date.UTC(2024, 0, 1, 12, 0, 1), level: 'warn', msg: 'intent dropped' }];
    render(<NodePanel node={node} logs={logs} actions={failing} onClose={() => undefined} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Could not load the configuration: 503 NATS unreachable'));
    expect(screen.getByRole('list', { name: 'log lines' }).textContent).toBe('12:00:01.000 intent dropped');
  });
});
