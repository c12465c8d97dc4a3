import { UsageError } from '@helios/nest';
import { parseGateArgs } from './gate-args';
import { limitsOfEntry } from './limits';

const entry = (operation: 'PUT' | 'DEL' | 'PURGE', revision: number, text = '') => ({ operation, revision, string: () => text });

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
