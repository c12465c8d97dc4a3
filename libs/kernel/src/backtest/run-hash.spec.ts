import { createEvent, eventId, examples } from '@helios/contracts';
import { RunHasher } from './run-hash';

const digestOf = (feed: (h: RunHasher) => void) => {
  const h = new RunHasher();
  feed(h);
  return h.digest();
};

const fill = (price: number) =>
  createEvent('order.fill', { ...examples['order.fill'], price }, { id: eventId('t', 'fill'), ts: 1_000, src: 'paper-exchange', run: 'r1' });

describe('RunHasher', () => {
  it('is deterministic and 128 bits of hex', () => {
    const a = digestOf((h) => h.event(fill(100)));
    expect(a).toBe(digestOf((h) => h.event(fill(100))));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('changes with any payload number, even in the last bit, and with the order of events', () => {
    const a = digestOf((h) => h.event(fill(100)));
    expect(digestOf((h) => h.event(fill(100.00000000000001)))).not.toBe(a);
    const ab = digestOf((h) => {
      h.event(fill(1));
      h.event(fill(2));
    });
    const ba = digestOf((h) => {
      h.event(fill(2));
      h.event(fill(1));
    });
    expect(ab).not.toBe(ba);
  });

  it('keeps types and shapes apart: "1" vs 1, a missing key vs a present one, [] vs {}', () => {
    expect(digestOf((h) => h.value('1'))).not.toBe(digestOf((h) => h.value(1)));
    expect(digestOf((h) => h.value({ a: 1 }))).not.toBe(digestOf((h) => h.value({ b: 1 })));
    expect(digestOf((h) => h.value([]))).not.toBe(digestOf((h) => h.value({})));
    expect(digestOf((h) => h.value({ a: 1, b: undefined }))).toBe(digestOf((h) => h.value({ a: 1 })));
    expect(digestOf((h) => h.value(0))).toBe(digestOf((h) => h.value(-0)));
    expect(digestOf((h) => h.string('ab'))).not.toBe(digestOf((h) => h.string('ba')));
  });

  it('hashes a candle by its fields', () => {
    const a = digestOf((h) => h.candle(0, 60_000, 1, 2, 0.5, 1.5, 10));
    expect(a).toBe(digestOf((h) => h.candle(0, 60_000, 1, 2, 0.5, 1.5, 10)));
    expect(a).not.toBe(digestOf((h) => h.candle(0, 60_000, 1, 2, 0.5, 1.5, 11)));
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => new RunHasher().value(() => 1)).toThrow('RunHasher: cannot hash a function (events are JSON)');
  });
});
