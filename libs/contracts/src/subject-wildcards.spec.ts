import { filterIsSubsetOf, filtersOverlap, subjectMatches } from './subject-wildcards';

describe('subjectMatches', () => {
  it.each([
    ['md.candle.binance.BTC-USDT.1m', 'md.candle.binance.BTC-USDT.1m', true],
    ['md.candle.binance.BTC-USDT.1m', 'md.candle.binance.BTC-USDT.5m', false],
    ['md.candle', 'md.candle.binance', false],
    ['md.candle.binance', 'md.candle', false],
    ['md.*', 'md.candle', true],
    ['md.*', 'md.candle.binance', false],
    ['*', 'md', true],
    ['*', 'md.candle', false],
    ['md.*.binance', 'md.candle.binance', true],
    ['md.*.binance', 'md.tick.kraken', false],
    ['md.>', 'md', false],
    ['md.>', 'md.candle', true],
    ['md.>', 'md.candle.binance.BTC-USDT.1m', true],
    ['md.>', 'mdx.candle', false],
    ['>', 'md', true],
    ['>', 'md.candle.binance', true],
    ['*.candle.>', 'md.candle.binance.ETH-USDT.1h', true],
    ['*.candle.>', 'md.candle', false],
    ['*.*', 'risk.halt', true],
    ['risk.halt', 'risk.halted', false],
  ])('filter %s vs subject %s -> %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });

  it('rejects malformed filters and subjects with the argument and the problem named', () => {
    expect(() => subjectMatches('md.>.x', 'md.a.x')).toThrow('subjectMatches: filter "md.>.x": ">" is only allowed as the last token');
    expect(() => subjectMatches('md..x', 'md.a.x')).toThrow('subjectMatches: filter "md..x" has an empty token at position 2');
    expect(() => subjectMatches('', 'md')).toThrow('subjectMatches: filter must be a non-empty string, got ""');
    expect(() => subjectMatches('md.>', 'md.*')).toThrow('subjectMatches: subject "md.*" contains the wildcard "*"');
    expect(() => subjectMatches('md.>', 'md.a b')).toThrow('subjectMatches: subject "md.a b" contains whitespace');
    expect(() => subjectMatches('md.>', 'md.')).toThrow('subjectMatches: subject "md." has an empty token at position 2');
  });
});

describe('filterIsSubsetOf', () => {
  it.each([
    ['md.candle.>', 'md.>', true],
    ['md.>', 'md.>', true],
    ['md.>', 'md.candle.>', false],
    ['md.*', 'md.>', true],
    ['md.*.x', 'md.*.*', true],
    ['md.*.*', 'md.*.x', false],
    ['md', 'md.>', false],
    ['md.candle', '>', true],
    ['>', 'md.>', false],
    ['risk.halt', 'risk.halt', true],
    ['risk.halt', 'risk.approved.>', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
  ])('%s within %s -> %s', (inner, outer, expected) => {
    expect(filterIsSubsetOf(inner, outer)).toBe(expected);
  });
});

describe('filtersOverlap', () => {
  it.each([
    ['md.>', 'md.candle.x', true],
    ['md.>', 'md', false],
    ['md.>', 'order.>', false],
    ['risk.approved.>', 'risk.halt', false],
    ['risk.*', 'risk.halt', true],
    ['risk.*', 'risk.halt.x', false],
    ['*.halt', 'risk.*', true],
    ['>', 'anything.at.all', true],
    ['a.b', 'a.b', true],
    ['a.b', 'a.c', false],
    ['a.*.c', 'a.b.>', true],
  ])('%s and %s -> %s', (a, b, expected) => {
    expect(filtersOverlap(a, b)).toBe(expected);
    expect(filtersOverlap(b, a)).toBe(expected);
  });
});
