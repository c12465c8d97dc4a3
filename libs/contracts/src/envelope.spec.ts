import { exampleEvent } from './examples';
import { isEvent, validateEnvelope, validateEvent } from './validate';

const brief = (issues: Array<{ path: string; rule: string }>) => issues.map((i) => [i.path, i.rule]);
const withEnvelope = (patch: (e: Record<string, unknown>) => void) => {
  const e = exampleEvent('md.tick') as unknown as Record<string, unknown>;
  patch(e);
  return e;
};

describe('envelope', () => {
  it('accepts a complete envelope, with or without corr and cause', () => {
    expect(validateEnvelope(exampleEvent('md.tick'))).toEqual([]);
    expect(validateEnvelope(withEnvelope((e) => ((e.corr = 'c-1'), (e.cause = 'abc'))))).toEqual([]);
  });

  const cases: Array<[string, (e: Record<string, unknown>) => void, Array<[string, string]>]> = [
    ['no id', (e) => delete e.id, [['/id', 'required']]],
    ['an id with a space', (e) => (e.id = 'a b'), [['/id', 'pattern']]],
    ['an upper-case type', (e) => (e.type = 'MD.TICK'), [['/type', 'pattern']]],
    ['version 0', (e) => (e.v = 0), [['/v', 'minimum']]],
    ['a fractional version', (e) => (e.v = 1.5), [['/v', 'type']]],
    ['a string timestamp', (e) => (e.ts = '2024-01-01'), [['/ts', 'type']]],
    ['a negative timestamp', (e) => (e.ts = -1), [['/ts', 'minimum']]],
    ['a timestamp past the Date range', (e) => (e.ts = 8_640_000_000_000_001), [['/ts', 'maximum']]],
    ['an empty source', (e) => (e.src = ''), [['/src', 'minLength']]],
    ['a run id with a dot', (e) => (e.run = 'bt.1'), [['/run', 'pattern']]],
    ['an empty cause', (e) => (e.cause = ''), [['/cause', 'minLength']]],
    ['no payload', (e) => delete e.payload, [['/payload', 'required']]],
    ['an unknown top-level field', (e) => (e.extra = true), [['/extra', 'additionalProperties']]],
  ];

  it.each(cases)('rejects an envelope with %s', (_name, patch, expected) => {
    expect(brief(validateEnvelope(withEnvelope(patch)))).toEqual(expected);
  });

  it('rejects values that are not objects at the root', () => {
    expect(brief(validateEnvelope([]))).toEqual([['', 'type']]);
    expect(validateEnvelope(null)[0].message).toBe('/: must be object [type]');
  });

  it('validateEvent reports envelope, type, version and payload problems in that order of precedence', () => {
    expect(brief(validateEvent(withEnvelope((e) => delete e.ts)))).toEqual([['/ts', 'required']]);
    expect(brief(validateEvent(withEnvelope((e) => (e.type = 'md.trade'))))).toEqual([['/type', 'knownType']]);
    expect(brief(validateEvent(withEnvelope((e) => (e.v = 2))))).toEqual([['/v', 'knownVersion']]);
    expect(brief(validateEvent(withEnvelope((e) => ((e.payload as Record<string, unknown>).price = -1))))).toEqual([
      ['/payload/price', 'exclusiveMinimum'],
    ]);
    expect(validateEvent(exampleEvent('md.candle', 1))).toEqual([]);
  });

  it('isEvent narrows only valid events at the current version, optionally of one type', () => {
    expect(isEvent(exampleEvent('md.candle'))).toBe(true);
    expect(isEvent(exampleEvent('md.candle'), 'md.candle')).toBe(true);
    expect(isEvent(exampleEvent('md.candle'), 'md.tick')).toBe(false);
    expect(isEvent(exampleEvent('md.candle', 1))).toBe(false);
    expect(isEvent(withEnvelope((e) => ((e.payload as Record<string, unknown>).size = 0)))).toBe(false);
    expect(isEvent('not an event')).toBe(false);
  });
});
