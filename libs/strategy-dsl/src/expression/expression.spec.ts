import { ExpressionError } from './expression-error';
import { expressionFunctions } from './functions';
import { GraphBuilder } from './graph-builder';
import { printExpression } from './print-expression';

function build(source: string, declared?: string[]) {
  const builder = new GraphBuilder(declared ? new Set(declared) : undefined);
  const out = builder.addExpression(source);
  return { nodes: builder.nodes, out, printed: printExpression({ nodes: builder.nodes }, out.ref) };
}

function errorOf(source: string, declared: string[] = []): ExpressionError {
  try {
    new GraphBuilder(new Set(declared)).addExpression(source, 'entry expression');
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`no error for ${source}`);
}

describe('expression -> graph', () => {
  it('compiles the sma-cross + RSI filter into one node per distinct subexpression', () => {
    const { nodes, out } = build('crossUp(sma(close,10), sma(close,30)) and rsi(close,14) < 70');
    expect(out).toEqual({ ref: 'and1', type: 'boolean' });
    expect(nodes).toEqual([
      { id: 'close', kind: 'price', field: 'close' },
      { id: 'sma1', kind: 'indicator', indicator: 'sma', params: { period: 10 }, inputs: { source: 'close' } },
      { id: 'sma2', kind: 'indicator', indicator: 'sma', params: { period: 30 }, inputs: { source: 'close' } },
      { id: 'crossUp1', kind: 'cross', direction: 'up', inputs: { a: 'sma1', b: 'sma2' } },
      { id: 'rsi1', kind: 'indicator', indicator: 'rsi', params: { period: 14 }, inputs: { source: 'close' } },
      { id: 'const1', kind: 'constant', value: 70 },
      { id: 'lt1', kind: 'compare', op: 'lt', inputs: { a: 'rsi1', b: 'const1' } },
      { id: 'and1', kind: 'logic', op: 'and', inputs: { a: 'crossUp1', b: 'lt1' } },
    ]);
  });

  it('reads multi-output ports, their aliases, defaults, $parameters and the ML input', () => {
    const { nodes, out, printed } = build("macd(close, 12, 26, 9).signal > bbands(close, $n, 2).up and ml('trend') > $level", ['n', 'level']);
    expect(out.type).toBe('boolean');
    expect(nodes.filter((n) => n.kind === 'indicator')).toEqual([
      { id: 'macd1', kind: 'indicator', indicator: 'macd', params: { fast: 12, slow: 26, signal: 9 }, inputs: { source: 'close' } },
      { id: 'bbands1', kind: 'indicator', indicator: 'bbands', params: { period: '$n', multiplier: 2 }, inputs: { source: 'close' } },
    ]);
    expect(nodes.find((n) => n.kind === 'ml')).toEqual({ id: 'ml1', kind: 'ml', model: 'trend' });
    expect(nodes.find((n) => n.id === 'p_level')).toEqual({ id: 'p_level', kind: 'constant', value: '$level' });
    expect(printed).toBe("macd(close, 12, 26, 9).signal > bbands(close, $n, 2).upper and ml('trend') > $level");
    expect(build('rsi(close) + vwap() - vwap(20) + atr()').printed).toBe('rsi(close, 14) + vwap() - vwap(20) + atr(14)');
  });

  it('binds operators by precedence: or < and < not < comparison < + - < * / < unary minus', () => {
    const { nodes } = build('not close > 1 and high < 2 or low > 3 * -volume + 1');
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(byId['or1']).toMatchObject({ inputs: { a: 'and1', b: 'gt2' } });
    expect(byId['and1']).toMatchObject({ inputs: { a: 'not1', b: 'lt1' } });
    expect(byId['not1']).toMatchObject({ inputs: { a: 'gt1' } });
    expect(byId['gt2']).toMatchObject({ inputs: { a: 'low', b: 'add1' } });
    // `1` is used twice and is one node.
    expect(byId['add1']).toMatchObject({ inputs: { a: 'mul1', b: 'const1' } });
    expect(byId['mul1']).toMatchObject({ inputs: { a: 'const3', b: 'neg1' } });
  });

  it('treats - directly before a number as a negative literal, and keeps other negations', () => {
    expect(build('-5').nodes).toEqual([{ id: 'const1', kind: 'constant', value: -5 }]);
    expect(build('-(5)').nodes).toEqual([
      { id: 'const1', kind: 'constant', value: 5 },
      { id: 'neg1', kind: 'arith', op: 'neg', inputs: { a: 'const1' } },
    ]);
    expect(build('--5').nodes).toEqual([
      { id: 'const1', kind: 'constant', value: -5 },
      { id: 'neg1', kind: 'arith', op: 'neg', inputs: { a: 'const1' } },
    ]);
  });

  it('reads comments, several lines and every number form', () => {
    const { printed } = build('close > 1.5e3 # a comment\n  and close < .25 # another\n  or volume >= 2E-2');
    expect(printed).toBe('close > 1500 and close < 0.25 or volume >= 0.02');
  });

  it('merges equal subexpressions into one node', () => {
    const { nodes } = build('sma(close, 10) > sma(close, 10) or sma(close, 10) < lag(sma(close, 10))');
    expect(nodes.filter((n) => n.kind === 'indicator')).toHaveLength(1);
  });
});

describe('graph -> expression -> graph round trips', () => {
  const canonical = [
    'crossUp(sma(close, 10), sma(close, 30)) and rsi(close, 14) < 70',
    'close - (open - low)',
    'close - open - low',
    'close + (open + low)',
    '(close + open) * 2 / (high - low)',
    'close / (high * low)',
    '-close * 2',
    '-(close * 2)',
    '-(5) + -5 - --5',
    'not not close > 1',
    'not (close > 1 and open < 2)',
    'close > 1 and (open < 2 or high > 3)',
    'close > 1 or open < 2 and high > 3',
    'min(close, open) >= max(abs(high - low), 0.001) or typical != median and weighted == volume',
    'above(rsi(close, 14), 70, 5) or below(stoch(14, 3, 3).slowD, 0.2)',
    'crossDown(macd(close, 12, 26, 9).macd, macd(close, 12, 26, 9).signal) or adx(14).diPlus > adx(14).diMinus',
    'close > lag(donchian(20).upper, 1) and cci(20, 0.015) > 100 and zscore(close, 20) < -2',
    'wma(ema(rma(close, 3), 5), 7) > stddev(close, 20) + truerange() + obv() + bbands(close, 20, 2).pctB',
    'ml() * $scale > 0.5',
    '-0 < close',
  ];

  it.each(canonical)('%s', (source) => {
    const first = build(source, ['scale']);
    expect(first.printed).toBe(source);
    const again = build(first.printed, ['scale']);
    expect(again.nodes).toEqual(first.nodes);
  });

  it('prints non-canonical input in the canonical form (spacing, parentheses, defaults, aliases)', () => {
    expect(build('((close))>(open)').printed).toBe('close > open');
    expect(build('bbands(close).up < bbands(close).mid').printed).toBe('bbands(close, 20, 2).upper < bbands(close, 20, 2).middle');
    expect(build('(close * 2) + 1').printed).toBe('close * 2 + 1');
    expect(build('lag(close)').printed).toBe('lag(close, 1)');
  });

  it('names the node that cannot be printed', () => {
    expect(() => printExpression({ nodes: [{ id: 't', kind: 'target', inputs: { weight: 'x' } }] }, 't')).toThrow(
      'cannot print node "t": a target node is part of the strategy spec, not of an expression',
    );
    expect(() => printExpression({ nodes: [] }, 'x.value')).toThrow('cannot print "x.value": there is no node "x"');
  });
});

describe('expression errors', () => {
  it.each([
    ['sma(close > 3, 10)', 1, 5, 'the source of sma() needs a number series, got a boolean series', '      ^^^^^^^^^'],
    ['crossUp(sma(close, 10),\n        sma(close, 30) and 1)', 2, 9, '"and" needs a boolean series, got a number series', '          ^^^^^^^^^^^^^^'],
    ['macd(close, 12, 26, 9)', 1, 1, 'macd() has several outputs (macd, signal, histogram); pick one, e.g. macd(...).macd', '  ^^^^^^^^^^^^^^^^^^^^^^'],
    ['macd(close).sig > 0', 1, 13, 'macd() has no output "sig" (outputs: macd, signal, histogram, hist)', '              ^^^'],
    ['rsi(close, 14', 1, 14, 'expected ")" to close the arguments of rsi( (opened at 1:4), found the end', '               ^'],
    ['close < 1 < 2', 1, 11, 'comparisons do not chain: write "a < b and b < c"', '            ^'],
    ['sma(close, 10 + 1)', 1, 12, 'period of sma() must be a number or a $parameter, not an expression', '             ^^^^^^'],
    ['close > $fast', 1, 9, '$fast is not a declared parameter', '          ^^^^^'],
    ['clse > 1', 1, 1, 'unknown name "clse" (prices: open, high, low, close, volume, typical, median, weighted; parameters start with $)', '  ^^^^'],
    ['kama(close, 10)', 1, 1, 'unknown function "kama" (indicators: sma, ema, rma, wma, rsi, macd, bbands, stddev, zscore, truerange, atr, adx, stoch, vwap, donchian, cci, obv; also crossUp, crossDown, above, below, lag, min, max, abs, ml)', '  ^^^^^^^^^^^^^^^'],
    ['crossUp(close)', 1, 1, 'crossUp() takes 2 arguments, got 1: crossUp(a, b)', '  ^^^^^^^^^^^^^^'],
    ['sma > 1', 1, 1, 'sma is a function: call it, e.g. sma(source, period=20)', '  ^^^'],
    ['close > 10abc', 1, 9, 'malformed number "10abc"', '          ^^^^^'],
    ['close @ 1', 1, 7, 'unexpected character "@"', '        ^'],
    ['close > 1 and', 1, 14, 'the expression ends too early', '               ^'],
    ['', 1, 1, 'the expression is empty', '  ^'],
    ['close close', 1, 7, 'unexpected "close" after a complete expression', '        ^^^^^'],
    ["ml(trend)", 1, 4, "the model of ml() is a quoted name, e.g. ml('trend')", '     ^^^^^'],
  ])('%j -> %d:%d %s', (source, line, col, detail, caret) => {
    const error = errorOf(source);
    expect([error.line, error.col, error.detail]).toEqual([line, col, detail]);
    const lineText = source.split('\n')[line - 1];
    expect(error.message).toBe(`entry expression at ${line}:${col}: ${detail}\n  ${lineText}\n${caret}`);
  });
});

describe('expressionFunctions', () => {
  it('lists every indicator and builtin with its signature', () => {
    const docs = expressionFunctions();
    expect(docs).toHaveLength(17 + 9);
    expect(docs.find((d) => d.name === 'macd')?.signature).toBe('macd(source, fast=12, slow=26, signal=9).{macd|signal|histogram}');
    expect(docs.find((d) => d.name === 'vwap')?.signature).toBe('vwap(period?)');
    expect(docs.find((d) => d.name === 'crossUp')?.kind).toBe('builtin');
  });
});
