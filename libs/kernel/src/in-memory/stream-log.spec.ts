import type { Envelope } from '@helios/contracts';
import { StreamLog } from './stream-log';

const event = (id: string): Envelope => ({ id, type: 'md.tick', v: 1, ts: 0, src: 'test', run: 'test', payload: {} });

describe('StreamLog', () => {
  it('numbers messages from 1 and records subject and storage time', () => {
    const log = new StreamLog('MD', ['md.>'], 1_000);
    expect(log.append('md.a', event('a'), 10)).toEqual({ stream: 'MD', seq: 1, duplicate: false });
    expect(log.append('md.b', event('b'), 10)).toEqual({ stream: 'MD', seq: 2, duplicate: false });
    expect(log.messages.map((m) => [m.stream, m.seq, m.subject, m.storedAt, m.event.id])).toEqual([
      ['MD', 1, 'md.a', 10, 'a'],
      ['MD', 2, 'md.b', 10, 'b'],
    ]);
  });

  it('treats an id as a duplicate until the window has passed since it was stored, then stores it again', () => {
    const log = new StreamLog('MD', ['md.>'], 1_000);
    log.append('md.a', event('x'), 0);
    log.append('md.a', event('y'), 500);
    expect(log.append('md.a', event('x'), 999)).toEqual({ stream: 'MD', seq: 1, duplicate: true });
    expect(log.append('md.a', event('x'), 1_000)).toEqual({ stream: 'MD', seq: 3, duplicate: false });
    expect(log.append('md.a', event('y'), 1_499)).toEqual({ stream: 'MD', seq: 2, duplicate: true });
    expect(log.append('md.a', event('y'), 1_500)).toEqual({ stream: 'MD', seq: 4, duplicate: false });
    // The re-stored x (seq 3, at 1000) is now the one a duplicate points to.
    expect(log.append('md.a', event('x'), 1_999)).toEqual({ stream: 'MD', seq: 3, duplicate: true });
    expect(log.messages).toHaveLength(4);
  });

  it('stores every message when the window is 0', () => {
    const log = new StreamLog('MD', ['md.>'], 0);
    log.append('md.a', event('x'), 0);
    expect(log.append('md.a', event('x'), 0)).toEqual({ stream: 'MD', seq: 2, duplicate: false });
  });

  it('refuses a storage time older than the last one, since a Clock must be monotonic', () => {
    const log = new StreamLog('MD', ['md.>'], 0);
    log.append('md.a', event('x'), 100);
    expect(() => log.append('md.a', event('y'), 99)).toThrow('stream MD: the bus clock went backwards (99 < 100); a Clock must be monotonic');
    expect(log.messages).toHaveLength(1);
  });

  it('finds the start index for all, a sequence and a storage time (first stored at or after it)', () => {
    const log = new StreamLog('MD', ['md.>'], 0);
    [10, 20, 20, 30, 40].forEach((t, i) => log.append('md.a', event(`e${i}`), t));
    expect(log.startIndex({ kind: 'all' })).toBe(0);
    expect(log.startIndex({ kind: 'seq', seq: 4 })).toBe(3);
    expect(log.startIndex({ kind: 'seq', seq: 9 })).toBe(8);
    expect([5, 10, 11, 20, 21, 30, 40, 41].map((ts) => log.startIndex({ kind: 'time', ts }))).toEqual([0, 0, 1, 1, 3, 3, 4, 5]);
  });
});
