/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { HaltControl } from './halt-control';

describe('HaltControl', () => {
  it('halts only after a confirmation with a reason', async () => {
    const onSet = jest.fn(async () => undefined);
    render(<HaltControl halt={{ halted: false }} onSet={onSet} />);
    expect(screen.getByTestId('halt-state').textContent).toBe('TRADING');
    fireEvent.click(screen.getByRole('button', { name: 'HALT ALL TRADING' }));
    const dialog = screen.getByRole('dialog', { name: 'confirm halt' });
    expect(dialog).toBeTruthy();
    expect(onSet).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Halt now' })).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText(/^Reason/), { target: { value: 'exchange incident' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Halt now' })));
    expect(onSet).toHaveBeenCalledWith(true, 'exchange incident');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('cancelling the confirmation sends nothing', () => {
    const onSet = jest.fn(async () => undefined);
    render(<HaltControl halt={{ halted: false }} onSet={onSet} />);
    fireEvent.click(screen.getByRole('button', { name: 'HALT ALL TRADING' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onSet).not.toHaveBeenCalled();
  });

  it('clears a halt after confirming, and keeps the dialog open with the error when the gateway refuses', async () => {
    let fail = true;
    const onSet = jest.fn(async () => {
      if (fail) throw new Error('503: NATS unreachable');
    });
    render(<HaltControl halt={{ halted: true, reason: 'drill', since: Date.UTC(2024, 0, 1, 9, 30) }} onSet={onSet} />);
    expect(screen.getByTestId('halt-state').textContent).toBe('HALTED');
    expect(screen.getByText('drill')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear halt' }));
    const clear = () => screen.getAllByRole('button', { name: 'Clear halt' }).at(-1) as HTMLElement;
    await act(async () => fireEvent.click(clear()));
    expect(screen.getByRole('alert').textContent).toBe('503: NATS unreachable');
    fail = false;
    await act(async () => fireEvent.click(clear()));
    expect(onSet).toHaveBeenLastCalledWith(false, undefined);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
