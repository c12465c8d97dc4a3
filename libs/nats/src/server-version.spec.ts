import { assertServerSupported, compareVersions, MIN_SERVER_VERSION, parseServerVersion, UnsupportedServerError } from './server-version';

describe('server version check', () => {
  it('parses MAJOR.MINOR.PATCH with an optional v and suffix', () => {
    expect(parseServerVersion('2.15.1')).toEqual({ major: 2, minor: 15, patch: 1 });
    expect(parseServerVersion('v2.11.0-RC.3')).toEqual({ major: 2, minor: 11, patch: 0 });
    expect(() => parseServerVersion('latest')).toThrow('"latest" is not of the form MAJOR.MINOR.PATCH');
  });

  it('orders versions numerically, not as text', () => {
    expect(compareVersions(parseServerVersion('2.9.25'), parseServerVersion('2.11.0'))).toBeLessThan(0);
    expect(compareVersions(parseServerVersion('2.11.0'), parseServerVersion('2.11.0'))).toBe(0);
    expect(compareVersions(parseServerVersion('3.0.0'), parseServerVersion('2.99.99'))).toBeGreaterThan(0);
  });

  it('accepts 2.11.0 and newer with JetStream', () => {
    expect(MIN_SERVER_VERSION).toBe('2.11.0');
    expect(() => assertServerSupported({ version: '2.11.0', jetstream: true })).not.toThrow();
    expect(() => assertServerSupported({ version: '2.15.1', jetstream: true })).not.toThrow();
  });

  it('refuses an older server, naming its version, the minimum and the server', () => {
    const check = () => assertServerSupported({ version: '2.10.29', jetstream: true, server_name: 'laptop-a' });
    expect(check).toThrow(UnsupportedServerError);
    expect(check).toThrow('nats-server (laptop-a) is version 2.10.29; Helios needs >= 2.11.0');
    expect(() => assertServerSupported({ version: '2.9.25', jetstream: true })).toThrow('is version 2.9.25');
  });

  it('refuses a server without JetStream or without a reported version', () => {
    expect(() => assertServerSupported({ version: '2.15.1', jetstream: false })).toThrow('runs without JetStream');
    expect(() => assertServerSupported({})).toThrow('did not report its version');
    expect(() => assertServerSupported(undefined)).toThrow('did not report its version');
  });
});
