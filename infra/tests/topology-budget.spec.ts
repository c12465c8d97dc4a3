import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heliosTopology, reservedBytes } from '@helios/nats';

// JetStream refuses a stream whose max_bytes no longer fits the server's max_file_store, so the
// declared retention must fit the configs users run (found when tools/up failed on SYSTEM).
const UNITS: Record<string, number> = { K: 1024, KB: 1024, M: 1024 ** 2, MB: 1024 ** 2, G: 1024 ** 3, GB: 1024 ** 3, T: 1024 ** 4, TB: 1024 ** 4 };

function maxFileStore(file: string): number {
  const text = readFileSync(join(__dirname, '..', 'nats', file), 'utf8');
  const m = text.match(/^\s*max_file_store:\s*(\d+)\s*([KMGT]B?)?\s*$/m);
  if (!m) throw new Error(`${file}: no max_file_store`);
  return Number(m[1]) * (m[2] ? UNITS[m[2]] : 1);
}

describe('stream retention budget', () => {
  it.each(['single.conf', 'cluster/node.conf'])('every stream, bucket and object store together fit the max_file_store of %s', (file) => {
    const limit = maxFileStore(file);
    for (const replicas of [1, 3] as const) {
      const reserved = reservedBytes(heliosTopology({ replicas }));
      expect(reserved).toBeGreaterThan(10 * 1024 ** 3);
      expect(reserved).toBeLessThanOrEqual(limit);
    }
  });

  it('counts every declared stream, KV bucket and object store with a finite cap', () => {
    const topology = heliosTopology({ replicas: 1 });
    expect(topology.streams.every((s) => (s.config.max_bytes ?? -1) > 0)).toBe(true);
    expect(reservedBytes(topology)).toBe(topology.streams.reduce((sum, s) => sum + (s.config.max_bytes as number), 0));
  });
});
