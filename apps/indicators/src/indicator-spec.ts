import { BollingerBands, EMA, MACD, RSI, SMA } from '@helios/indicators';

/** One configured indicator: `sma:20`, `ema:20`, `rsi:14`, `macd:12:26:9`, `bbands:20:2`. */
export interface IndicatorSpec {
  /** The configuration text, e.g. `macd:12:26:9`. */
  readonly key: string;
  readonly name: 'sma' | 'ema' | 'rsi' | 'macd' | 'bbands';
  /** Implementation version: the `v<k>` token of the subject. */
  readonly version: 1;
  readonly params: Readonly<Record<string, number>>;
  /** A fresh streaming instance fed closes; returns the named values, NaN while warming up. */
  create(): (close: number) => Record<string, number>;
}

const PARAMS: Record<IndicatorSpec['name'], readonly string[]> = {
  sma: ['period'],
  ema: ['period'],
  rsi: ['period'],
  macd: ['fast', 'slow', 'signal'],
  bbands: ['period', 'multiplier'],
};

function factory(name: IndicatorSpec['name'], p: readonly number[]): () => (close: number) => Record<string, number> {
  switch (name) {
    case 'sma':
      return () => {
        const i = new SMA(p[0]);
        return (x) => ({ value: i.next(x) });
      };
    case 'ema':
      return () => {
        const i = new EMA(p[0]);
        return (x) => ({ value: i.next(x) });
      };
    case 'rsi':
      return () => {
        const i = new RSI(p[0]);
        return (x) => ({ value: i.next(x) });
      };
    case 'macd':
      return () => {
        const i = new MACD(p[0], p[1], p[2]);
        return (x) => ({ ...i.next(x) });
      };
    case 'bbands':
      return () => {
        const i = new BollingerBands(p[0], p[1]);
        return (x) => ({ ...i.next(x) });
      };
  }
}

/** Parses `name:param:...`; throws naming the entry and what is wrong (bad periods fail in the indicator's constructor). */
export function parseIndicatorSpec(text: string): IndicatorSpec {
  const [name, ...rest] = String(text).split(':');
  if (!Object.hasOwn(PARAMS, name)) throw new Error(`indicator ${JSON.stringify(text)}: unknown name ${JSON.stringify(name)} (known: ${Object.keys(PARAMS).join(', ')})`);
  const names = PARAMS[name as IndicatorSpec['name']];
  if (rest.length !== names.length) throw new Error(`indicator ${JSON.stringify(text)}: ${name} takes ${names.length} parameter(s) (${name}:${names.join(':')}), got ${rest.length}`);
  const values = rest.map((v, k) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`indicator ${JSON.stringify(text)}: ${names[k]} ${JSON.stringify(v)} is not a number`);
    return n;
  });
  const create = factory(name as IndicatorSpec['name'], values);
  create(); // validates the parameters now, with the indicator's own message
  return {
    key: text,
    name: name as IndicatorSpec['name'],
    version: 1,
    params: Object.fromEntries(names.map((n, k) => [n, values[k]])),
    create,
  };
}
