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

/** The run hash's mixing written plainly, word by word (xxHash32's round, word k into lane k mod 4). */
function referenceDigest(words: readonly number[]): string {
  const P1 = 0x9e3779b1 | 0;
  const P2 = 0x85ebca77 | 0;
  const P3 = 0xc2b2ae3d | 0;
  const P4 = 0x27d4eb2f | 0;
  const P5 = 0x165667b1 | 0;
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
  const lanes = [(P1 + P2) | 0, P2, 0, -P1 | 0];
  words.forEach((w, k) => (lanes[k % 4] = Math.imul(rotl((lanes[k % 4] + Math.imul(w | 0, P2)) | 0, 13), P1)));
  const [a, b, c, d] = lanes;
  const combined = (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + words.length) | 0;
  const avalanche = (h: number) => {
    h = Math.imul(h ^ (h >>> 15), P2);
    h = Math.imul(h ^ (h >>> 13), P3);
    return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, '0');
  };
  return avalanche(a ^ combined) + avalanche(b ^ combined ^ P3) + avalanche(c ^ combined ^ P4) + avalanche(d ^ combined ^ P5);
}

describe('RunHasher: buffering and compact encodings', () => {
  it('mixes exactly the words it is given, across buffer refills, and can digest midway and go on', () => {
    for (const count of [0, 1, 3, 1023, 1024, 1025, 2051, 5000]) {
      const words = Array.from({ length: count }, (_, i) => Math.imul(i + 7, 0x2545f491));
      const h = new RunHasher();
      words.forEach((w, i) => {
        h.word(w);
        if (i === 1000) expect(h.digest()).toBe(referenceDigest(words.slice(0, 1001)));
      });
      expect(h.digest()).toBe(referenceDigest(words));
    }
  });

  it('hashes a number as its low and high 32 bits, also where it does not fit in the rest of the buffer', () => {
    const f64 = new Float64Array(1);
    const halves = new Uint32Array(f64.buffer);
    const h = new RunHasher();
    const expected: number[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 3 === 0) {
        h.word(i);
        expected.push(i);
      } else {
        const x = i * 1.37 - 900;
        h.number(x);
        f64[0] = x;
        expected.push(halves[0], halves[1]); // little-endian, like every machine this runs on
      }
    }
    expect(h.digest()).toBe(referenceDigest(expected));
  });

  it('hashes a string as its length and UTF-16 units two per word, also when it is longer than the buffer', () => {
    const text = 'é€'.repeat(1500) + 'x';
    const units = Array.from(text, (c) => c.charCodeAt(0));
    const expected: number[] = [text.length];
    for (let i = 0; i + 1 < units.length; i += 2) expected.push(units[i] | (units[i + 1] << 16));
    expected.push(units[units.length - 1]);
    expect(digestOf((h) => h.string(text))).toBe(referenceDigest(expected));
  });

  it('tells apart events whose ids differ in the last hex digit, and an id from the same text that is not hex', () => {
    const id = eventId('t', 'fill');
    const other = id.slice(0, 31) + (id[31] === '0' ? '1' : '0');
    const withId = (e: ReturnType<typeof fill>, newId: string) => ({ ...e, id: newId });
    const base = digestOf((h) => h.event(fill(100)));
    expect(digestOf((h) => h.event(withId(fill(100), other)))).not.toBe(base);
    expect(digestOf((h) => h.event(withId(fill(100), id.toUpperCase())))).not.toBe(base);
    // 32 characters, not all hex: hashed as text.
    expect(digestOf((h) => h.value('g'.repeat(32)))).not.toBe(digestOf((h) => h.value('f'.repeat(32))));
  });

  it('numbers repeated strings by first occurrence, so a different repeat is a different run', () => {
    const seq = (...values: string[]) => digestOf((h) => values.forEach((v) => h.value(v)));
    expect(seq('x', 'y', 'x')).not.toBe(seq('x', 'y', 'y'));
    expect(seq('x', 'x')).not.toBe(seq('x', 'y'));
    expect(seq('x', 'y')).not.toBe(seq('y', 'x'));
    expect(seq('x', 'y', 'x')).toBe(seq('x', 'y', 'x'));
    // Keys are numbered the same way: a key seen before is not confused with its own text as a value.
    expect(digestOf((h) => [{ a: 'b' }, { b: 'a' }].forEach((v) => h.value(v)))).not.toBe(digestOf((h) => [{ a: 'b' }, { a: 'b' }].forEach((v) => h.value(v))));
  });
});

/**
 * The event encoding written plainly (ADR 0006): tag 8, the id (HEX_ID + its 4 words when it is 32
 * lowercase hex characters), type, v, ts, src, then the payload; keys, types, sources and short
 * string values as symbols (spelled out with SYMBOL_NEW at their first occurrence, SYMBOL_REF +
 * number after), no memory of earlier payloads' shapes.
 */
function referenceEventWords(events: ReadonlyArray<{ id: string; type: string; v: number; ts: number; src: string; payload: unknown }>): number[] {
  const words: number[] = [];
  const symbols = new Map<string, number>();
  const f64 = new Float64Array(1);
  const halves = new Int32Array(f64.buffer);
  const plain = (s: string) => {
    words.push(s.length);
    for (let i = 0; i + 1 < s.length; i += 2) words.push(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (s.length % 2 === 1) words.push(s.charCodeAt(s.length - 1));
  };
  const symbol = (s: string) => {
    const known = symbols.get(s);
    if (known !== undefined) return words.push(0x50000000 + known);
    symbols.set(s, symbols.size);
    words.push(0x40000001);
    plain(s);
  };
  const id = (s: string) => {
    if (!/^[0-9a-f]{32}$/.test(s)) return plain(s);
    words.push(0x40000000);
    for (let w = 0; w < 4; w++) words.push(parseInt(s.slice(w * 8, w * 8 + 8), 16) | 0);
  };
  const num = (x: number) => {
    f64[0] = x === 0 ? 0 : x;
    words.push(halves[0], halves[1]);
  };
  const value = (v: unknown): void => {
    if (typeof v === 'number') {
      words.push(1);
      num(v);
    } else if (typeof v === 'string') {
      words.push(2);
      if (v.length === 32) id(v);
      else if (v.length <= 24) symbol(v);
      else plain(v);
    } else if (typeof v === 'boolean') {
      words.push(v ? 3 : 4);
    } else if (v === null) {
      words.push(5);
    } else if (Array.isArray(v)) {
      words.push(6, v.length);
      v.forEach(value);
    } else {
      words.push(7);
      for (const [key, member] of Object.entries(v as object)) {
        if (member === undefined) continue;
        symbol(key);
        value(member);
      }
      words.push(10);
    }
  };
  for (const e of events) {
    words.push(8);
    id(e.id);
    symbol(e.type);
    words.push(e.v);
    num(e.ts);
    symbol(e.src);
    value(e.payload);
  }
  return words;
}

describe('RunHasher: events', () => {
  it('hashes events exactly as the plain encoding, however the payloads of one type vary from event to event', () => {
    const id = (k: number) => eventId('t', k);
    const intent = (k: number, payload: object, src = 'strategy-runner') => ({ id: id(k), type: 'strategy.intent', v: 1, ts: 1_000 + k, src, payload });
    const events = [
      intent(0, { strategyId: 's1', targets: [{ instrument: 'BTC', weight: 1 }], barTime: 0 }),
      intent(1, { strategyId: 's1', targets: [{ instrument: 'BTC', weight: 0 }], barTime: 60 }),
      // A changed short string, a changed key order, a member left out, an undefined member.
      intent(2, { strategyId: 's2', targets: [{ weight: 1, instrument: 'BTC' }, { instrument: 'ETH', qty: 2 }], barTime: 120 }),
      intent(3, { targets: [{ instrument: 'ETH', weight: 0.5, reason: undefined }], strategyId: 's2', barTime: 180 }, 'other-src'),
      // The same place holding an id, a long text, a number, a nested object, null and a boolean in turn.
      intent(4, { strategyId: id(99), targets: [], barTime: 'a text longer than twenty-four characters' }),
      intent(5, { strategyId: 7, targets: { instrument: 'BTC' }, barTime: null, extra: true }),
      { id: 'not-a-hex-id', type: 'order.ack', v: 1, ts: 2_000, src: 'paper-exchange', payload: { account: 's1', clientOrderId: 's2', exchangeOrderId: 'BTC' } },
      intent(6, { strategyId: 's1', targets: [{ instrument: 'BTC', weight: 1 }], barTime: 0 }),
    ];
    const h = new RunHasher();
    for (const e of events) h.event(e as never);
    expect(h.digest()).toBe(referenceDigest(referenceEventWords(events)));
  });
});
