import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseServiceArgs, serviceUsage, UsageError } from './service-args';

describe('parseServiceArgs', () => {
  it('has defaults for everything', () => {
    expect(parseServiceArgs([])).toEqual({
      help: false,
      natsUrl: 'nats://127.0.0.1:4222',
      instance: 'main',
      httpPort: 0,
      config: undefined,
      snapshotEvery: undefined,
      maxEventBytes: undefined,
      logLevel: 'info',
      scope: undefined,
      inputScope: undefined,
    });
  });

  it('reads flags in both forms, over the environment', () => {
    const env = { HELIOS_NATS_URL: 'nats://10.0.0.2:4222', HELIOS_INSTANCE: 'from-env', HELIOS_HTTP_PORT: '9100' };
    expect(parseServiceArgs(['--instance=b', '--config', '{"factor":2}', '--snapshot-every', '50', '--max-event-bytes', '8192', '--log-level', 'warn'], env)).toEqual({
      help: false,
      natsUrl: 'nats://10.0.0.2:4222',
      instance: 'b',
      httpPort: 9100,
      config: { factor: 2 },
      snapshotEvery: 50,
      maxEventBytes: 8192,
      logLevel: 'warn',
      scope: undefined,
      inputScope: undefined,
    });
  });

  it('reads a replay run scope and its feed', () => {
    expect(parseServiceArgs(['--scope', 'rp-1', '--input-scope', 'rp-1--portfolio'])).toMatchObject({ scope: 'rp-1', inputScope: 'rp-1--portfolio' });
    expect(parseServiceArgs([], { HELIOS_SCOPE: 'rp-2' })).toMatchObject({ scope: 'rp-2', inputScope: undefined });
  });

  it('reads --config from a file with @path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helios-args-'));
    try {
      writeFileSync(join(dir, 'c.json'), '{"emitEveryBar": true}');
      expect(parseServiceArgs(['--config', `@${join(dir, 'c.json')}`]).config).toEqual({ emitEveryBar: true });
      expect(() => parseServiceArgs(['--config', `@${join(dir, 'missing.json')}`])).toThrow(/--config: cannot read .*missing\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--speed', '2'], 'unknown flag --speed (known: --nats, --instance, --http-port, --config, --snapshot-every, --max-event-bytes, --log-level, --scope, --input-scope, --help)'],
    [['--scope', 'a.b'], '--scope: must be 1-64 letters, digits'],
    [['--input-scope', 'feed'], '--input-scope needs --scope (the run it feeds)'],
    [['extra'], 'unexpected argument "extra": services take flags only'],
    [['--nats'], '--nats needs a value (URL)'],
    [['--instance', '--nats', 'x'], '--instance needs a value (ID)'],
    [['--http-port', '70000'], '--http-port: expected an integer from 0 to 65535, got "70000"'],
    [['--instance', 'a.b'], '--instance: must be 1-64 letters, digits'],
    [['--nats', 'http://x'], '--nats: expected a URL such as nats://127.0.0.1:4222, got "http://x"'],
    [['--config', '{nope'], '--config: not valid JSON'],
    [['--config', '[1]'], '--config: the configuration must be a JSON object'],
    [['--max-event-bytes', '10'], '--max-event-bytes: expected an integer from 256 to 67108864, got "10"'],
    [['--log-level', 'loud'], '--log-level: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [['--instance', 'a', '--instance', 'b'], '--instance is given twice'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseServiceArgs(argv)).toThrow(UsageError);
    expect(() => parseServiceArgs(argv)).toThrow(message);
  });

  it('says which environment variable was wrong', () => {
    expect(() => parseServiceArgs([], { HELIOS_HTTP_PORT: 'x' })).toThrow('--http-port (from HELIOS_HTTP_PORT): expected an integer');
  });

  it('prints a usage text listing every flag', () => {
    const text = serviceUsage('portfolio', 'P&L per strategy');
    expect(text).toMatch(/^usage: portfolio \[flags\]\nP&L per strategy\n/);
    for (const flag of ['--nats', '--instance', '--http-port', '--config', '--snapshot-every', '--max-event-bytes', '--log-level', '--help']) expect(text).toContain(flag);
  });
});
