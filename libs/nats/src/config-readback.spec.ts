import { assertConfigApplied, compareConfig, ConfigReadBackError, describeMismatch } from './config-readback';

// What a stream was created with, and what a server answered (as read back with stream info).
const wanted = {
  name: 'MD',
  subjects: ['md.>'],
  compression: 's2',
  allow_msg_ttl: true,
  subject_delete_marker_ttl: 60_000_000_000,
  max_age: 1_209_600_000_000_000,
  metadata: { owner: 'helios' },
  description: undefined,
};
const applied = {
  ...wanted,
  description: 'set by someone else',
  retention: 'limits',
  metadata: { owner: 'helios', '_nats.ver': '2.15.1' },
};

describe('config read-back', () => {
  it('finds nothing when the server applied every option (extra server keys are fine)', () => {
    expect(compareConfig('stream MD', wanted, applied)).toEqual([]);
    expect(() => assertConfigApplied('stream MD', wanted, applied)).not.toThrow();
  });

  it('reports an option a server silently ignored (absent from its config)', () => {
    // An older server drops per-message TTL flags it does not know.
    const { allow_msg_ttl: _ttl, subject_delete_marker_ttl: _marker, ...olderServer } = applied;
    expect(compareConfig('stream KV_helios-leases', wanted, olderServer)).toEqual([
      { target: 'stream KV_helios-leases', option: 'allow_msg_ttl', wanted: true, actual: undefined, kind: 'ignored' },
      { target: 'stream KV_helios-leases', option: 'subject_delete_marker_ttl', wanted: 60_000_000_000, actual: undefined, kind: 'ignored' },
    ]);
  });

  it('reports an option a server changed, and compares arrays in order', () => {
    const changed = { ...applied, compression: 'none', subjects: ['md.>', 'extra.>'] };
    expect(compareConfig('stream MD', wanted, changed).map((m) => [m.option, m.kind, m.actual])).toEqual([
      ['subjects', 'changed', ['md.>', 'extra.>']],
      ['compression', 'changed', 'none'],
    ]);
  });

  it('throws one error naming every stream and option that differs', () => {
    const err = (() => {
      try {
        assertConfigApplied('stream MD', wanted, { ...applied, compression: 'none', max_age: 0 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigReadBackError);
    const message = (err as Error).message;
    expect(message).toContain('stream MD: option compression = "s2" was changed by the server to "none"');
    expect(message).toContain('stream MD: option max_age = 1209600000000000 was changed by the server to 0');
    expect((err as ConfigReadBackError).mismatches).toHaveLength(2);
  });

  it('describes an ignored option as such', () => {
    expect(
      describeMismatch({ target: 'consumer MD/x', option: 'backoff', wanted: [1], actual: undefined, kind: 'ignored' }),
    ).toBe('consumer MD/x: option backoff = [1] was ignored by the server (absent from its config)');
  });
});
