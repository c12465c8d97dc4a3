import { KV_BUCKETS, OBJECT_STORES, STREAMS, STREAM_NAMES } from '@helios/contracts';
import { heliosTopology, MAX_EVENT_BYTES, MAX_SYSTEM_MSG_BYTES, STREAM_RETENTION } from './topology';

const NS_PER_MS = 1_000_000;

describe('heliosTopology', () => {
  const topology = heliosTopology({ replicas: 1 });
  const byName = new Map(topology.streams.map((s) => [s.name, s]));

  it('has one stream per contracts stream with exactly its subjects, plus every KV bucket and the object store', () => {
    expect(topology.streams.map((s) => s.name)).toEqual([
      ...STREAM_NAMES,
      ...Object.values(KV_BUCKETS).map((b) => `KV_${b}`),
      ...Object.values(OBJECT_STORES).map((b) => `OBJ_${b}`),
    ]);
    for (const name of STREAM_NAMES) expect(byName.get(name)?.config.subjects).toEqual([...STREAMS[name]]);
  });

  it('stores every stream in files, with limits and a duplicate window no longer than max_age', () => {
    for (const name of STREAM_NAMES) {
      const c = byName.get(name)?.config;
      const maxMsgSize = name === 'SYSTEM' ? MAX_SYSTEM_MSG_BYTES : MAX_EVENT_BYTES;
      expect(c).toMatchObject({ storage: 'file', retention: 'limits', discard: 'old', num_replicas: 1, max_msg_size: maxMsgSize });
      expect(c?.max_age).toBe(STREAM_RETENTION[name].maxAgeMs * NS_PER_MS);
      expect(c?.max_bytes).toBeGreaterThan(0);
      expect(c?.duplicate_window).toBeGreaterThan(0);
      expect(c?.duplicate_window).toBeLessThanOrEqual(c?.max_age ?? 0);
    }
  });

  it('compresses the large streams with s2 and leaves the order path uncompressed', () => {
    const compressed = STREAM_NAMES.filter((n) => byName.get(n)?.config.compression === 's2');
    expect(compressed).toEqual(['MD', 'INDICATOR', 'SYSTEM', 'BT']);
    expect(byName.get('ORDER')?.config.compression).toBe('none');
  });

  it('turns on per-key TTL for leases, history for config and a short max age for health', () => {
    expect(byName.get('KV_helios-leases')?.config).toMatchObject({ allow_msg_ttl: true, subject_delete_marker_ttl: 60_000 * NS_PER_MS, max_msgs_per_subject: 1 });
    expect(byName.get('KV_helios-config')?.config).toMatchObject({ max_msgs_per_subject: 16, max_age: 0 });
    expect(byName.get('KV_helios-health')?.config).toMatchObject({ max_age: 30_000 * NS_PER_MS });
    expect(byName.get('KV_helios-health')?.config.allow_msg_ttl).toBeUndefined();
  });

  it('applies the replicas parameter to every stream, bucket and store', () => {
    const r3 = heliosTopology({ replicas: 3 });
    expect(new Set(r3.streams.map((s) => s.config.num_replicas))).toEqual(new Set([3]));
  });

  it('refuses replicas other than 1 or 3', () => {
    expect(() => heliosTopology({ replicas: 2 as never })).toThrow('replicas must be 1 (one server) or 3 (a 3-node cluster), got 2');
  });
});
