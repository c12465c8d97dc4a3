import { BollingerBands, MACD, RSI, SMA } from '@helios/indicators';
import { parseParamAssignments } from '../graph/params';
import { validateGraph } from '../graph/validate-graph';
import { compileGraph } from '../evaluation/compiler';
import type { BarValues } from '../evaluation/evaluator';
import { graphToSpec } from '../spec/graph-to-spec';
import { Prng } from '../testing/prng';
import { instantiateTemplate, templates } from './registry';

/** A random walk with prices that are not on a grid, long enough for every template to trade. */
function walk(seed: number, count: number): BarValues[] {
  const rng = new Prng(seed);
  const bars: BarValues[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, open * (1 + (rng.next() - 0.5) * 0.04));
    const high = Math.max(open, close) * (1 + rng.next() * 0.01);
    const low = Math.min(open, close) * (1 - rng.next() * 0.01);
    bars.push({ open, high, low, close, volume: 1 + rng.next() * 10 });
  }
  return bars;
}

/** Applies long-only sizing by hand: entry -> 1, exit -> 0, neither or both -> hold. */
function longOnly(bars: readonly BarValues[], signals: (bar: BarValues, i: number) => { entry: boolean; exit: boolean }): number[] {
  let position = 0;
  return bars.map((bar, i) => {
    const { entry, exit } = signals(bar, i);
    if (entry && !exit) position = 1;
    else if (exit && !entry) position = 0;
    return position;
  });
}

function run(name: string, params: Record<string, number>, bars: readonly BarValues[]): number[] {
  const evaluator = compileGraph(instantiateTemplate(name, { params, instruments: ['X'] }).graph).create();
  return bars.map((b) => evaluator.onBar(b));
}

const crossedUp = (a0: number, b0: number, a: number, b: number) => a0 < b0 && a > b;
const value = (x: number | undefined) => x ?? NaN;

describe('templates', () => {
  it('registers the five templates with metadata for a CLI and a palette', () => {
    expect(Object.keys(templates)).toEqual(['sma-cross', 'mean-reversion', 'macd-rsi', 'rsi-reversal', 'donchian-breakout']);
    expect(templates['sma-cross'].params).toEqual([
      { name: 'fast', type: 'integer', default: 10, min: 1, max: 1000, description: 'Fast SMA period (bars).' },
      { name: 'slow', type: 'integer', default: 30, min: 2, max: 1000, description: 'Slow SMA period (bars); must exceed fast.' },
    ]);
    for (const t of Object.values(templates)) {
      expect([t.name, t.description.length > 20, t.rules.length > 80, t.params.length > 0]).toEqual([t.name, true, true, true]);
      for (const p of t.params) expect([t.name, p.name, p.min <= p.default && p.default <= p.max]).toEqual([t.name, p.name, true]);
    }
  });

  it.each(Object.keys(templates))('%s compiles to a valid graph that prints back to its own expressions', (name) => {
    const { graph, spec, params } = instantiateTemplate(name, { instruments: ['BTC-USDT', 'ETH-USDT'], timeframe: '1m' });
    expect(validateGraph(graph)).toEqual([]);
    expect(params).toEqual(Object.fromEntries(templates[name].params.map((p) => [p.name, p.default])));
    expect([spec.instruments, spec.timeframe]).toEqual([['BTC-USDT', 'ETH-USDT'], '1m']);
    const printed = graphToSpec(graph);
    expect([printed.entry, printed.exit, printed.sizing]).toEqual([templates[name].spec.entry, templates[name].spec.exit, { mode: 'long-only', weight: 1 }]);
  });

  it('takes parameters from command-line assignments', () => {
    const { params, graph } = instantiateTemplate('sma-cross', { params: parseParamAssignments(['fast=5', ' slow = 20 ']), instruments: ['X'] });
    expect(params).toEqual({ fast: 5, slow: 20 });
    expect(graph.params).toEqual({
      fast: { type: 'integer', default: 5, min: 1, max: 1000, description: 'Fast SMA period (bars).' },
      slow: { type: 'integer', default: 20, min: 2, max: 1000, description: 'Slow SMA period (bars); must exceed fast.' },
    });
  });

  it('names a bad parameter and its range', () => {
    const attempt = (params: Record<string, number>, name = 'sma-cross') => () => instantiateTemplate(name, { params, instruments: ['X'] });
    expect(attempt({ fast: 0 })).toThrow('invalid parameters of template "sma-cross": parameter "fast": must be an integer in [1, 1000], got 0 [paramRange]');
    expect(attempt({ slow: 2.5 })).toThrow('parameter "slow": must be an integer in [2, 1000], got 2.5 [paramRange]');
    expect(attempt({ fast: 30, slow: 10 })).toThrow('parameter "fast": must be less than "slow" (30 >= 10) [paramRule]');
    expect(attempt({ fats: 5 })).toThrow('parameter "fats": is not a parameter of this strategy (known: fast, slow) [unknownParam]');
    expect(attempt({ multiplier: 20 }, 'mean-reversion')).toThrow('parameter "multiplier": must be a number in [0.1, 10], got 20 [paramRange]');
    expect(attempt({}, 'turtle')).toThrow('unknown strategy template "turtle" (templates: sma-cross, mean-reversion, macd-rsi, rsi-reversal, donchian-breakout)');
    expect(() => instantiateTemplate('sma-cross', { instruments: ['BTC.USDT'] })).toThrow('invalid strategy spec: field "instruments.0": must match pattern');
  });

  it('parseParamAssignments names the malformed assignment', () => {
    expect(() => parseParamAssignments(['fast'])).toThrow('parameter assignment "fast" must look like name=value');
    expect(() => parseParamAssignments(['fast=ten'])).toThrow('parameter assignment "fast=ten": "ten" is not a finite number');
    expect(() => parseParamAssignments(['fast=1', 'fast=2'])).toThrow('parameter "fast" is assigned twice');
  });

  const bars = walk(42, 3000);

  it('sma-cross: all-in on the strict golden cross, flat on the strict death cross', () => {
    const fast = new SMA(7);
    const slow = new SMA(21);
    let f0 = NaN;
    let s0 = NaN;
    const expected = longOnly(bars, (b) => {
      const f = value(fast.update(b.close));
      const s = value(slow.update(b.close));
      const signal = { entry: crossedUp(f0, s0, f, s), exit: crossedUp(s0, f0, s, f) };
      [f0, s0] = [f, s];
      return signal;
    });
    expect(run('sma-cross', { fast: 7, slow: 21 }, bars)).toEqual(expected);
    expect(trades(expected)).toBeGreaterThan(20);
  });

  it('mean-reversion: enter below the lower band, exit above the middle band', () => {
    const bands = new BollingerBands(20, 2);
    const expected = longOnly(bars, (b) => {
      const v = bands.update(b.close);
      return { entry: v !== undefined && b.close < v.lower, exit: v !== undefined && b.close > v.middle };
    });
    expect(run('mean-reversion', {}, bars)).toEqual(expected);
    expect(trades(expected)).toBeGreaterThan(20);
  });

  it('macd-rsi: MACD crosses above its signal while RSI < 70; exit on the bearish cross or RSI > 80', () => {
    const macd = new MACD(12, 26, 9);
    const rsi = new RSI(14);
    let m0 = NaN;
    let s0 = NaN;
    const expected = longOnly(bars, (b) => {
      macd.update(b.close);
      const r = value(rsi.update(b.close));
      const { macd: m, signal: s } = macd.output;
      const signal = { entry: crossedUp(m0, s0, m, s) && r < 70, exit: crossedUp(s0, m0, s, m) || r > 80 };
      [m0, s0] = [m, s];
      return signal;
    });
    expect(run('macd-rsi', {}, bars)).toEqual(expected);
    expect(trades(expected)).toBeGreaterThan(20);
  });

  it('rsi-reversal: enter when RSI crosses up through 30, exit when it crosses down through 70', () => {
    const rsi = new RSI(14);
    let r0 = NaN;
    const expected = longOnly(bars, (b) => {
      const r = value(rsi.update(b.close));
      const signal = { entry: r0 < 30 && r > 30, exit: r0 > 70 && r < 70 };
      r0 = r;
      return signal;
    });
    expect(run('rsi-reversal', {}, bars)).toEqual(expected);
    expect(trades(expected)).toBeGreaterThan(5);
  });

  it('donchian-breakout: enter above the previous N-bar high, exit below the previous M-bar low', () => {
    const expected = longOnly(bars, (b, i) => {
      const previous = (n: number) => bars.slice(Math.max(0, i - n), i);
      const highs = previous(20).map((x) => x.high);
      const lows = previous(10).map((x) => x.low);
      return { entry: highs.length === 20 && b.close > Math.max(...highs), exit: lows.length === 10 && b.close < Math.min(...lows) };
    });
    expect(run('donchian-breakout', {}, bars)).toEqual(expected);
    expect(trades(expected)).toBeGreaterThan(20);
  });
});

function trades(targets: readonly number[]): number {
  return targets.filter((t, i) => i > 0 && t !== targets[i - 1]).length;
}
