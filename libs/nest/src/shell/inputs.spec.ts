import { registry, subjects, subjectMatches, eventTypeOfSubject, examples, subjectFor, createEvent } from '@helios/contracts';
import { filterOfType, resolveInputs } from './inputs';

describe('input filters', () => {
  it('each event type maps to a filter matching exactly the subjects of that type', () => {
    for (const type of registry.types) {
      const event = createEvent(type, examples[type] as never, { id: 'x', ts: 0, src: 't', run: 'live' });
      const subject = subjectFor(event);
      expect([type, subjectMatches(filterOfType(type), subject)]).toEqual([type, true]);
      for (const other of registry.types) {
        if (other !== type) expect([type, other, subjectMatches(filterOfType(other), subject)]).toEqual([type, other, false]);
      }
      expect(eventTypeOfSubject(subject)).toBe(type);
    }
  });

  it('groups event types and subject filters by stream, in order of appearance', () => {
    expect(resolveInputs(['order.new', 'md.candle', { filter: 'md.tick.binance.*' }, 'order.fill'], 'svc')).toEqual([
      { stream: 'ORDER', filters: ['order.new.*', 'order.fill.*'] },
      { stream: 'MD', filters: ['md.candle.*.*.*', 'md.tick.binance.*'] },
    ]);
    expect(resolveInputs([{ filter: subjects.riskHalt() }], 'svc')).toEqual([{ stream: 'RISK', filters: ['risk.halt'] }]);
  });

  it('names the input that is wrong', () => {
    expect(() => resolveInputs([], 'svc')).toThrow('svc: inputs must be a non-empty array');
    expect(() => resolveInputs(['md.weather' as never], 'svc')).toThrow('svc: inputs[0]: "md.weather" is not an event type');
    expect(() => resolveInputs(['md.candle', { filter: 'risk.>' }], 'svc')).toThrow(/svc: inputs\[1\]: filter "risk\.>" must lie inside exactly one stream/);
    expect(() => resolveInputs([{ filter: 'md..x' }], 'svc')).toThrow(/svc: inputs\[0\]/);
    expect(() => resolveInputs(['md.candle', { filter: 'md.candle.*.*.*' }], 'svc')).toThrow('svc: inputs[1]: filter md.candle.*.*.* is listed twice');
  });
});
