import { ReleaseGate } from './release-gate';

describe('ReleaseGate', () => {
  it('lets a bar through only once the horizon reaches its open time, and never moves back', async () => {
    const gate = new ReleaseGate();
    const abort = new AbortController();
    const order: string[] = [];
    const waiting = gate.waitFor(2_000, abort.signal).then((ok) => order.push(`bar 2000 ${ok}`));
    gate.release(1_000);
    await Promise.resolve();
    expect(order).toEqual([]);
    expect([gate.allows(1_000), gate.allows(2_000)]).toEqual([true, false]);
    gate.release(2_000);
    await waiting;
    expect(order).toEqual(['bar 2000 true']);
    gate.release(500);
    expect(gate.allows(2_000)).toBe(true);
  });

  it('gives up waiting when aborted', async () => {
    const gate = new ReleaseGate();
    const abort = new AbortController();
    const waiting = gate.waitFor(1, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toBe(false);
  });
});
