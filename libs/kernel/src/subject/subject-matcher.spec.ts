import { compileSubjectMatcher } from './subject-matcher';

describe('compileSubjectMatcher', () => {
  it('matches a subject when any filter matches it, and gives the same answer on repeated calls', () => {
    const match = compileSubjectMatcher(['md.candle.*.BTC-USDT.>', 'md.tick.binance.*']);
    const cases: [string, boolean][] = [
      ['md.candle.binance.BTC-USDT.1m', true],
      ['md.candle.kraken.BTC-USDT.1h', true],
      ['md.candle.binance.ETH-USDT.1m', false],
      ['md.tick.binance.ETH-USDT', true],
      ['md.tick.kraken.ETH-USDT', false],
      ['md.candle.binance.BTC-USDT', false],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [subject, expected] of cases) expect([subject, match(subject)]).toEqual([subject, expected]);
    }
  });

  it('answers true for everything when the filters cover the whole stream', () => {
    const match = compileSubjectMatcher(['risk.approved.>', 'risk.rejected.>', 'risk.halt'], ['risk.approved.>', 'risk.rejected.>', 'risk.halt']);
    expect(match('risk.halt')).toBe(true);
    expect(match('risk.approved.s1')).toBe(true);
  });

  it('only covers the stream if every stream filter is inside some consumer filter', () => {
    const match = compileSubjectMatcher(['risk.approved.>', 'risk.halt'], ['risk.approved.>', 'risk.rejected.>', 'risk.halt']);
    expect(match('risk.rejected.s1')).toBe(false);
    expect(match('risk.approved.s1')).toBe(true);
  });

  it('rejects an empty filter list and malformed filters', () => {
    expect(() => compileSubjectMatcher([])).toThrow('compileSubjectMatcher: at least one filter is required');
    expect(() => compileSubjectMatcher(['md.>.x'])).toThrow('subject filter "md.>.x": ">" is only allowed as the last token');
  });
});
