import type { KV, KvWatchEntry } from '@nats-io/kv';

export interface KeyWatch {
  /** Stops the watch and waits for the handler of the entry in progress. */
  stop(): Promise<void>;
}

/**
 * Calls `onEntry` for the key's current entry (if any) and every later change, one at a time in
 * revision order. A handler that throws is reported and the watch goes on.
 */
export async function watchKey(kv: KV, key: string, onEntry: (entry: KvWatchEntry) => Promise<void> | void, onError: (err: unknown) => void): Promise<KeyWatch> {
  const watcher = await kv.watch({ key });
  const loop = (async () => {
    try {
      for await (const entry of watcher) {
        try {
          await onEntry(entry);
        } catch (err) {
          onError(err);
        }
      }
    } catch (err) {
      onError(err);
    }
  })();
  return {
    stop: async () => {
      watcher.stop();
      await loop;
    },
  };
}
