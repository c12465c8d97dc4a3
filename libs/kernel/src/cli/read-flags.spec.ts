import { readFlags } from './read-flags';

const KNOWN = { '--nats': { value: 'URL' }, '--exit-when-done': {} };
const opts = { fail: (m: string) => new Error(m), unknown: (arg: string, flag: string) => (arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument ${arg}`) };

describe('readFlags', () => {
  it('reads values in both spellings, switches and --help', () => {
    const { given, help } = readFlags(['--nats', 'nats://a:1', '--exit-when-done', '-h'], KNOWN, opts);
    expect([...given]).toEqual([['--nats', 'nats://a:1'], ['--exit-when-done', '']]);
    expect(help).toBe(true);
    expect(readFlags(['--nats=nats://b:2'], KNOWN, opts).given.get('--nats')).toBe('nats://b:2');
  });

  it.each([
    [['--natz', 'x'], 'unknown flag --natz'],
    [['stray'], 'unexpected argument stray'],
    [['--nats', 'a', '--nats', 'b'], '--nats is given twice'],
    [['--exit-when-done=yes'], '--exit-when-done takes no value'],
    [['--nats'], '--nats needs a value (URL)'],
    [['--nats', '--exit-when-done'], '--nats needs a value (URL)'],
    [['--toString', 'x'], 'unknown flag --toString'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => readFlags(argv, KNOWN, opts)).toThrow(message);
  });
});
