import { eventTypeOfSubject, subjects } from '@helios/contracts';
import { SubjectTypes } from './subject-types';

describe('SubjectTypes', () => {
  it('answers like eventTypeOfSubject, the second time from memory', () => {
    const types = new SubjectTypes();
    const candle = subjects.candle('binance', 'BTC-USDT', '1m');
    const fill = subjects.order('fill', 'paper');
    expect(types.typeOf(candle)).toBe('md.candle');
    expect(types.typeOf(candle)).toBe(eventTypeOfSubject(candle));
    expect(types.typeOf(fill)).toBe('order.fill');
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
    expect(() => types.typeOf('weather.today')).toThrow(message);
    expect(() => types.typeOf('weather.today')).toThrow(message);
  });

  it('stays bounded: after 10,000 subjects it starts afresh and still answers right', () => {
    const types = new SubjectTypes();
    for (let i = 0; i < 10_050; i++) expect(types.typeOf(subjects.candle('binance', `S${i}-USDT`, '1m'))).toBe('md.candle');
    expect(types.typeOf(subjects.order('new', 'acct'))).toBe('order.new');
  });
});
