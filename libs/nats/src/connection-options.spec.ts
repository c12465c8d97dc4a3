import { natsConnectTarget, NatsUrlError, redactNatsUrl } from './connection-options';

const noEnv = {};

describe('natsConnectTarget', () => {
  it('a plain URL: one server, no credentials', () => {
    expect(natsConnectTarget('nats://127.0.0.1:4222', noEnv)).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('a comma-separated list is a cluster: every server, trimmed', () => {
    expect(natsConnectTarget('nats://10.0.0.1:4222, nats://10.0.0.2:4222,nats://10.0.0.3:4222', noEnv)).toEqual({
      servers: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222', 'nats://10.0.0.3:4222'],
    });
  });

  it('a user alone in the URL is a token; it is taken out of the server URL', () => {
    expect(natsConnectTarget('nats://s3cret@10.0.0.1:4222', noEnv)).toEqual({ servers: ['nats://10.0.0.1:4222'], token: 's3cret' });
  });

  it('user:password in the URL, percent-decoded', () => {
    expect(natsConnectTarget('tls://alice:p%40ss%3Aword@host:4222', noEnv)).toEqual({ servers: ['tls://host:4222'], user: 'alice', pass: 'p@ss:word' });
  });

  it('credentials given on one server of a list apply to all; the same on several is fine', () => {
    expect(natsConnectTarget('nats://t@a:4222,nats://b:4222', noEnv)).toEqual({ servers: ['nats://a:4222', 'nats://b:4222'], token: 't' });
    expect(natsConnectTarget('nats://t@a:4222,nats://t@b:4222', noEnv)).toEqual({ servers: ['nats://a:4222', 'nats://b:4222'], token: 't' });
  });

  it('takes HELIOS_NATS_TOKEN, or HELIOS_NATS_USER with HELIOS_NATS_PASSWORD, from the environment', () => {
    expect(natsConnectTarget('nats://a:4222', { HELIOS_NATS_TOKEN: 'env-token' })).toEqual({ servers: ['nats://a:4222'], token: 'env-token' });
    expect(natsConnectTarget('nats://a:4222', { HELIOS_NATS_USER: 'bob', HELIOS_NATS_PASSWORD: 'pw' })).toEqual({ servers: ['nats://a:4222'], user: 'bob', pass: 'pw' });
  });

  it('credentials in the URL win over the environment', () => {
    expect(natsConnectTarget('nats://url-token@a:4222', { HELIOS_NATS_TOKEN: 'env-token' })).toEqual({ servers: ['nats://a:4222'], token: 'url-token' });
  });

  it('refuses an empty entry, different credentials per server and a password without a user, without echoing secrets', () => {
    expect(() => natsConnectTarget('nats://a:4222,,nats://b:4222', noEnv)).toThrow(new NatsUrlError('NATS URL "nats://a:4222,,nats://b:4222": an empty server in the list'));
    expect(() => natsConnectTarget('nats://one@a:4222,nats://two@b:4222', noEnv)).toThrow(
      'NATS URL "nats://***@a:4222,nats://***@b:4222": the servers name different credentials; give them once (or in HELIOS_NATS_TOKEN)',
    );
    expect(() => natsConnectTarget('nats://:pw@a:4222', noEnv)).toThrow('NATS URL "nats://***@a:4222": a password without a user');
    expect(() => natsConnectTarget('nats://%E0%A4%A@a:4222', noEnv)).toThrow('NATS URL "nats://***@a:4222": the token is not valid percent-encoding');
  });
});

describe('redactNatsUrl', () => {
  it('hides credentials of every server and leaves the rest as written', () => {
    expect(redactNatsUrl('nats://tok@a:4222,nats://u:p@b:4222,nats://c:4222')).toBe('nats://***@a:4222,nats://***@b:4222,nats://c:4222');
    expect(redactNatsUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
    expect(redactNatsUrl('tok@host:4222')).toBe('***@host:4222');
  });
});
