import { eventId } from '@helios/contracts';
import { checkHalt, haltEvent, haltOfEntry, sameHalt } from './halt-switch';

const entry = (operation: 'PUT' | 'DEL' | 'PURGE', revision: number, text = '') => ({ operation, revision, string: () => text });

describe('the halt switch', () => {
  it('reads a KV value, treats a deletion as cleared, and names a bad value and where it is', () => {
    expect(haltOfEntry(entry('PUT', 7, '{"halted":true,"reason":"drill","by":"ops"}'))).toEqual({ halted: true, reason: 'drill', by: 'ops' });
    expect(haltOfEntry(entry('DEL', 8)).halted).toBe(false);
    expect(() => haltOfEntry(entry('PUT', 9, '{"halted":"yes"}'))).toThrow(/risk\.halt revision 9: not a valid halt value.*\/halted/);
    expect(() => haltOfEntry(entry('PUT', 10, 'nope'))).toThrow(/revision 10: not JSON/);
    expect(() => checkHalt({ halted: true, reason: '', by: 'x' }, 'setHalt')).toThrow(/^setHalt: .*\/reason/);
  });

  it('derives the event id from the KV revision, and compares switches by what the deciders obey', () => {
    const e = haltEvent({ halted: true, reason: 'r', by: 'b' }, 42, 1_000, 'paper', 'risk-gate');
    expect(e).toMatchObject({ id: eventId('risk.halt', 'kv', 42), type: 'risk.halt', ts: 1_000, run: 'paper', src: 'risk-gate' });
    expect(sameHalt({ halted: false, reason: 'a', by: 'x' }, { halted: false, reason: 'b', by: 'y' })).toBe(true);
    expect(sameHalt({ halted: true, reason: 'a', by: 'x' }, { halted: true, reason: 'b', by: 'x' })).toBe(false);
  });
});
