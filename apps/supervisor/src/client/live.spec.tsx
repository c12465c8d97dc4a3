/** @jest-environment jsdom */
import { act, render } from '@testing-library/react';
import type { LiveTopic, LiveUpdate } from '../shared/live';
import { reconnectDelayMs, useLive } from './live';

class FakeSocket {
  static all: FakeSocket[] = [];
  sent: string[] = [];
  closed = false;
  onopen?: () => void;
  onmessage?: (ev: { data: string }) => void;
  onclose?: (ev: { reason: string }) => void;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.closed = true;
  }
}

function Probe({ topics, onUpdates, onStatus }: { topics: LiveTopic[]; onUpdates: (u: LiveUpdate[]) => void; onStatus: (s: string) => void }) {
  onStatus(useLive(topics, onUpdates).status);
  return null;
}

beforeEach(() => {
  FakeSocket.all = [];
  Object.assign(globalThis, { WebSocket: FakeSocket });
});

it('opens no socket for no topics, and one that subscribes to the topics and hands over each batch', () => {
  const updates: LiveUpdate[][] = [];
  const statuses: string[] = [];
  const { rerender, unmount } = render(<Probe topics={[]} onUpdates={(u) => updates.push(u)} onStatus={(s) => statuses.push(s)} />);
  expect(FakeSocket.all).toHaveLength(0);
  expect(statuses.at(-1)).toBe('closed');

  rerender(<Probe topics={['pnl', 'halt']} onUpdates={(u) => updates.push(u)} onStatus={(s) => statuses.push(s)} />);
  expect(FakeSocket.all).toHaveLength(1);
  const ws = FakeSocket.all[0];
  expect(ws.url).toBe('ws://localhost/ws');
  act(() => ws.onopen?.());
  expect(ws.sent.map((t) => JSON.parse(t))).toEqual([{ type: 'subscribe', topics: ['halt', 'pnl'] }]);
  expect(statuses.at(-1)).toBe('open');

  const rendersBefore = statuses.length;
  const halt: LiveUpdate = { kind: 'halt', halt: { halted: true, reason: 'drill' } };
  act(() => ws.onmessage?.({ data: JSON.stringify({ type: 'batch', seq: 1, at: 1, updates: [halt] }) }));
  act(() => ws.onmessage?.({ data: 'not json' }));
  expect(updates).toEqual([[halt]]);
  // A batch goes to the handler; the hook itself does not re-render for it.
  expect(statuses.length).toBe(rendersBefore);

  unmount();
  expect(ws.closed).toBe(true);
});

it('reconnects after a drop, backing off from 0.5 s to at most 10 s', () => {
  expect([1, 2, 3, 4, 5, 6, 7].map(reconnectDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  jest.useFakeTimers();
  try {
    const statuses: string[] = [];
    render(<Probe topics={['halt']} onUpdates={() => undefined} onStatus={(s) => statuses.push(s)} />);
    act(() => FakeSocket.all[0].onclose?.({ reason: '' }));
    expect(statuses.at(-1)).toBe('closed');
    act(() => jest.advanceTimersByTime(499));
    expect(FakeSocket.all).toHaveLength(1);
    act(() => jest.advanceTimersByTime(1));
    expect(FakeSocket.all).toHaveLength(2);
    expect(statuses.at(-1)).toBe('connecting');
  } finally {
    jest.useRealTimers();
  }
});
