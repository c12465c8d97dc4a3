import type { Envelope } from '@helios/contracts';

// xxHash32's primes and round function; four lanes take the words in turn, like xxHash32's stripes.
const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

/** Words collected before they are mixed (a multiple of 4). */
const BUFFER_WORDS = 1024;

// A number is hashed as its low then its high 32 bits, whatever the platform's byte order.
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

// Tags keep different shapes apart: the string "1" never hashes like the number 1.
const TAG_NUMBER = 1;
const TAG_STRING = 2;
const TAG_TRUE = 3;
const TAG_FALSE = 4;
const TAG_NULL = 5;
const TAG_ARRAY = 6;
const TAG_OBJECT = 7;
const TAG_EVENT = 8;
const TAG_CANDLE = 9;
const TAG_END = 10;

// The first word of a text tells how it is encoded. A plain string starts with its length, which is
// below 2^30 (V8 strings are shorter), so these markers can never be mistaken for one.
/** A 128-bit lowercase hex id (every event id), as its 4 words. */
const HEX_ID = 0x40000000;
/** The first occurrence of a symbol: the plain string follows; it gets the next symbol number. */
const SYMBOL_NEW = 0x40000001;
/** A later occurrence: SYMBOL_REF + the symbol's number. */
const SYMBOL_REF = 0x50000000;
/** Symbols per run: keys, types, sources and short values repeat; once full, new ones are hashed plain. */
const MAX_SYMBOLS = 4096;
/** Values longer than this are rarely repeated (reasons, fill ids) and are hashed plain. */
const MAX_SYMBOL_VALUE_LENGTH = 24;

/** Hex digit values by character code; -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * The run hash: a streaming hash over every event of a run in bus order, so two runs agree exactly
 * when they produced the same events in the same order. Events are encoded into 32-bit words
 * (numbers as their IEEE-754 bits, strings as UTF-16 units, objects as tagged key/value sequences in
 * key order) and mixed with xxHash32's round into four lanes, then finalised into 128 bits.
 *
 * The encoding is decodable, so it loses nothing, yet small: an event id (32 hex characters) is its
 * 128 bits; keys, types, sources and short string values are symbols, spelled out at their first
 * occurrence in the run and numbered after that (the numbering depends only on the events before,
 * so equal runs number alike and a difference is still a difference).
 *
 * Why not murmur3 over JSON: encoding and hashing a million candles as text would cost more than
 * the whole simulation. This is not a cryptographic hash; it guards against accidents (a changed
 * fill, a reordered event), not against someone crafting collisions.
 */
export class RunHasher {
  private a = P1 + P2;
  private b = P2;
  private c = 0;
  private d = -P1 | 0;
  /** Words waiting to be mixed; word k of the run goes to lane k mod 4. */
  private readonly buffer = new Int32Array(BUFFER_WORDS);
  private used = 0;
  /** Words mixed into the lanes so far (a multiple of 4). */
  private mixed = 0;
  private readonly symbols = new Map<string, number>();
  /** The payload shape last seen per event type, by the type's symbol number. */
  private readonly shapes: Shape[] = [];

  word(w: number): void {
    if (this.used === BUFFER_WORDS) this.mix();
    this.buffer[this.used++] = w;
  }

  /** Makes room for `count` (at most BUFFER_WORDS - 3) words, to be written without further checks. */
  private room(count: number): void {
    if (this.used + count > BUFFER_WORDS) this.mix();
  }

  /**
   * Mixes every whole stripe of the buffer into the lanes, in one tight loop: collecting words first
   * and mixing them later is several times faster than mixing each as it comes.
   */
  private mix(): void {
    const buffer = this.buffer;
    const end = this.used & ~3;
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    for (let i = 0; i < end; i += 4) {
      a = round(a, buffer[i]);
      b = round(b, buffer[i + 1]);
      c = round(c, buffer[i + 2]);
      d = round(d, buffer[i + 3]);
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    const rest = this.used - end;
    for (let k = 0; k < rest; k++) buffer[k] = buffer[end + k];
    this.used = rest;
    this.mixed += end;
  }

  /** Writes a number's two words at `at`; the caller made room. */
  private put(at: number, x: number): void {
    // -0 and 0 are the same value in every event field.
    f64[0] = x === 0 ? 0 : x;
    this.buffer[at] = i32[LOW];
    this.buffer[at + 1] = i32[HIGH];
  }

  number(x: number): void {
    this.room(2);
    this.put(this.used, x);
    this.used += 2;
  }

  /** Its length, then its UTF-16 units two per word. */
  string(s: string): void {
    const n = s.length;
    this.word(n);
    const pairs = n >>> 1;
    for (let p = 0; p < pairs; ) {
      if (this.used === BUFFER_WORDS) this.mix();
      const buffer = this.buffer;
      let at = this.used;
      const stop = Math.min(pairs, p + BUFFER_WORDS - at);
      for (; p < stop; p++) buffer[at++] = s.charCodeAt(2 * p) | (s.charCodeAt(2 * p + 1) << 16);
      this.used = at;
    }
    if ((n & 1) !== 0) this.word(s.charCodeAt(n - 1));
  }

  /**
   * A string that recurs in a run: its symbol number, or at its first occurrence the string. Returns
   * the symbol's number, or -1 when the table is full and the string was hashed plain.
   */
  private symbol(s: string): number {
    const known = this.symbols.get(s);
    if (known !== undefined) {
      this.word(SYMBOL_REF + known);
      return known;
    }
    if (this.symbols.size < MAX_SYMBOLS) {
      const number = this.symbols.size;
      this.symbols.set(s, number);
      this.word(SYMBOL_NEW);
      this.string(s);
      return number;
    }
    this.string(s);
    return -1;
  }

  /** An id: its 128 bits when it is 32 lowercase hex characters, else the plain string. */
  private id(s: string): void {
    if (s.length === 32) {
      this.room(5);
      const buffer = this.buffer;
      const at = this.used;
      let bad = 0;
      for (let w = 0; w < 4; w++) {
        let x = 0;
        for (let i = w * 8; i < w * 8 + 8; i++) {
          const c = s.charCodeAt(i);
          const v = c < 128 ? HEX_VALUE[c] : -1;
          bad |= v;
          x = (x << 4) | (v & 15);
        }
        buffer[at + 1 + w] = x;
      }
      if (bad >= 0) {
        buffer[at] = HEX_ID;
        this.used = at + 5;
        return;
      }
    }
    this.string(s);
  }

  /** A string value: ids as ids, short strings as symbols, the rest plain. Returns the symbol's number, or -1 when it was not hashed as one. */
  private text(s: string): number {
    if (s.length === 32) this.id(s);
    else if (s.length <= MAX_SYMBOL_VALUE_LENGTH) return this.symbol(s);
    else this.string(s);
    return -1;
  }

  /** Any JSON value; `undefined` object members are skipped, as JSON.stringify does. */
  value(v: unknown): void {
    this.shaped(v, undefined);
  }

  /**
   * `value(v)`, with what the last value hashed at the same place in an event of the same type
   * looked like (`shape`; undefined: none kept). Each key, and each short string value, that is the
   * same string as last time is written as the symbol number it got then: the words are exactly
   * those `symbol()` writes, without its table lookup, which took about a third of the run hash
   * (payloads of one type repeat their keys, accounts, sides and instruments event after event).
   */
  private shaped(v: unknown, shape: Shape | undefined): void {
    switch (typeof v) {
      case 'number':
        this.room(3);
        this.buffer[this.used] = TAG_NUMBER;
        this.put(this.used + 1, v);
        this.used += 3;
        return;
      case 'string':
        this.word(TAG_STRING);
        this.text(v);
        return;
      case 'boolean':
        this.word(v ? TAG_TRUE : TAG_FALSE);
        return;
      case 'object':
        if (v === null) {
          this.word(TAG_NULL);
        } else if (Array.isArray(v)) {
          this.word(TAG_ARRAY);
          this.word(v.length);
          // The elements of an array (the targets of an intent) share one shape.
          const elements = shape?.child(0);
          for (let i = 0; i < v.length; i++) this.shaped(v[i], elements);
        } else if (shape === undefined) {
          this.word(TAG_OBJECT);
          const record = v as Record<string, unknown>;
          for (const key in record) {
            const member = record[key];
            if (member === undefined) continue;
            this.symbol(key);
            this.value(member);
          }
          this.word(TAG_END);
        } else {
          this.object(v as Record<string, unknown>, shape);
        }
        return;
      default:
        throw new TypeError(`RunHasher: cannot hash a ${typeof v} (events are JSON)`);
    }
  }

  /**
   * A whole event: id, type, version, time, source and payload. `cause` and `corr` are left out
   * because the id already commits to them (a derived id hashes its cause's id, and the correlation
   * is the cause's correlation or the cause itself); `run` is fixed for a run and hashed once
   * (`candleSeries`).
   */
  event(e: Envelope): void {
    this.word(TAG_EVENT);
    this.id(e.id);
    const type = this.symbol(e.type);
    this.room(3);
    this.buffer[this.used] = e.v;
    this.put(this.used + 1, e.ts);
    this.used += 3;
    this.symbol(e.src);
    this.shaped(e.payload, type < 0 ? undefined : (this.shapes[type] ??= new Shape()));
  }

  /** An object's members as `value` hashes them, reusing the symbol numbers `shape` remembers. */
  private object(record: Record<string, unknown>, shape: Shape): void {
    this.word(TAG_OBJECT);
    const keys = shape.keys;
    let k = 0;
    for (const key in record) {
      const member = record[key];
      if (member === undefined) continue;
      if (keys[k] === key) {
        this.word(SYMBOL_REF + shape.keySymbols[k]);
      } else {
        const number = this.symbol(key);
        // A key hashed plain (table full) has no number to reuse.
        keys[k] = number < 0 ? undefined : key;
        shape.keySymbols[k] = number;
      }
      if (typeof member === 'string') {
        this.word(TAG_STRING);
        if (shape.texts[k] === member) {
          this.word(SYMBOL_REF + shape.textSymbols[k]);
        } else {
          const number = this.text(member);
          shape.texts[k] = number < 0 ? undefined : member;
          shape.textSymbols[k] = number;
        }
      } else {
        this.shaped(member, typeof member === 'object' && member !== null ? shape.child(k) : undefined);
      }
      k++;
    }
    this.word(TAG_END);
  }

  /**
   * A candle of a known series, without its id: the id is a pure function of (venue, symbol, tf,
   * openTime), which the run hashes once (`candleSeries`) and per bar, so leaving it out loses
   * nothing and spares a murmur3 hash per bar. src, run and the tf are fixed per run.
   */
  candle(openTime: number, closeTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    if (this.used + 15 > BUFFER_WORDS) this.mix();
    // put() written out: this runs once per bar, and seven calls cost more than the words.
    const b = this.buffer;
    const at = this.used;
    b[at] = TAG_CANDLE;
    f64[0] = openTime === 0 ? 0 : openTime;
    b[at + 1] = i32[LOW];
    b[at + 2] = i32[HIGH];
    f64[0] = closeTime === 0 ? 0 : closeTime;
    b[at + 3] = i32[LOW];
    b[at + 4] = i32[HIGH];
    f64[0] = open === 0 ? 0 : open;
    b[at + 5] = i32[LOW];
    b[at + 6] = i32[HIGH];
    f64[0] = high === 0 ? 0 : high;
    b[at + 7] = i32[LOW];
    b[at + 8] = i32[HIGH];
    f64[0] = low === 0 ? 0 : low;
    b[at + 9] = i32[LOW];
    b[at + 10] = i32[HIGH];
    f64[0] = close === 0 ? 0 : close;
    b[at + 11] = i32[LOW];
    b[at + 12] = i32[HIGH];
    f64[0] = volume === 0 ? 0 : volume;
    b[at + 13] = i32[LOW];
    b[at + 14] = i32[HIGH];
    this.used = at + 15;
  }

  /** The fixed part of the candles `candle()` hashes: venue, symbol, timeframe, src and run. */
  candleSeries(venue: string, symbol: string, tf: string, src: string, run: string): void {
    this.word(TAG_CANDLE);
    this.string(venue);
    this.string(symbol);
    this.string(tf);
    this.string(src);
    this.string(run);
  }

  /** 32 hex characters; the hasher can keep going afterwards. */
  digest(): string {
    const lanes = [this.a, this.b, this.c, this.d];
    for (let i = 0; i < this.used; i++) lanes[i & 3] = round(lanes[i & 3], this.buffer[i]);
    const [a, b, c, d] = lanes;
    const combined = (rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + this.mixed + this.used) | 0;
    return hex(avalanche(a ^ combined)) + hex(avalanche(b ^ combined ^ P3)) + hex(avalanche(c ^ combined ^ P4)) + hex(avalanche(d ^ combined ^ P5));
  }
}

/**
 * What the object last hashed at one place (an event type's payload, or a member of it) looked like:
 * per member position its key and, when it was a short string, its value, each with the symbol
 * number it was hashed as. A run's events of one type mostly repeat both.
 */
class Shape {
  readonly keys: (string | undefined)[] = [];
  readonly keySymbols: number[] = [];
  readonly texts: (string | undefined)[] = [];
  readonly textSymbols: number[] = [];
  private readonly children: (Shape | undefined)[] = [];

  /** The shape of the object or array at member position k. */
  child(k: number): Shape {
    return (this.children[k] ??= new Shape());
  }
}

/** xxHash32's round: one word into one lane. */
function round(lane: number, w: number): number {
  return Math.imul(rotl((lane + Math.imul(w, P2)) | 0, 13), P1);
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function avalanche(h: number): number {
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

function hex(w: number): string {
  return w.toString(16).padStart(8, '0');
}
