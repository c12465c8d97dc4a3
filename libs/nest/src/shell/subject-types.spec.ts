import * as contracts from '@helios/contracts';
import { eventTypeOfSubject, subjects } from '@helios/contracts';
import { SubjectTypes } from './subject-types';

// Counted, so the tests can tell an answer from memory from a parse.
jest.mock('@helios/contracts', () => {
  const actual = jest.requireActual<typeof import('@helios/contracts')>('@helios/contracts');
  return { ...actual, eventTypeOfSubject: jest.fn(actual.eventTypeOfSubject) };
});
const parse = contracts.eventTypeOfSubject as jest.MockedFunction<typeof contracts.eventTypeOfSubject>;

beforeEach(() => parse.mockClear());

describe('SubjectTypes', () => {
  it('answers like eventTypeOfSubject, the second time from memory', () => {
    const types = new SubjectTypes();
    const candle = subjects.candle('binance', 'BTC-USDT', '1m');
    const fill = subjects.order('fill', 'paper');
    expect(types.typeOf(candle)).toBe('md.candle');
    expect(types.typeOf(candle)).toBe(eventTypeOfSubject(candle));
    expect(types.typeOf(fill)).toBe('order.fill');
    // Two subjects parsed once each by the cache, plus the direct call above.
    expect(parse.mock.calls.map(([s]) => s)).toEqual([candle, candle, fill]);
  });

  it('throws like eventTypeOfSubject for a subject that is not a Helios subject, every time', () => {
    const types = new SubjectTypes();
    expect(() => eventTypeOfSubject('weather.today')).toThrow();
    const message = (() => {
      try {
        eventTypeOfSubject('weather.today');
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    parse.mockClear();
    expect(() => types.typeOf('weather.today')).toThrow(message);
    expect(() => types.typeOf('weather.today')).toThrow(message);
    // Not kept: parsed (and refused) again each time.
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('stays bounded: after 10,000 subjects it starts afresh and still answers right', () => {
    const types = new SubjectTypes();
    const first = subjects.candle('binance', 'S0-USDT', '1m');
    for (let i = 0; i < 10_000; i++) expect(types.typeOf(subjects.candle('binance', `S${i}-USDT`, '1m'))).toBe('md.candle');
    parse.mockClear();
    expect(types.typeOf(first)).toBe('md.candle');
    expect(parse).not.toHaveBeenCalled(); // 10,000 entries: still remembered
    // The 10,001st subject empties the memory first, so the first subject is parsed again.
    expect(types.typeOf(subjects.order('new', 'acct'))).toBe('order.new');
    expect(types.typeOf(first)).toBe('md.candle');
    expect(parse.mock.calls.map(([s]) => s)).toEqual([subjects.order('new', 'acct'), first]);
  });
});
