import { eventId } from '@helios/contracts';
import { UsageError } from '@helios/nest';
import { parseGateArgs } from './gate-args';
import { checkHalt, haltEvent, haltOfEntry, sameHalt } from './halt';
import { limitsOfEntry } from './limits';

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

describe('the limits key', () => {
  it('versions the limits by their KV revision; a deleted key means no limits', () => {
    expect(limitsOfEntry(entry('PUT', 5, '{"limitsVersion":1,"orderRate":{"maxApprovals":2,"windowMs":10}}'))).toEqual({ limitsVersion: 5, orderRate: { maxApprovals: 2, windowMs: 10 } });
    expect(limitsOfEntry(entry('PURGE', 6))).toEqual({ limitsVersion: 6 });
    expect(() => limitsOfEntry(entry('PUT', 7, '[1]'))).toThrow(/risk\.limits revision 7: the limits must be a JSON object/);
  });
});

describe('risk-gate flags', () => {
  it('adds --candidate and --lease-ttl-ms to the service flags', () => {
    const a = parseGateArgs(['--candidate', 'gate-a', '--instance', 'x', '--lease-ttl-ms=5000'], {}, 1);
    expect([a.candidate, a.instance, a.leaseTtlMs]).toEqual(['gate-a', 'x', 5000]);
    expect(parseGateArgs([], { HELIOS_CANDIDATE: 'env-c' }, 1).candidate).toBe('env-c');
    expect(parseGateArgs([], {}, 77).candidate).toMatch(/-77$/);
    expect(() => parseGateArgs(['--lease-ttl-ms', '1500'], {}, 1)).toThrow(UsageError);
    expect(() => parseGateArgs(['--candidate', 'a b'], {}, 1)).toThrow(/--candidate/);
    expect(() => parseGateArgs(['--bogus', '1'], {}, 1)).toThrow(/unknown flag --bogus/);
  });
});
