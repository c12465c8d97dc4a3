import type { Envelope } from '@helios/contracts';

// xxHash32's primes and round function; four lanes take the words in turn, like xxHash32's stripes.
const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f | 0;
const P5 = 0x165667b1 | 0;

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

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

/**
 * The run hash: a streaming hash over every event of a run in bus order, so two runs agree exactly
 * when they produced the same events in the same order. Events are encoded into 32-bit words
 * (numbers as their IEEE-754 bits, strings as UTF-16 units, objects as tagged key/value sequences in
 * key order) and mixed with xxHash32's round into four lanes, then finalised into 128 bits.
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
  private lane = 0;
  private words = 0;

  word(w: number): void {
    const x = Math.imul(w | 0, P2);
    switch (this.lane) {
      case 0:
        this.a = Math.imul(rotl((this.a + x) | 0, 13), P1);
        break;
      case 1:
        this.b = Math.imul(rotl((this.b + x) | 0, 13), P1);
        break;
      case 2:
        this.c = Math.imul(rotl((this.c + x) | 0, 13), P1);
        break;
      default:
        this.d = Math.imul(rotl((this.d + x) | 0, 13), P1);
    }
    this.lane = (this.lane + 1) & 3;
    this.words++;
  }

  number(x: number): void {
    // -0 and 0 are the same value in every event field.
    f64[0] = x === 0 ? 0 : x;
    this.word(i32[0]);
    this.word(i32[1]);
  }

  string(s: string): void {
    const n = s.length;
    this.word(n);
    let i = 0;
    for (; i + 1 < n; i += 2) this.word(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
    if (i < n) this.word(s.charCodeAt(i));
  }

  /** Any JSON value; `undefined` object members are skipped, as JSON.stringify does. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.word(TAG_NUMBER);
        this.number(v);
        return;
      case 'string':
        this.word(TAG_STRING);
        this.string(v);
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
          for (let i = 0; i < v.length; i++) this.value(v[i]);
        } else {
          this.word(TAG_OBJECT);
          const record = v as Record<string, unknown>;
          for (const key in record) {
            const member = record[key];
            if (member === undefined) continue;
            this.string(key);
            this.value(member);
          }
          this.word(TAG_END);
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
   * (`candleSeries`). Saves three strings per event on the hot path.
   */
  event(e: Envelope): void {
    this.word(TAG_EVENT);
    this.string(e.id);
    this.string(e.type);
    this.word(e.v);
    this.number(e.ts);
    this.string(e.src);
    this.value(e.payload);
  }

  /**
   * A candle of a known series, without its id: the id is a pure function of (venue, symbol, tf,
   * openTime), which the run hashes once (`candleSeries`) and per bar, so leaving it out loses
   * nothing and spares a murmur3 hash per bar. src, run and the tf are fixed per run.
   */
  candle(openTime: number, closeTime: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.word(TAG_CANDLE);
    this.number(openTime);
    this.number(closeTime);
    this.number(open);
    this.number(high);
    this.number(low);
    this.number(close);
    this.number(volume);
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
    const combined = (rotl(this.a, 1) + rotl(this.b, 7) + rotl(this.c, 12) + rotl(this.d, 18) + this.words) | 0;
    return hex(avalanche(this.a ^ combined)) + hex(avalanche(this.b ^ combined ^ P3)) + hex(avalanche(this.c ^ combined ^ P4)) + hex(avalanche(this.d ^ combined ^ P5));
  }
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
